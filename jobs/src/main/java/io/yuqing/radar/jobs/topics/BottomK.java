package io.yuqing.radar.jobs.topics;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A bottom-k set of hashes ({@link Hashing}) in a sorted {@code long[]}, read as an immutable
 * {@code List<Long>}. The term windows' accumulators keep their author and cluster sets in it:
 * as boxed lists, folded pairwise and copied at every step, merging them for every window of
 * every term was an eighth of the term windows' thread ({@code Hashing.union} in TopicsJobBench's
 * profile). The list view keeps their JSON (state), the records that hold them and the code that
 * reads them as they were.
 *
 * <p>The values are kept in the order given: a list that is not a bottom-k set (a test's, say)
 * reads back as it was, and merges as {@link Hashing#union} merged it.
 */
final class BottomK extends AbstractList<Long> implements RandomAccess {
    static final BottomK EMPTY = new BottomK(new long[0]);

    private final long[] values;

    /** Takes {@code values} as they are: the caller hands them over and keeps no reference. */
    private BottomK(long[] values) {
        this.values = values;
    }

    /** {@code values} as a bottom-k set, taken as they are: the caller hands them over and keeps no reference. */
    static BottomK of(long[] values) {
        return values.length == 0 ? EMPTY : new BottomK(values);
    }

    /** {@code values} as a bottom-k set: the same instance when it is one, else a copy. */
    static BottomK of(List<Long> values) {
        if (values instanceof BottomK b) {
            return b;
        }
        if (values == null || values.isEmpty()) {
            return EMPTY;
        }
        long[] a = new long[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i); // a null fails here, as List.copyOf failed on one
        }
        return new BottomK(a);
    }

    @Override
    public Long get(int i) {
        return values[i];
    }

    long getLong(int i) {
        return values[i];
    }

    @Override
    public int size() {
        return values.length;
    }

    /** This set with {@code h} inserted, keeping only the {@code k} smallest; this set when that changes nothing. */
    BottomK insert(long h, int k) {
        int i = Arrays.binarySearch(values, h);
        if (i >= 0 || (values.length >= k && -i - 1 >= k)) {
            return this;
        }
        int at = -i - 1;
        long[] out = new long[Math.min(values.length + 1, Math.max(k, values.length))];
        System.arraycopy(values, 0, out, 0, at);
        out[at] = h;
        System.arraycopy(values, at, out, at + 1, out.length - at - 1);
        return new BottomK(out);
    }

    /** The bottom-k set of the union of {@code sets[0 .. n)}, in one pass over them all. */
    static BottomK union(BottomK[] sets, int n, int k) {
        int total = 0;
        for (int s = 0; s < n; s++) {
            total += sets[s].values.length;
        }
        long[] out = new long[Math.min(total, Math.max(k, 0))];
        int size = new Hashing.Union() {
            @Override int size(int set) { return sets[set].values.length; }
            @Override long key(int set, int i) { return sets[set].values[i]; }
            @Override void take(int set, int i, int at) { out[at] = sets[set].values[i]; }
        }.run(n, out.length);
        return size == 0 ? EMPTY : new BottomK(size == out.length ? out : Arrays.copyOf(out, size));
    }

    /** Distinct count of the stream this set was drawn from: exact below k, KMV estimate at k. */
    long estimate(int k) {
        return Hashing.estimate(values.length, values.length == 0 ? 0 : values[values.length - 1], k);
    }
}
