package io.yuqing.radar.jobs.topics;

import java.io.Serializable;

/**
 * Burst scoring of one term against its own history.
 *
 * <p>The measure is the term's <em>support</em> in a window: distinct authors, but at most
 * {@code authorsPerCluster} per distinct near-duplicate cluster of original posts, so neither a
 * few accounts posting a lot nor many accounts pasting one text can fake a burst. Reposts count
 * as their own units (the enrich job puts a repost in its source's cluster, but a repost cascade
 * by many distinct accounts is genuine spread); a campaign of reposting sock accounts is only
 * limited by distinct authors. The baseline is an EWMA of
 * the support per window and of its variance ({@link TermBaseline}); windows in which the term
 * did not appear count as zero (applied lazily when it next appears). The score is
 * {@code z = (support - mean) / sqrt(variance + mean + 1)}: the {@code + mean} is the Poisson
 * floor, so a term whose count was flat so far is not hypersensitive, the {@code + 1} keeps new
 * terms finite. A term bursts when {@code z >= zThreshold}, {@code support >= minRatio * mean}
 * (always-frequent words would need to double) and {@code support >= minAuthors}.
 *
 * <p>Nothing bursts during warm-up (the stream's first {@code warmup} of event time, while the
 * sliding windows fill up and baselines form); meanwhile baselines follow the running mean. A term
 * first seen during warm-up has its baseline seeded with its first support (mean =
 * variance = support), so words that are simply frequent do not burst when the job starts; a term
 * first seen after warm-up starts from zero and so bursts as soon as enough authors use it.
 * While a term bursts its baseline adapts {@code burstAlphaFactor} times slower.
 */
public final class BurstDetector implements Serializable {
    private final TopicsParams p;

    public BurstDetector(TopicsParams p) {
        this.p = p;
    }

    /** The outcome for one window: the score, the decision and the baseline to keep. */
    public record Score(double z, boolean bursting, TermBaseline next) {}

    public long support(long authors, long clusters) {
        return Math.min(authors, clusters * (long) p.authorsPerCluster());
    }

    /**
     * @param prev        the term's baseline, or null for a term never seen (or expired)
     * @param windowIndex window end divided by the slide
     * @param streamWarm  whether the stream has run for the warm-up time
     */
    public Score score(TermBaseline prev, long windowIndex, long support, boolean streamWarm) {
        double mean = 0;
        double var = 0;
        long windows = 0;
        if (prev != null) {
            mean = prev.mean();
            var = prev.variance();
            windows = prev.windows();
            long gap = Math.min(windowIndex - prev.lastWindow() - 1, 10_000);
            for (long i = 0; i < gap && mean > 1e-9; i++) {
                double diff = -mean;
                double incr = p.alpha() * diff;
                mean += incr;
                var = (1 - p.alpha()) * (var + diff * incr);
            }
            if (gap > 0 && mean <= 1e-9) {
                mean = 0;
                var = 0;
            }
            windows += Math.max(gap, 0);
        }
        if (prev == null && !streamWarm) {
            return new Score(0, false, new TermBaseline(support, support, 1, windowIndex));
        }
        double z = (support - mean) / Math.sqrt(var + mean + 1);
        boolean bursting = streamWarm && z >= p.zThreshold() && support >= p.minRatio() * mean
                && support >= p.minAuthors();
        // during warm-up the windows fill up (the first ones hold only minutes of posts): nothing
        // bursts, and the baseline is the plain running mean, so it catches up with the ramp
        double a = !streamWarm ? Math.max(p.alpha(), 1.0 / (windows + 1))
                : bursting ? p.alpha() * p.burstAlphaFactor() : p.alpha();
        double diff = support - mean;
        double incr = a * diff;
        double nextMean = mean + incr;
        double nextVar = (1 - a) * (var + diff * incr);
        return new Score(z, bursting, new TermBaseline(nextMean, nextVar, windows + 1, windowIndex));
    }
}
