package io.yuqing.radar.jobs.topics;

import java.io.Serializable;
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
 * the support per window and of its variance, and a slower EWMA of the support, the term's
 * long-run level ({@link TermBaseline}); windows in which the term did not appear count as zero
 * (applied lazily when it next appears). The reference rate λ is the larger of the two means, and
 * for a term never seen it is one sighting per the stream's age (at most the term TTL, the
 * horizon beyond which a term is forgotten anyway): a term absent from a day of stream is far
 * more surely new than one absent from its first forty minutes.
 *
 * <p>The score is how surprising the support is under Poisson(λ), as a standard-normal score
 * ({@link PoissonTail}), with the variance above λ taken as overdispersion. The Poisson tail is
 * what matters at the low rates where rare terms are judged: the Gaussian score
 * {@code (support - mean) / sqrt(variance + mean + 1)} used before put 9 authors against a rate
 * of 1.5 past 4 sigma, a 1-in-30,000 chance that a stream with thousands of steady low-rate
 * conversations meets several times an hour (5 false topics an hour on a 200 posts/min replay).
 * A term bursts when {@code z >= zThreshold}, {@code support >= minRatio * λ} (always-frequent
 * words would need to double) and {@code support >= minAuthors}.
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
 * first seen after warm-up starts from its never-seen rate, and in a stream a few hours old
 * bursts as soon as {@code minAuthors} authors use it.
 * While a term bursts its baseline adapts {@code burstAlphaFactor} times slower.
 *
 * <p>A second, slow time scale ({@code topics.slow-span}, an hour) catches the story passed on by
 * two or three reposts every ten minutes: no window holds enough authors to burst, and the lagged
 * baseline takes the trickle in within half an hour. It was how most labelled events that never
 * became topics spread. The term's <em>spread</em> (its support times the window's share of reposts
 * among its posts) is summed over its windows, decayed by e^(-1/span) per slide, and divided by
 * the lag: about the reposting authors of the last span. Scored as above
 * against the reference rate as it was at the start of the previous span (or the never-seen rate),
 * the term bursts when that is as improbable, at least {@code minRatio} times the expectation and
 * at least {@code slowMinAuthors}. Only reposts count: a common word that people write in their
 * own posts at a low rate is conversation (on real Weibo background the sum of all posts made
 * 中国, 致敬 and 感谢 burst), a story spreads by being passed on. A term that has burst at the
 * window's scale is never judged on the slow one while its baseline lives: the story is known, and
 * its hour-long tail would otherwise prolong or revive its topic for hours (which raised alerts on
 * labelled events of no relevance).
 */
public final class BurstDetector implements Serializable {
    private final TopicsParams p;
    private final int lag;
    private final long horizon;
    private final long slowSpan;

    /** As {@link #BurstDetector(TopicsParams, int, long)} with a horizon of one day of one-minute slides. */
    public BurstDetector(TopicsParams p, int lag) {
        this(p, lag, DAY_OF_MINUTES);
    }

    /**
     * @param lag     windows a support waits before it enters the baseline: window size / slide
     * @param horizon slides a term's baseline is kept without a sighting (its TTL): a term
     *                never seen is rated at one sighting per horizon once the stream is older
     */
    public BurstDetector(TopicsParams p, int lag, long horizon) {
        this(p, lag, horizon, 0);
    }

    /** @param slowSpan slides of the slow time scale ({@code topics.slow-span} / slide; 0: no slow test) */
    public BurstDetector(TopicsParams p, int lag, long horizon, long slowSpan) {
        if (lag < 0 || horizon < 1 || slowSpan < 0) {
            throw new IllegalArgumentException("lag and slow span must not be negative and the horizon must be positive");
        }
        this.p = p;
        this.lag = lag;
        this.horizon = horizon;
        this.slowSpan = slowSpan;
    }

    /** As {@link #BurstDetector(TopicsParams, int, long, long)} with the slow span of {@code p} in slides of {@code slideMillis}. */
    public static BurstDetector of(TopicsParams p, int lag, long horizon, long slideMillis) {
        return new BurstDetector(p, lag, horizon, p.slowSpan().toMillis() / slideMillis);
    }

