package io.yuqing.radar.jobs.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Groups the bursting terms of one window into clusters of co-occurring terms. Terms are taken by
 * burst score, highest first; each joins the cluster whose leader (its first term) it co-occurs
 * with most, when the smaller of their post sets lies in the larger to {@code containment}
 * (|A ∩ B| / min(|A|, |B|): the terms of one text, or a sub-theme within its event), and
 * otherwise leads a cluster of its own.
 *
 * <p>Comparing with leaders only, and joining one cluster only, is what keeps two events apart
 * when a word common to both (回应, 心疼, [嘻嘻]) bursts with them: single linkage let such a word
 * chain the two into one topic, and so did a Jaccard criterion (a word in half of each event's
 * posts reaches a Jaccard index of 0.2 with both). Leaders go by score, not support, because
 * such a word can have the most support of all (it is in both events' posts) while it is rarely
 * the most anomalous: it has a baseline, the events' own names do not.
 *
 * <p>The post sets are the terms' bottom-k samples of post-id hashes, so the measure is exact
 * while a term has at most k posts in the window and a bottom-k (MinHash) estimate above that.
 */
public final class TopicMerger {
    private TopicMerger() {}

    /** Clusters of {@code terms}, each sorted by support (then term), clusters by total support. */
    public static List<List<TermWindow>> merge(List<TermWindow> terms, double containment, int k) {
        List<TermWindow> ts = new ArrayList<>(terms);
        ts.sort(BY_SCORE);
        List<List<TermWindow>> clusters = new ArrayList<>();
        for (TermWindow t : ts) {
            List<TermWindow> best = null;
            double bestScore = 0;
            for (List<TermWindow> c : clusters) {
                TermWindow leader = c.get(0);
                double contained = overlap(t.sample(), leader.sample(), k);
                if (contained >= containment && contained > bestScore) {
                    best = c;
                    bestScore = contained;
                }
            }
            if (best == null) {
                best = new ArrayList<>();
                clusters.add(best);
            }
            best.add(t);
        }
        clusters.forEach(c -> c.sort(BY_SUPPORT));
        clusters.sort(Comparator.comparingLong((List<TermWindow> g) -> -g.stream().mapToLong(TermWindow::support).sum())
                .thenComparing(g -> g.get(0).term()));
        return clusters;
    }

    /** Bottom-k estimate of |A ∩ B| / min(|A|, |B|) for two bottom-k post samples. */
    public static double overlap(List<PostDigest> a, List<PostDigest> b, int k) {
        double smaller = Math.min(count(a, k), count(b, k));
        return smaller == 0 ? 0 : Math.min(1, intersection(a, b, k) / smaller);
    }

    /** Bottom-k estimate of |A ∩ B|: the Jaccard index over the union's bottom k, times the union's size. */
    static double intersection(List<PostDigest> a, List<PostDigest> b, int k) {
        // of the union only its size and largest hash are needed: merged by hash alone, no
        // digests copied, and a's hashes looked up in a sorted array rather than a set of boxed
        // Longs (for every pair of a cluster leader and a bursting term, every window: with the
        // boxed hashes of count, about a tenth of the topic stage's allocation, TopicsJobBench)
        List<List<PostDigest>> ab = List.of(a, b);
        long[] max = new long[1];
        int size = new Hashing.Union() {
            @Override int size(int set) { return ab.get(set).size(); }
            @Override long key(int set, int i) { return ab.get(set).get(i).hash(); }
            @Override void take(int set, int i, int at) { max[0] = key(set, i); }
        }.run(2, Math.min(a.size() + b.size(), Math.max(k, 0)));
        if (size == 0) {
            return 0;
        }
        long[] inA = new long[a.size()];
        int n = 0;
        for (PostDigest p : a) {
            if (p.hash() <= max[0]) {
                inA[n++] = p.hash();
            }
        }
        Arrays.sort(inA, 0, n);
        int both = 0;
        for (PostDigest p : b) {
            if (p.hash() <= max[0] && Arrays.binarySearch(inA, 0, n, p.hash()) >= 0) {
                both++;
            }
        }
        return (double) both / size * Hashing.estimate(size, max[0], k);
    }

    /** Distinct posts behind a bottom-k sample. */
    static double count(List<PostDigest> sample, int k) {
        return TermAcc.postCount(sample, k);
    }

    static final Comparator<TermWindow> BY_SUPPORT =
            Comparator.comparingLong((TermWindow t) -> -t.support()).thenComparing(TermWindow::term);

    /** Most anomalous first: score, then support, then term. */
    static final Comparator<TermWindow> BY_SCORE = Comparator.comparingDouble((TermWindow t) -> -t.score())
            .thenComparingLong(t -> -t.support()).thenComparing(TermWindow::term);
}
