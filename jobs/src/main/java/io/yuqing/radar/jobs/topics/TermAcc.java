package io.yuqing.radar.jobs.topics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A term's counts in one window, bounded whatever the term's volume: exact post count, bottom-k
 * sets of author and near-duplicate cluster hashes (distinct counts, see {@link Hashing}) and a
 * bottom-k sample of post digests by post-id hash (a uniform, mergeable sample that also serves
 * as a MinHash signature for co-occurrence). Immutable: every change returns a new value.
 */
public record TermAcc(long posts, List<PostDigest> sample, List<Long> authors, List<Long> clusters, Instant firstSeen) {
    public static final TermAcc EMPTY = new TermAcc(0, List.of(), List.of(), List.of(), null);

    public TermAcc {
        sample = sample == null ? List.of() : List.copyOf(sample);
        authors = authors == null ? List.of() : List.copyOf(authors);
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }

    public TermAcc add(PostDigest p, int k) {
        Instant first = firstSeen == null || (p.createdAt() != null && p.createdAt().isBefore(firstSeen))
                ? p.createdAt() : firstSeen;
        return new TermAcc(posts + 1, insert(sample, p, k), Hashing.insert(authors, p.authorHash(), k),
                Hashing.insert(clusters, p.clusterHash(), k), first);
    }

    public TermAcc merge(TermAcc o, int k) {
        Instant first = firstSeen == null ? o.firstSeen
                : o.firstSeen == null || firstSeen.isBefore(o.firstSeen) ? firstSeen : o.firstSeen;
        return new TermAcc(posts + o.posts, unionSamples(sample, o.sample, k), Hashing.union(authors, o.authors, k),
                Hashing.union(clusters, o.clusters, k), first);
    }

    public long authorCount(int k) {
        return Hashing.estimate(authors, k);
    }

    public long clusterCount(int k) {
        return Hashing.estimate(clusters, k);
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
        List<PostDigest> out = new ArrayList<>(Math.min(sorted.size() + 1, k));
        out.addAll(sorted);
        out.add(lo, p);
        if (out.size() > k) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** The bottom-k sample of the union of two bottom-k samples (duplicates by post hash dropped). */
    static List<PostDigest> unionSamples(List<PostDigest> a, List<PostDigest> b, int k) {
        List<PostDigest> out = new ArrayList<>(Math.min(a.size() + b.size(), k));
        int i = 0;
        int j = 0;
        while (out.size() < k && (i < a.size() || j < b.size())) {
            PostDigest next;
            if (j >= b.size() || (i < a.size() && a.get(i).hash() <= b.get(j).hash())) {
                next = a.get(i++);
                if (j < b.size() && b.get(j).hash() == next.hash()) {
                    j++;
                }
            } else {
                next = b.get(j++);
            }
            out.add(next);
        }
        return out;
    }
}
