package io.yuqing.radar.jobs.topics;

import java.time.Instant;
import java.util.List;

/**
 * One term in one window, as the per-term stage reports it to the topic stage: its counts, its
 * burst score and decision, and its bounded samples (post digests and author hashes).
 */
public record TermWindow(
        String term,
        Instant windowStart,
        Instant windowEnd,
        long posts,
        long authors,
        long clusters,
        long support,
        double score,
        boolean bursting,
        Instant firstSeen,
        List<PostDigest> sample,
        List<Long> authorSample) {

    public TermWindow {
        sample = sample == null ? List.of() : List.copyOf(sample);
        authorSample = BottomK.of(authorSample);
    }

    /** Scores {@code acc} (the term's counts over the window) against {@code baseline}. */
    public static Scored of(String term, Instant start, Instant end, TermAcc acc, TermBaseline baseline,
                            long windowIndex, boolean streamWarm, BurstDetector detector, int k) {
        return of(term, start, end, acc, baseline, windowIndex, streamWarm, false, detector, k);
    }

    /** As above, in one of the stream's first windows when {@code filling} (see {@link BurstDetector#score}). */
    public static Scored of(String term, Instant start, Instant end, TermAcc acc, TermBaseline baseline,
                            long windowIndex, boolean streamWarm, boolean filling, BurstDetector detector, int k) {
        return of(term, start, end, acc, baseline, windowIndex, streamWarm, filling, Long.MAX_VALUE, detector, k);
    }

    public static Scored of(String term, Instant start, Instant end, TermAcc acc, TermBaseline baseline,
                            long windowIndex, boolean streamWarm, boolean filling, long age, BurstDetector detector, int k) {
        long authors = acc.authorCount(k);
        long clusters = acc.clusterCount(k);
        long support = detector.support(authors, clusters);
        BurstDetector.Score s = detector.score(baseline, windowIndex, support, support * acc.repostShare(), streamWarm, filling, age);
        return new Scored(new TermWindow(term, start, end, acc.posts(), authors, clusters, support, s.z(), s.bursting(),
                acc.firstSeen(), acc.sample(), acc.authors()), s.next());
    }

    /** This window with {@code sample} for its sample. */
    public TermWindow withSample(List<PostDigest> sample) {
        return new TermWindow(term, windowStart, windowEnd, posts, authors, clusters, support, score, bursting, firstSeen,
                sample, authorSample);
    }

    public record Scored(TermWindow window, TermBaseline baseline) {}
}
