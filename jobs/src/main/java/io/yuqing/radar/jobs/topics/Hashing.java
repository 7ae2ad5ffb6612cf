package io.yuqing.radar.jobs.topics;

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

    /** The bottom-k set of the union of two bottom-k sets (a {@link BottomK}). */
    public static List<Long> union(List<Long> a, List<Long> b, int k) {
        return BottomK.union(new BottomK[] {BottomK.of(a), BottomK.of(b)}, 2, k);
    }

    /** Distinct count of the stream a bottom-k set was drawn from: exact below k, KMV estimate at k. */
    public static long estimate(List<Long> bottomK, int k) {
        return estimate(bottomK.size(), bottomK.isEmpty() ? 0 : bottomK.get(bottomK.size() - 1), k);
    }

    /** As above, of a set of {@code size} values whose largest is {@code max}. */
    static long estimate(int size, long max, int k) {
        if (size < k) {
            return size;
        }
        double m = max / TWO_63;
        return Math.max(k, Math.round((k - 1) / Math.max(m, Double.MIN_NORMAL)));
    }

    /**
     * The bottom k of the union of sorted sets, merged in one pass over them all (k-way): each
     * value is taken once, from the lowest-numbered set that holds it, as folding the sets
     * pairwise in that order would, and two sets merge as {@link #union} always merged them.
     * Folding a window's ten panes pairwise built and copied nine intermediate sets of up to k
     * values for every window of every term. Subclasses say how to read the sets and where a
     * value taken goes.
     */
    abstract static class Union {
        abstract int size(int set);

        abstract long key(int set, int i);

        /** The {@code at}-th value of the union is value {@code i} of {@code set}. */
        abstract void take(int set, int i, int at);

        /** Takes the union's first {@code k} values (fewer if there are fewer) of {@code sets 0 .. n}; returns how many. */
        final int run(int n, int k) {
            // the sets not yet used up, in their order, with where each is, its end and the key there
            int[] live = new int[n];
            int[] at = new int[n];
            int[] end = new int[n];
            long[] head = new long[n];
            int m = 0;
            for (int s = 0; s < n; s++) {
                int size = size(s);
                if (size > 0) {
                    live[m] = s;
                    end[m] = size;
                    head[m++] = key(s, 0);
                }
            }
            int taken = 0;
            while (taken < k && m > 1) {
                int min = 0;
                for (int j = 1; j < m; j++) {
                    if (head[j] < head[min]) {
                        min = j;
                    }
                }
                long h = head[min];
                take(live[min], at[min], taken++);
                // every set at this value moves past it, one step each, as the pairwise merge did
                int w = 0;
                for (int j = 0; j < m; j++) {
                    if (head[j] == h) {
                        if (++at[j] == end[j]) {
                            continue;
                        }
                        head[j] = key(live[j], at[j]);
                    }
                    live[w] = live[j];
                    at[w] = at[j];
                    end[w] = end[j];
                    head[w++] = head[j];
                }
                m = w;
            }
            if (m == 1) {
                for (int i = at[0]; i < end[0] && taken < k; i++) {
                    take(live[0], i, taken++);
                }
            }
            return taken;
        }
    }
}
