package io.yuqing.radar.jobs.topics;

import java.util.List;

/**
 * A term's own baseline: EWMA of its support per window and of the variance around it, over
 * windows older than the last {@code recent.size()}.
 *
 * @param longMean    EWMA of the same supports at the slow rate {@code topics.long-alpha}: the term's
 *                    long-run level, which a quiet stretch of twenty minutes does not wipe out
 *                    (0 in state written before it existed, which reads as "no long-run level")
 * @param lastWindow  index (window end / slide) of the last window the term was seen in; windows
 *                    in between count as zero support
 * @param recent      supports of the newest windows (oldest first, the last one is
 *                    {@code lastWindow}), not yet folded into mean and variance: see
 *                    {@link BurstDetector} for why the baseline lags
 * @param expiryTimer event time of the timer {@link PanedTermWindows} has armed to drop this
 *                    baseline once the term is unseen for {@code topics.term-ttl} of event time
 *                    (0: none armed, as in state written before it existed; the next write arms one)
 * @param slow        the term at the slow time scale ({@code topics.slow-span}, see {@link BurstDetector});
 *                    {@link SlowTally#NONE} in state written before it existed or with that scale off
 */
public record TermBaseline(double mean, double variance, double longMean, long windows, long lastWindow,
                           List<Long> recent, long expiryTimer, SlowTally slow) {
    public TermBaseline {
        recent = recent == null ? List.of() : List.copyOf(recent);
        slow = slow == null ? SlowTally.NONE : slow;
    }

    /**
     * The term's supports at the slow time scale ({@link BurstDetector}'s second test).
     *
     * @param sum       the supports of every window scored, each decayed by e^(-1/span) per slide since
     * @param reference the long-run mean as it was one to two spans ago (before the slowly growing
     *                  story it is to judge could feed it)
     * @param next      the long-run mean at the start of the current span, the next reference
     * @param span      index (window index / span) of the span {@code next} was taken in
     * @param burst     whether the term has burst at the window's own time scale (while its baseline
     *                  lives): then it is a known story, which the slow test must not prolong
     */
    public record SlowTally(double sum, double reference, double next, long span, boolean burst) {
        public static final SlowTally NONE = new SlowTally(0, 0, 0, Long.MIN_VALUE, false);

        SlowTally afterBurst() {
            return new SlowTally(sum, reference, next, span, true);
        }
    }

    /** A baseline with no expiry timer armed. */
    public TermBaseline(double mean, double variance, double longMean, long windows, long lastWindow, List<Long> recent) {
        this(mean, variance, longMean, windows, lastWindow, recent, 0, SlowTally.NONE);
    }

    public TermBaseline(double mean, double variance, double longMean, long windows, long lastWindow, List<Long> recent,
                        SlowTally slow) {
        this(mean, variance, longMean, windows, lastWindow, recent, 0, slow);
    }

    /** A baseline with nothing pending (all windows folded in). */
    public TermBaseline(double mean, double variance, long windows, long lastWindow) {
        this(mean, variance, mean, windows, lastWindow, List.of());
    }

    /** The level a window is compared with: the larger of the recent and the long-run mean. */
    public double reference() {
        return Math.max(mean, longMean);
    }

    public TermBaseline withExpiryTimer(long at) {
        return new TermBaseline(mean, variance, longMean, windows, lastWindow, recent, at, slow);
    }
}
