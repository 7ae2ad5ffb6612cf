package io.yuqing.radar.jobs.topics;

import java.util.List;

/**
 * A term's own baseline: EWMA of its support per window and of the variance around it, over
 * windows older than the last {@code recent.size()}.
 *
 * @param lastWindow index (window end / slide) of the last window the term was seen in; windows
 *                   in between count as zero support
 * @param recent     supports of the newest windows (oldest first, the last one is
 *                   {@code lastWindow}), not yet folded into mean and variance: see
 *                   {@link BurstDetector} for why the baseline lags
 */
public record TermBaseline(double mean, double variance, long windows, long lastWindow, List<Long> recent) {
    public TermBaseline {
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    /** A baseline with nothing pending (all windows folded in). */
    public TermBaseline(double mean, double variance, long windows, long lastWindow) {
        this(mean, variance, windows, lastWindow, List.of());
    }
}
