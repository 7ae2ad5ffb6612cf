package io.yuqing.radar.jobs.topics;

import java.io.Serializable;
import java.time.Duration;

/**
 * The thresholds of burst scoring and topic building (settings {@code topics.*}, documented in
 * yuqing-defaults.properties).
 *
 * @param alpha             EWMA weight of a new window in a term's baseline (per slide)
 * @param burstAlphaFactor  alpha is multiplied by this while a term bursts, so the baseline does
 *                          not swallow the burst it is measuring
 * @param longAlpha         EWMA weight of a new window in the term's long-run mean (per slide); a
 *                          window is compared with the larger of the two means, so a term that has
 *                          been steady for hours does not burst after a quiet quarter of an hour
 *                          that pulled its fast mean down (the fast mean remembers about two
 *                          independent 10-minute windows: too few to know a low rate from zero)
 * @param zThreshold        burst when the support's Poisson tail under the reference rate (the larger
 *                          of the two means, or the never-seen rate) is as small as a standard
 *                          normal's beyond this (5: about 3 in 10 million), see {@link BurstDetector}
 * @param minRatio          ... and support is at least this multiple of the reference rate
 * @param minAuthors        ... and support (distinct authors, see below) is at least this
 * @param sustainAuthors    a term of a live topic keeps it alive with this support, bursting or not,
 * @param sustainZ          ... when its score is at least this: still above its own baseline, so
 *                          a word that is merely common (女人, 今天) cannot keep a topic alive for ever
 * @param authorsPerCluster support = min(distinct authors, distinct near-dup clusters × this)
 * @param mergeContainment  a bursting term joins a cluster when its post set and the cluster leader's
 *                          lie one in the other to this share (|A ∩ B| / min(|A|, |B|): the terms of
 *                          one post text, or a sub-theme of an event: "停电" posts nearly all name
 *                          "徐州"); see {@link TopicMerger}
 * @param matchOverlap      a cluster continues a live topic when this share of its posts name one of
 *                          the topic's anchor terms; a term counts for a topic only when this share of
 *                          its posts do (see {@link TopicTracker})
 * @param minTopicTerms     bursting terms a cluster needs to found a new topic: one word bursting
 *                          alone is chance or an echo of live topics more often than an event
 * @param warmup            stream time before terms never seen before may burst (their first
 *                          sighting before that only seeds the baseline)
 * @param endAfter          a live topic with no supporting term this long is ended
 * @param reviveWithin      an ended topic whose anchors a new cluster's posts name within this time
 *                          comes back under its id (the story's next wave, 续报 rather than 首报);
 *                          zero: never
 * @param sampleSize        k of the bottom-k samples and distinct-count sets per term and window
 * @param maxTermsPerPost   terms taken from one post (keywords, hashtags, places, organisations)
 * @param maxKeywords       keywords shown per topic
 * @param slowSpan          the slow time scale of burst scoring (zero: none): a term that never burst
 *                          also bursts when its authors reposting it over about this span are
 *                          improbable under its reference rate as it was a span before, see
 *                          {@link BurstDetector}
 * @param slowMinAuthors    ... and they are at least this many
 */
public record TopicsParams(
        double alpha,
        double burstAlphaFactor,
        double longAlpha,
        double zThreshold,
        double minRatio,
        int minAuthors,
        int sustainAuthors,
        double sustainZ,
        int authorsPerCluster,
        double mergeContainment,
        double matchOverlap,
        int minTopicTerms,
        Duration warmup,
        Duration endAfter,
        Duration reviveWithin,
        int sampleSize,
        int maxTermsPerPost,
        int maxKeywords,
        Duration slowSpan,
        int slowMinAuthors) implements Serializable {

    public static TopicsParams defaults() {
        return new TopicsParams(0.05, 0.1, 0.005, 5.0, 2.0, 4, 4, 1.0, 3, 0.6, 0.5, 2, Duration.ofMinutes(30),
                Duration.ofMinutes(10), Duration.ofHours(24), 256, 12, 10, Duration.ofHours(1), 10);
    }

    public TopicsParams {
        if (alpha <= 0 || alpha > 1 || longAlpha <= 0 || longAlpha > 1 || burstAlphaFactor < 0 || burstAlphaFactor > 1) {
            throw new IllegalArgumentException(
                    "topics.alpha and topics.long-alpha must be in (0,1] and topics.burst-alpha-factor in [0,1]");
        }
        if (minAuthors < 1 || sustainAuthors < 1 || authorsPerCluster < 1 || sampleSize < 2 || maxTermsPerPost < 1
                || maxKeywords < 1 || minTopicTerms < 1) {
            throw new IllegalArgumentException("topics counts must be positive (sample size at least 2)");
        }
        if (slowSpan == null || slowSpan.isNegative() || slowMinAuthors < 1) {
            throw new IllegalArgumentException("topics.slow-span must be zero or positive and topics.slow-min-authors positive");
        }
        if (reviveWithin == null || reviveWithin.isNegative()) {
            throw new IllegalArgumentException("topics.revive-within must be zero or positive");
        }
        if (mergeContainment <= 0 || mergeContainment > 1 || matchOverlap <= 0
                || matchOverlap > 1) {
            throw new IllegalArgumentException(
                    "topics.merge-containment and topics.match-overlap must be in (0,1]");
        }
    }
}
