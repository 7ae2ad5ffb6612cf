package io.yuqing.radar.jobs.topics;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A term's counts in one window, bounded whatever the term's volume: exact post and repost counts, bottom-k
 * sets of author and near-duplicate cluster hashes (distinct counts, see {@link Hashing}; kept as
 * {@link BottomK}s) and a bottom-k sample of post digests by post-id hash (a uniform, mergeable
 * sample that also serves as a MinHash signature for co-occurrence). Immutable: every change
 * returns a new value. A window's accumulator is the {@link #union} of its panes', merged in one
 * pass (see {@link Hashing.Union}).
 */
public record TermAcc(long posts, List<PostDigest> sample, List<Long> authors, List<Long> clusters, Instant firstSeen,
                      long reposts) {
    public static final TermAcc EMPTY = new TermAcc(0, List.of(), List.of(), List.of(), null, 0);

    public TermAcc {
        sample = sample == null ? List.of() : List.copyOf(sample);
        // BottomKs always, which the methods below rely on
        authors = BottomK.of(authors);
        clusters = BottomK.of(clusters);
    }

    public TermAcc add(PostDigest p, int k) {
        Instant first = firstSeen == null || (p.createdAt() != null && p.createdAt().isBefore(firstSeen))
                ? p.createdAt() : firstSeen;
        return new TermAcc(posts + 1, insert(sample, p, k), ((BottomK) authors).insert(p.authorHash(), k),
                ((BottomK) clusters).insert(p.clusterHash(), k), first, reposts + (p.original() ? 0 : 1));
    }

    public TermAcc merge(TermAcc o, int k) {
        return union(new TermAcc[] {this, o}, 2, k);
    }

    /**
     * The union of {@code accs[0 .. n)}: what merging them pairwise in that order gives (of two
     * digests with one post hash, the lower-numbered accumulator's), each set merged in one pass.
     */
    public static TermAcc union(TermAcc[] accs, int n, int k) {
        return union(accs, n, k, true);
    }

    /**
     * As above, with an empty sample unless {@code sample}: a window's counts, which decide
     * whether anyone sees its sample ({@link PanedTermWindows} merges the samples, the largest of
     * the three sets, only of the windows it passes on, see {@link #unionSamples(TermAcc[], int, int)}).
     */
    static TermAcc union(TermAcc[] accs, int n, int k, boolean sample) {
        long posts = 0;
        long reposts = 0;
        Instant first = null;
        BottomK[] authors = new BottomK[n];
        BottomK[] clusters = new BottomK[n];
        for (int i = 0; i < n; i++) {
            TermAcc a = accs[i];
            posts += a.posts;
            reposts += a.reposts;
            if (a.firstSeen != null && (first == null || a.firstSeen.isBefore(first))) {
                first = a.firstSeen;
            }
            authors[i] = (BottomK) a.authors;
            clusters[i] = (BottomK) a.clusters;
        }
        return new TermAcc(posts, sample ? unionSamples(accs, n, k) : List.of(), BottomK.union(authors, n, k),
                BottomK.union(clusters, n, k), first, reposts);
    }

    /** The sample of {@code union(accs, n, k)}. */
    static List<PostDigest> unionSamples(TermAcc[] accs, int n, int k) {
        List<PostDigest>[] samples = samples(n);
        for (int i = 0; i < n; i++) {
            samples[i] = accs[i].sample;
        }
        return unionSamples(samples, n, k);
    }

    /** Distinct posts behind a bottom-k sample of digests (sorted by post hash): exact below k, KMV estimate at k. */
    static long postCount(List<PostDigest> sample, int k) {
        return Hashing.estimate(sample.size(), sample.isEmpty() ? 0 : sample.get(sample.size() - 1).hash(), k);
    }

    /** The share of the window's posts that are reposts (0 for a pane written before they were counted). */
    public double repostShare() {
        return posts == 0 ? 0 : Math.min(1, (double) reposts / posts);
    }

    public long authorCount(int k) {
        return ((BottomK) authors).estimate(k);
    }

    public long clusterCount(int k) {
        return ((BottomK) clusters).estimate(k);
    }

    static List<PostDigest> insert(List<PostDigest> sorted, PostDigest p, int k) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).hash() < p.hash()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < sorted.size() && sorted.get(lo).hash() == p.hash() || lo >= k) {
            return sorted;
        }
        // straight into an immutable list, which the record keeps as it is: an ArrayList here was
        // copied twice more (List.copyOf's toArray and List.of), for every mention of every term
        int n = sorted.size() + 1 > k ? sorted.size() : sorted.size() + 1;
        PostDigest[] out = new PostDigest[n];
        for (int i = 0; i < lo; i++) {
            out[i] = sorted.get(i);
        }
        out[lo] = p;
        for (int i = lo + 1; i < n; i++) {
            out[i] = sorted.get(i - 1);
        }
        return List.of(out);
    }

    /**
     * The bottom-k sample of the union of the windows' samples, in one pass: what folding them
     * pairwise in that order gives (of two digests with one post hash, the earlier window's). The
     * topic stage merges the samples of a cluster's or a topic's terms, and folding them pairwise
     * built and copied an intermediate sample of up to k digests per term.
     */
    static List<PostDigest> unionSamples(List<TermWindow> windows, int k) {
        List<PostDigest>[] samples = samples(windows.size());
        for (int i = 0; i < samples.length; i++) {
            samples[i] = windows.get(i).sample();
        }
        return unionSamples(samples, samples.length, k);
    }

    /** The bottom-k sample of the union of two bottom-k samples (duplicates by post hash dropped, {@code a}'s kept). */
    static List<PostDigest> unionSamples(List<PostDigest> a, List<PostDigest> b, int k) {
        List<PostDigest>[] ab = samples(2);
        ab[0] = a;
        ab[1] = b;
        return unionSamples(ab, 2, k);
    }

    /** The bottom-k sample of the union of {@code samples[0 .. n)}, a digest from the lowest-numbered sample holding its hash. */
    static List<PostDigest> unionSamples(List<PostDigest>[] samples, int n, int k) {
        int total = 0;
        for (int s = 0; s < n; s++) {
            total += samples[s].size();
        }
        PostDigest[] out = new PostDigest[Math.min(total, Math.max(k, 0))];
        int size = new Hashing.Union() {
            @Override int size(int set) { return samples[set].size(); }
            @Override long key(int set, int i) { return samples[set].get(i).hash(); }
            @Override void take(int set, int i, int at) { out[at] = samples[set].get(i); }
        }.run(n, out.length);
        return List.of(size == out.length ? out : Arrays.copyOf(out, size));
    }

    @SuppressWarnings("unchecked")
    private static List<PostDigest>[] samples(int n) {
        return (List<PostDigest>[]) new List<?>[n];
    }
}
