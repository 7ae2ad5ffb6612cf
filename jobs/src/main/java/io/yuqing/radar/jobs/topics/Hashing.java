package io.yuqing.radar.jobs.topics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bottom-k ("k minimum values", KMV) samples over 63-bit hashes: the algorithm behind
 * DataSketches' Theta sketch. A bottom-k set is exact while it holds fewer than k values, estimates
 * the distinct count as {@code (k-1)/max} above that, and is mergeable: the bottom k of the union of
 * two bottom-k sets is the bottom-k set of the union of the streams. Kept by hand because
 * {@code datasketches-java} 8.x is Java 21 bytecode and 7.x needs the incubating
 * {@code jdk.incubator.foreign} module on Java 17, which every JVM running the job would have to add.
 */
public final class Hashing {
    private static final double TWO_63 = 0x1.0p63;

    private Hashing() {}

    /** A well-mixed non-negative 63-bit hash of {@code s} (FNV-1a 64 then the SplitMix64 finaliser). */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h >>> 1;
    }

    /** {@code sorted} with {@code h} inserted, keeping only the {@code k} smallest; the input is not changed. */
    public static List<Long> insert(List<Long> sorted, long h, int k) {
        int i = Collections.binarySearch(sorted, h);
        if (i >= 0 || (sorted.size() >= k && -i - 1 >= k)) {
            return sorted;
        }
        List<Long> out = new ArrayList<>(Math.min(sorted.size() + 1, k));
        out.addAll(sorted);
        out.add(-i - 1, h);
        if (out.size() > k) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** The bottom-k set of the union of two bottom-k sets. */
    public static List<Long> union(List<Long> a, List<Long> b, int k) {
        List<Long> out = new ArrayList<>(Math.min(a.size() + b.size(), k));
        int i = 0;
        int j = 0;
        while (out.size() < k && (i < a.size() || j < b.size())) {
            // the boxed values go on as they are: unboxing and boxing again allocated a Long per
            // value, and a window's panes are merged value by value every slide
            Long next;
            if (j >= b.size() || (i < a.size() && a.get(i) <= b.get(j))) {
                next = a.get(i++);
                if (j < b.size() && b.get(j).longValue() == next) {
                    j++;
                }
            } else {
                next = b.get(j++);
            }
            out.add(next);
        }
        return out;
    }

    /** Distinct count of the stream a bottom-k set was drawn from: exact below k, KMV estimate at k. */
    public static long estimate(List<Long> bottomK, int k) {
        if (bottomK.size() < k) {
            return bottomK.size();
        }
        double max = bottomK.get(bottomK.size() - 1) / TWO_63;
        return Math.max(k, Math.round((k - 1) / Math.max(max, Double.MIN_NORMAL)));
    }
}