    static final long DAY_OF_MINUTES = 24 * 60;

    /** The support per window of a term not seen in the stream's {@code age} slides (nor in the horizon). */
    double neverSeenRate(long age) {
        return Math.max(lag, 1) / (double) Math.max(1, Math.min(age, horizon));
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
        return score(prev, windowIndex, support, streamWarm, filling, Long.MAX_VALUE);
    }

    /**
     * @param age slides the stream has run (the windows this detector's task has scored): a term
     *            never seen in that time is rated at one sighting per {@code age} slides, so in a
     *            young stream "never seen" proves less
     */
    public Score score(TermBaseline prev, long windowIndex, long support, boolean streamWarm, boolean filling, long age) {
        return score(prev, windowIndex, support, 0, streamWarm, filling, age);
    }

    /**
     * @param spread the part of the support that is spread (authors reposting), which the slow test sums
     */
    public Score score(TermBaseline prev, long windowIndex, long support, double spread, boolean streamWarm,
                       boolean filling, long age) {
        if (prev == null && !streamWarm) {
            TermBaseline.SlowTally slow = slowSpan == 0 ? TermBaseline.SlowTally.NONE
                    : new TermBaseline.SlowTally(spread, support, support, windowIndex / slowSpan, false);
            return new Score(0, false, new TermBaseline(support, support, support, 1, windowIndex, List.of(), slow));
        }
        Ewma e = prev == null ? new Ewma(0, 0, 0) : new Ewma(prev.mean(), prev.variance(), prev.longMean());
        long windows = prev == null ? 0 : prev.windows();
        Lagged recent = new Lagged(prev == null ? List.of() : prev.recent(), lag);
        if (prev != null) {
            // windows without the term count as zero support
            long gap = Math.min(windowIndex - prev.lastWindow() - 1, 10_000);
            for (long i = 0; i < gap; i++) {
                if (e.mean <= 1e-9 && recent.allZero()) {
                    // nothing left to decay but the long-run mean, which zeros only scale down: the
                    // rest of the gap fills the lag with zeros
                    e = new Ewma(0, 0, e.slow * Math.pow(1 - p.longAlpha(), gap - i));
                    recent.zeros((int) Math.min(lag, recent.size() + gap - i));
                    break;
                }
                recent.addLast(0);
                while (recent.size() > lag) {
                    e.fold(recent.removeFirst(), p.alpha(), p.longAlpha());
                }
            }
            windows += Math.max(gap, 0);
        }
        double reference = Math.max(e.mean, e.slow);
        double lambda = Math.max(reference, neverSeenRate(age));
        // dispersion with a pseudo-count of one window: a variance from one or two folded windows
        // of a rare term says nothing about its burstiness, and taken at face value it damped
        // the score of a new term as soon as its first posts left the lag
        double z = PoissonTail.z(support, lambda, (e.var + 1) / (lambda + 1));
        boolean bursting = streamWarm && z >= p.zThreshold() && support >= p.minRatio() * reference
                && support >= p.minAuthors();
        TermBaseline.SlowTally slow = slowTally(prev, windowIndex, spread, reference, streamWarm);
        if (bursting) {
            slow = slow.afterBurst();
        } else if (streamWarm && slowSpan > 0 && !slow.burst()) {
            // a span's worth of the term's reposting authors against its rate as it was before the span
            double expected = Math.max(slow.reference(), neverSeenRate(age)) * slowSpan / Math.max(lag, 1);
            double authors = slow.sum() / Math.max(lag, 1);
            // the tail only for the few terms past the cheap tests: nearly every term is scored every slide
            if (authors >= p.slowMinAuthors() && authors >= p.minRatio() * expected) {
                double slowZ = PoissonTail.z(authors, expected, (e.var + 1) / (lambda + 1));
                if (slowZ >= p.zThreshold()) {
                    bursting = true;
                    z = Math.max(z, slowZ);
                }
            }
        }
        // during warm-up the windows fill up (the first ones hold only minutes of posts): nothing
        // bursts, and both means are the plain running mean, so they catch up with the ramp
        double running = 1.0 / (windows + 1);
        double a = !streamWarm ? Math.max(p.alpha(), running)
                : bursting ? p.alpha() * p.burstAlphaFactor() : p.alpha();
        double slowA = !streamWarm ? Math.max(p.longAlpha(), running)
                : bursting ? p.longAlpha() * p.burstAlphaFactor() : p.longAlpha();
        recent.addLast(support);
        while (recent.size() > (streamWarm ? lag : 0)) {
            e.fold(recent.removeFirst(), a, slowA);
        }
        if (filling && !streamWarm) {
            e = new Ewma(Math.max(e.mean, support), Math.max(e.var, support), Math.max(e.slow, support));
        }
        return new Score(z, bursting,
                new TermBaseline(e.mean, e.var, e.slow, windows + 1, windowIndex, recent.toList(), slow));
    }

