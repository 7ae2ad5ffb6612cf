package io.yuqing.radar.local.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When and how strongly a planted event happens. Volume follows {@link #intensity}: a logistic
 * rise from the start to the peak, then an exponential fade; it is 0 outside
 * [start, start + rise + fade].
 *
 * @param kind          what happens
 * @param city          where (a city of the lexicon's regions, e.g. "武汉"), or null to let the seed choose
 * @param startOffset   from the generator's start time
 * @param rise          from the first post to the peak
 * @param fade          from the peak to the last post
 * @param peakPerMinute posts per minute of event time at the peak
 */
public record EventPlan(EventKind kind, String city, Duration startOffset, Duration rise, Duration fade,
                        double peakPerMinute) {

    public EventPlan {
        Objects.requireNonNull(kind, "kind");
        if (startOffset.isNegative() || rise.isZero() || rise.isNegative() || fade.isZero() || fade.isNegative()
                || peakPerMinute < 0) {
            throw new IllegalArgumentException("bad event plan " + kind + ": offsets and durations must be positive");
        }
    }

    /** An event of {@code kind} at {@code startOffset}, with a 15-minute rise, 40-minute fade and 90 posts/min peak. */
    public static EventPlan of(EventKind kind, Duration startOffset) {
        return new EventPlan(kind, null, startOffset, Duration.ofMinutes(15), Duration.ofMinutes(40), 90);
    }

    /** The demo's schedule: every kind once, the first 5 minutes in, one more every 12 minutes. */
    public static List<EventPlan> defaults() {
        return staggered(EventKind.values().length, Duration.ofMinutes(5), Duration.ofMinutes(12));
    }

    /** {@code count} events cycling through the kinds, starting at {@code first} and {@code spacing} apart. */
    public static List<EventPlan> staggered(int count, Duration first, Duration spacing) {
        EventKind[] kinds = EventKind.values();
        List<EventPlan> plans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            plans.add(of(kinds[i % kinds.length], first.plus(spacing.multipliedBy(i))));
        }
        return List.copyOf(plans);
    }

    public Duration peakOffset() {
        return startOffset.plus(rise);
    }

    public Duration endOffset() {
        return startOffset.plus(rise).plus(fade);
    }

    /**
     * Share of the peak volume at {@code secondsSinceStart} seconds after the event started: rises
     * along a logistic curve to 1 at the peak, then decays exponentially to about 5 % at the end.
     */
    public double intensity(double secondsSinceStart) {
        double riseS = rise.toMillis() / 1000.0;
        double fadeS = fade.toMillis() / 1000.0;
        if (secondsSinceStart < 0 || secondsSinceStart > riseS + fadeS) {
            return 0;
        }
        if (secondsSinceStart <= riseS) {
            double k = 10.0 / riseS;
            double at0 = logistic(k, -riseS / 2);
            double atPeak = logistic(k, riseS / 2);
            return (logistic(k, secondsSinceStart - riseS / 2) - at0) / (atPeak - at0);
        }
        return Math.exp(-3.0 * (secondsSinceStart - riseS) / fadeS);
    }

    private static double logistic(double k, double x) {
        return 1.0 / (1.0 + Math.exp(-k * x));
    }
}
