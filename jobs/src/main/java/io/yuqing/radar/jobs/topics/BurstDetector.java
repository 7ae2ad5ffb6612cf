package io.yuqing.radar.jobs.topics;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.List;

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
 * <p>The baseline lags: a window's support is folded into the EWMA only once {@code lag} newer
 * windows exist ({@code lag} = window size / slide, so the reference shares no post with the
 * window scored). Sliding windows overlap, and without the lag an event that grows slowly feeds
 * its own first posts into the baseline it is measured against, so it can stay below
 * {@code zThreshold} all along: a cascade trickling a few reposts a minute for twenty minutes
 * was the typical miss.
 *
 * <p>Nothing bursts during warm-up (the stream's first {@code warmup} of event time, while the
 * sliding windows fill up and baselines form); meanwhile baselines follow the running mean, with
 * no lag. A term first seen during warm-up has its baseline seeded with its first support (mean =
 * variance = support), so words that are simply frequent do not burst when the job starts; a term
 * first seen after warm-up starts from zero and so bursts as soon as enough authors use it.
 * While a term bursts its baseline adapts {@code burstAlphaFactor} times slower.
 */
public final class BurstDetector implements Serializable {
    private final TopicsParams p;
    private final int lag;

    /** @param lag windows a support waits before it enters the baseline: window size / slide */
    public BurstDetector(TopicsParams p, int lag) {
        if (lag < 0) {
            throw new IllegalArgumentException("lag must not be negative");
        }
        this.p = p;
        this.lag = lag;
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
        return score(prev, windowIndex, support, streamWarm, false);
    }

    /**
     * @param filling whether the stream is younger than one window (its windows still fill up, so
     *                a term's support is only part of a full window's): the baseline then takes
     *                the larger of its mean and the support, where a running mean over the
     *                filling windows would settle at about half the full level, and merely
     *                frequent words would burst as soon as warm-up ended
     */
    public Score score(TermBaseline prev, long windowIndex, long support, boolean streamWarm, boolean filling) {
        if (prev == null && !streamWarm) {
            return new Score(0, false, new TermBaseline(support, support, 1, windowIndex));
        }
        Ewma e = prev == null ? new Ewma(0, 0) : new Ewma(prev.mean(), prev.variance());
        long windows = prev == null ? 0 : prev.windows();
        ArrayDeque<Long> recent = prev == null ? new ArrayDeque<>() : new ArrayDeque<>(prev.recent());
        if (prev != null) {
            // windows without the term count as zero support
            long gap = Math.min(windowIndex - prev.lastWindow() - 1, 10_000);
            for (long i = 0; i < gap; i++) {
                if (e.mean <= 1e-9 && recent.stream().allMatch(x -> x == 0)) {
                    // nothing left to decay: the rest of the gap only fills the lag with zeros
                    e = new Ewma(0, 0);
                    long fill = Math.min(lag, recent.size() + gap - i);
                    recent.clear();
                    for (long j = 0; j < fill; j++) {
                        recent.addLast(0L);
                    }
                    break;
                }
                recent.addLast(0L);
                while (recent.size() > lag) {
                    e.fold(recent.removeFirst(), p.alpha());
                }
            }
            windows += Math.max(gap, 0);
        }
        double z = (support - e.mean) / Math.sqrt(e.var + e.mean + 1);
        boolean bursting = streamWarm && z >= p.zThreshold() && support >= p.minRatio() * e.mean
                && support >= p.minAuthors();
        // during warm-up the windows fill up (the first ones hold only minutes of posts): nothing
        // bursts, and the baseline is the plain running mean, so it catches up with the ramp
        double a = !streamWarm ? Math.max(p.alpha(), 1.0 / (windows + 1))
                : bursting ? p.alpha() * p.burstAlphaFactor() : p.alpha();
        recent.addLast(support);
        while (recent.size() > (streamWarm ? lag : 0)) {
            e.fold(recent.removeFirst(), a);
        }
        if (filling && !streamWarm) {
            e = new Ewma(Math.max(e.mean, support), Math.max(e.var, support));
        }
        return new Score(z, bursting, new TermBaseline(e.mean, e.var, windows + 1, windowIndex, List.copyOf(recent)));
    }

    /** Exponentially weighted mean and variance (West's incremental form). */
    private static final class Ewma {
        double mean;
        double var;

        Ewma(double mean, double var) {
            this.mean = mean;
            this.var = var;
        }

        void fold(double x, double a) {
            double diff = x - mean;
            double incr = a * diff;
            mean += incr;
            var = (1 - a) * (var + diff * incr);
        }
    }
}