    /**
     * The term's slow tally after this window: its spread added to the decayed sum, and the
     * reference moved on at each new span (the level at the start of the last span becomes the
     * reference, so a story growing slowly in this span is judged against the level before it).
     * During warm-up both follow the level, as the baseline follows the running mean.
     */
    private TermBaseline.SlowTally slowTally(TermBaseline prev, long windowIndex, double spread, double level,
                                             boolean streamWarm) {
        if (slowSpan == 0) {
            return TermBaseline.SlowTally.NONE;
        }
        long span = windowIndex / slowSpan;
        TermBaseline.SlowTally was = prev == null ? TermBaseline.SlowTally.NONE : prev.slow();
        double sum = (prev == null ? 0 : was.sum() * Math.exp(-(windowIndex - prev.lastWindow()) / (double) slowSpan))
                + spread;
        if (!streamWarm) {
            return new TermBaseline.SlowTally(sum, level, level, span, was.burst());
        }
        if (span == was.span()) {
            return new TermBaseline.SlowTally(sum, was.reference(), was.next(), span, was.burst());
        }
        if (was.span() != Long.MIN_VALUE && span == was.span() + 1) {
            return new TermBaseline.SlowTally(sum, was.next(), level, span, was.burst());
        }
        // a term new to the stream has no level before (its rate is the never-seen one); a gap of
        // more than a span left only the level the gap's zeros decayed
        double ref = prev == null ? 0 : level;
        return new TermBaseline.SlowTally(sum, ref, ref, span, was.burst());
    }

    /**
     * The supports not yet folded into the baseline, oldest first: a term's baseline is scored for
     * every window it is in, and a boxed deque copied in and out (and streamed over at every window
     * of a gap) was a third of the scoring.
     */
    private static final class Lagged {
        private final long[] values;
        private int head;
        private int size;
        private int nonZero;

        Lagged(List<Long> recent, int lag) {
            // never more than the kept ones or the lag, plus the one added before trimming
            values = new long[Math.max(recent.size(), lag) + 2];
            for (Long v : recent) {
                addLast(v);
            }
        }

        int size() {
            return size;
        }

        boolean allZero() {
            return nonZero == 0;
        }

        void addLast(long v) {
            values[(head + size++) % values.length] = v;
            nonZero += v != 0 ? 1 : 0;
        }

        long removeFirst() {
            long v = values[head];
            head = (head + 1) % values.length;
            size--;
            nonZero -= v != 0 ? 1 : 0;
            return v;
        }

        /** Replaces the contents by {@code n} zeros. */
        void zeros(int n) {
            java.util.Arrays.fill(values, 0);
            head = 0;
            size = n;
            nonZero = 0;
        }

        List<Long> toList() {
            Long[] out = new Long[size];
            for (int i = 0; i < size; i++) {
                out[i] = values[(head + i) % values.length];
            }
            return List.of(out);
        }
    }

    /** Exponentially weighted mean and variance (West's incremental form), and a slower mean. */
    private static final class Ewma {
        double mean;
        double var;
        double slow;

        Ewma(double mean, double var, double slow) {
            this.mean = mean;
            this.var = var;
            this.slow = slow;
        }

        void fold(double x, double a, double slowA) {
            double diff = x - mean;
            double incr = a * diff;
            mean += incr;
            var = (1 - a) * (var + diff * incr);
            slow += slowA * (x - slow);
        }
    }
}
