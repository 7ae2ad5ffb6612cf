package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Settings;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code radar-local} streams and sets when it runs the demo, in one place, so the offline
 * measurement of the demo (DemoSignalTest) sees exactly the stream and settings a user sees.
 */
public final class DemoFeed {
    /** How much generated history is caught up before the feed goes live. */
    public static final Duration HISTORY = Duration.ofMinutes(40);
    /**
     * Event time per wall second while the history is caught up. The two enrich subtasks drift
     * apart by a few seconds of wall time while they catch up (checkpoints flushing the sinks,
     * garbage collection, one of them starting later), and every wall second of drift is this
     * many seconds of disorder in the enriched topic. At 60x that was up to 403 s, far beyond the
     * topics job's out-of-orderness: 40 % of the history was dropped as late, unevenly, so
     * baselines learnt from thinned windows and everyday words then burst as the posts came
     * back (9 of the top 12 hot topics chatter). At 10x, 12 s of drift still fits in the 2
     * minutes; the 40 minutes take about 4.5 minutes to catch up.
     */
    public static final double CATCH_UP_SPEED = 10;

    private DemoFeed() {}

    /**
     * Topics-job settings the demo overrides, in the order printed at start. The generator's
     * background is steady from its first minute, so baselines need far less than the production
     * warm-up (an unknown stream), and history caught up at speed arrives further out of order
     * than a live stream (the enrich subtasks drift apart by a minute or two of event time).
     */
    public static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("topics.warmup", "PT5M");
        m.put("topics.out-of-orderness", "PT2M");
        return m;
    }

    public static Settings apply(Settings s) {
        for (Map.Entry<String, String> e : settings().entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    /**
     * The demo's generator when the stack goes live at {@code now}: it starts {@link #HISTORY}
     * earlier, with the planted events of {@link EventPlan#defaults()}.
     */
    public static PostGenerator generator(Instant now, double backgroundPerMinute) {
        return new PostGenerator(PostGenerator.Config.defaults()
                .withStart(now.minus(HISTORY))
                .withBackgroundPerMinute(backgroundPerMinute));
    }
}
