package io.yuqing.radar.jobs.topics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the bursting terms of one window into clusters of co-occurring terms: two terms join
 * when the Jaccard index of their post sets reaches {@code mergeJaccard}, or when the smaller set
 * lies in the larger to {@code mergeContainment} (|A ∩ B| / min(|A|, |B|), so a sub-theme joins
 * its event), and clusters are the connected components (single linkage). The post sets are the
 * terms' bottom-k samples of post-id hashes, so both measures are exact while a term has at most
 * k posts in the window and bottom-k (MinHash) estimates above that.
 */
public final class TopicMerger {
    private TopicMerger() {}

    /** Clusters of {@code terms}, each sorted by support (then term), clusters by total support. */
    public static List<List<TermWindow>> merge(List<TermWindow> terms, double jaccard, double containment, int k) {
        List<TermWindow> ts = new ArrayList<>(terms);
        ts.sort(BY_SUPPORT);
        int n = ts.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                TermWindow a = ts.get(i);
                TermWindow b = ts.get(j);
                if (jaccard(a, b, k) >= jaccard || overlap(a.sample(), b.sample(), k) >= containment) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Map<Integer, List<TermWindow>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(ts.get(i));
        }
        List<List<TermWindow>> out = new ArrayList<>(groups.values());
        out.sort(Comparator.comparingLong((List<TermWindow> g) -> -g.stream().mapToLong(TermWindow::support).sum())
                .thenComparing(g -> g.get(0).term()));
        return out;
    }

    /** Bottom-k estimate of |A ∩ B| / |A ∪ B| over the terms' post samples. */
    public static double jaccard(TermWindow a, TermWindow b, int k) {
        List<PostDigest> union = TermAcc.unionSamples(a.sample(), b.sample(), k);
        if (union.isEmpty()) {
            return 0;
        }
        long max = union.get(union.size() - 1).hash();
        java.util.Set<Long> inA = new java.util.HashSet<>();
        for (PostDigest p : a.sample()) {
            if (p.hash() <= max) {
                inA.add(p.hash());
            }
        }
        int both = 0;
        for (PostDigest p : b.sample()) {
            if (p.hash() <= max && inA.contains(p.hash())) {
                both++;
            }
        }
        return (double) both / union.size();
    }

    /** Bottom-k estimate of |A ∩ B| / min(|A|, |B|) for two bottom-k post samples. */
    public static double overlap(List<PostDigest> a, List<PostDigest> b, int k) {
        double smaller = Math.min(count(a, k), count(b, k));
        return smaller == 0 ? 0 : Math.min(1, intersection(a, b, k) / smaller);
    }

    /** Bottom-k estimate of |A ∩ B|: the Jaccard index over the union's bottom k, times the union's size. */
    static double intersection(List<PostDigest> a, List<PostDigest> b, int k) {
        List<PostDigest> union = TermAcc.unionSamples(a, b, k);
        if (union.isEmpty()) {
            return 0;
        }
        long max = union.get(union.size() - 1).hash();
        java.util.Set<Long> inA = new java.util.HashSet<>();
        for (PostDigest p : a) {
            if (p.hash() <= max) {
                inA.add(p.hash());
            }
        }
        int both = 0;
        for (PostDigest p : b) {
            if (p.hash() <= max && inA.contains(p.hash())) {
                both++;
            }
        }
        return (double) both / union.size() * count(union, k);
    }

    /** Distinct posts behind a bottom-k sample. */
    static double count(List<PostDigest> sample, int k) {
        return Hashing.estimate(sample.stream().map(PostDigest::hash).toList(), k);
    }

    static final Comparator<TermWindow> BY_SUPPORT =
            Comparator.comparingLong((TermWindow t) -> -t.support()).thenComparing(TermWindow::term);

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
