package io.yuqing.radar.jobs.topics;

/**
 * A term's own baseline: EWMA of its support per window and of the variance around it.
 *
 * @param lastWindow index (window end / slide) of the last window the term was seen in; windows
 *                   in between count as zero support
 */
public record TermBaseline(double mean, double variance, long windows, long lastWindow) {}
