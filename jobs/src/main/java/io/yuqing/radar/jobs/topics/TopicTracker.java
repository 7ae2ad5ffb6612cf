package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the candidate terms of one window into topic snapshots and carries topics across windows.
 *
 * <ol>
 *   <li>Bursting terms are clustered by co-occurrence ({@link TopicMerger}).</li>
 *   <li>Each cluster continues the live topic it overlaps most, by keywords
 *       ({@code |terms ∩ keywords| / min(sizes)}) or by posts in this window (the same measure
 *       over the cluster's posts and the posts of the topic's keywords), if that reaches
 *       {@code matchOverlap}; otherwise it founds a new
 *       topic whose id is {@code tp-} + the first 12 hex digits of SHA-256 over its three most
 *       supported terms (sorted) and the window start, so a replay yields the same ids.</li>
 *   <li>A live topic that no cluster continues stays alive on its keywords that still have
 *       {@code sustainAuthors} support (bursting or not): that is how it is followed through
 *       peak and cooling after its terms stop being new.</li>
 *   <li>A live topic without any supporting term for {@code endAfter} gets one final
 *       {@code ended} snapshot (zero counts) and is dropped.</li>
 * </ol>
 *
 * Counts come from the union of its terms' bottom-k samples: exact while the topic has at most
 * k posts in the window, scaled from the uniform sample above. Lifecycle, from the topic's series
 * of post counts: {@code emerging} in its first two windows; {@code rising} while it sets a new
 * peak and grows more than 5 % per slide; {@code peak} while at 80 % of its peak or more;
 * {@code cooling} below that; {@code ended} as above.
 */
public final class TopicTracker {
    static final int MAX_HISTORY = 60;
    static final int MAX_STORED_KEYWORDS = 20;
    static final int SAMPLE_POSTS = 5;

    private final TopicsParams p;

    public TopicTracker(TopicsParams p) {
        this.p = p;
    }

    public record Result(TrackerState state, List<TopicSnapshot> snapshots) {}

    public Result advance(TrackerState state, Instant windowStart, Instant windowEnd, List<TermWindow> candidates) {
        int k = p.sampleSize();
        Map<String, TermWindow> byTerm = new HashMap<>();
        for (TermWindow t : candidates) {
            byTerm.put(t.term(), t);
        }
        List<TermWindow> bursting = candidates.stream().filter(TermWindow::bursting).toList();
        List<List<TermWindow>> clusters = TopicMerger.merge(bursting, p.mergeJaccard(), p.mergeContainment(), k);

        Map<String, LiveTopic> live = new LinkedHashMap<>();
        for (LiveTopic t : state.topics()) {
            live.put(t.id(), t);
        }
        Map<String, Map<String, TermWindow>> assigned = new LinkedHashMap<>();
        // each live topic's posts in this window: the union of its keywords' samples
        Map<String, List<PostDigest>> livePosts = new HashMap<>();
        for (LiveTopic t : live.values()) {
            List<PostDigest> posts = List.of();
            for (String kw : t.keywords()) {
                TermWindow tw = byTerm.get(kw);
                if (tw != null) {
                    posts = TermAcc.unionSamples(posts, tw.sample(), k);
                }
            }
            livePosts.put(t.id(), posts);
        }
        for (List<TermWindow> cluster : clusters) {
            Set<String> terms = new HashSet<>();
            cluster.forEach(t -> terms.add(t.term()));
            List<PostDigest> clusterPosts = List.of();
            for (TermWindow tw : cluster) {
                clusterPosts = TermAcc.unionSamples(clusterPosts, tw.sample(), k);
            }
            LiveTopic best = null;
            double bestOverlap = 0;
            for (LiveTopic t : live.values()) {
                double o = Math.max(overlap(terms, t.keywords()),
                        TopicMerger.overlap(clusterPosts, livePosts.getOrDefault(t.id(), List.of()), k));
                if (o >= p.matchOverlap() && o > bestOverlap) {
                    best = t;
                    bestOverlap = o;
                }
            }
            if (best == null) {
                String id = topicId(cluster, windowStart);
                Instant first = cluster.stream().map(TermWindow::firstSeen).filter(x -> x != null)
                        .min(Comparator.naturalOrder()).orElse(windowStart);
                best = live.containsKey(id) ? live.get(id)
                        : new LiveTopic(id, cluster.stream().map(TermWindow::term).toList(), first, windowEnd,
                        List.of(), 0, Lifecycle.EMERGING);
                live.put(id, best);
            }
            Map<String, TermWindow> a = assigned.computeIfAbsent(best.id(), x -> new LinkedHashMap<>());
            cluster.forEach(t -> a.put(t.term(), t));
        }
        for (LiveTopic t : live.values()) {
            Map<String, TermWindow> a = assigned.computeIfAbsent(t.id(), x -> new LinkedHashMap<>());
            for (String kw : t.keywords()) {
                TermWindow tw = byTerm.get(kw);
                if (tw != null && tw.support() >= p.sustainAuthors()) {
                    a.putIfAbsent(kw, tw);
                }
            }
        }

        List<TopicSnapshot> out = new ArrayList<>();
        List<LiveTopic> next = new ArrayList<>();
        for (LiveTopic t : live.values()) {
            Map<String, TermWindow> a = assigned.get(t.id());
            if (a == null || a.isEmpty()) {
                if (Duration.between(t.lastWindowEnd(), windowEnd).compareTo(p.endAfter()) >= 0) {
                    out.add(new TopicSnapshot(t.id(), title(List.of(), t.keywords()), shown(t.keywords()),
                            windowStart, windowEnd, t.firstSeenAt(), Lifecycle.ENDED, 0, 0, 0, 0, 0, Map.of(), Map.of(),
                            0, t.counts().isEmpty() ? 0 : -1, List.of()));
                } else {
                    next.add(t);
                }
                continue;
            }
            Built b = build(t, new ArrayList<>(a.values()), windowStart, windowEnd);
            out.add(b.snapshot());
            next.add(b.topic());
        }
        return new Result(new TrackerState(next), out);
    }

    private record Built(TopicSnapshot snapshot, LiveTopic topic) {}

    private Built build(LiveTopic t, List<TermWindow> terms, Instant windowStart, Instant windowEnd) {
        int k = p.sampleSize();
        terms.sort(TopicMerger.BY_SUPPORT);
        List<PostDigest> sample = List.of();
        List<Long> authorSample = List.of();
        for (TermWindow tw : terms) {
            sample = TermAcc.unionSamples(sample, tw.sample(), k);
            authorSample = Hashing.union(authorSample, tw.authorSample(), k);
        }
        List<Long> postHashes = sample.stream().map(PostDigest::hash).toList();
        long posts = Hashing.estimate(postHashes, k);
        long authors = Hashing.estimate(authorSample, k);
        double scale = sample.isEmpty() ? 0 : (double) posts / sample.size();

        long originals = 0;
        long negatives = 0;
        long verified = 0;
        long news = 0;
        double engagement = 0;
        Map<String, Long> platforms = new TreeMap<>();
        Map<String, Long> regions = new TreeMap<>();
        for (PostDigest d : sample) {
            originals += d.original() ? 1 : 0;
            negatives += d.negative() ? 1 : 0;
            verified += d.verified() ? 1 : 0;
            news += "news".equals(d.platform()) ? 1 : 0;
            engagement += d.engagement();
            platforms.merge(d.platform(), 1L, Long::sum);
            if (d.region() != null) {
                regions.merge(d.region(), 1L, Long::sum);
            }
        }
        platforms.replaceAll((x, n) -> Math.round(n * scale));
        regions.replaceAll((x, n) -> Math.round(n * scale));
        long negativeCount = Math.min(posts, Math.round(negatives * scale));
        double negativeRatio = posts == 0 ? 0 : Math.round(10_000.0 * negativeCount / posts) / 10_000.0;

        List<String> current = terms.stream().map(TermWindow::term).toList();
        Set<String> kws = new LinkedHashSet<>(current);
        kws.addAll(t.keywords());
        List<String> keywords = kws.stream().limit(MAX_STORED_KEYWORDS).toList();

        long prev = t.counts().isEmpty() ? 0 : t.counts().get(t.counts().size() - 1);
        double velocity = Math.round(100.0 * (posts - prev) / Math.max(prev, 1)) / 100.0;
        long peak = Math.max(t.peak(), posts);
        List<Long> counts = new ArrayList<>(t.counts());
        counts.add(posts);
        while (counts.size() > MAX_HISTORY) {
            counts.remove(0);
        }
        Lifecycle lifecycle = lifecycle(counts, t.peak(), posts, velocity);
        double share = sample.isEmpty() ? 0 : 1.0 / sample.size();
        double heat = TopicHeat.heat(posts, authors, engagement * scale, verified * share, news * share, velocity);

        List<PostDigest> representative = representative(sample, current);
        List<SamplePost> samples = representative.stream()
                .map(d -> new SamplePost(d.id(), d.url(), d.excerpt())).toList();
        Instant firstSeen = t.firstSeenAt();
        for (TermWindow tw : terms) {
            if (tw.firstSeen() != null && tw.firstSeen().isBefore(firstSeen)) {
                firstSeen = tw.firstSeen();
            }
        }
        TopicSnapshot s = new TopicSnapshot(t.id(), title(representative, current), shown(current), windowStart,
                windowEnd, firstSeen, lifecycle, posts, authors, Math.round(originals * scale), negativeCount,
                negativeRatio, platforms, regions, heat, velocity, samples);
        return new Built(s, new LiveTopic(t.id(), keywords, firstSeen, windowEnd, counts, peak, lifecycle));
    }

    static Lifecycle lifecycle(List<Long> counts, long previousPeak, long posts, double velocity) {
        if (counts.size() <= 2) {
            return Lifecycle.EMERGING;
        }
        if (posts >= previousPeak && velocity > 0.05) {
            return Lifecycle.RISING;
        }
        if (posts >= 0.8 * Math.max(previousPeak, posts)) {
            return Lifecycle.PEAK;
        }
        return Lifecycle.COOLING;
    }

    /** Most representative first: covers the topic's terms, engages, comes from a verified source; one per near-dup cluster. */
    static List<PostDigest> representative(List<PostDigest> sample, List<String> terms) {
        Map<Long, PostDigest> bestPerCluster = new HashMap<>();
        Comparator<PostDigest> order = Comparator.comparingDouble((PostDigest d) -> -representativeness(d, terms))
                .thenComparing(PostDigest::id);
        for (PostDigest d : sample) {
            bestPerCluster.merge(d.clusterHash(), d, (a, b) -> order.compare(a, b) <= 0 ? a : b);
        }
        return bestPerCluster.values().stream().sorted(order).limit(SAMPLE_POSTS).toList();
    }

    private static double representativeness(PostDigest d, List<String> terms) {
        int covered = 0;
        for (String t : terms) {
            if (d.keywords().contains(t) || (d.excerpt() != null && d.excerpt().contains(t))) {
                covered++;
            }
        }
        return covered + 0.3 * Math.log1p(d.engagement()) + (d.verified() ? 0.5 : 0) + (d.original() ? 0.5 : 0);
    }

    /** The most representative post's first sentence when it is short enough, else the top terms. */
    String title(List<PostDigest> representative, List<String> terms) {
        if (!representative.isEmpty() && representative.get(0).excerpt() != null) {
            String first = representative.get(0).excerpt().split("[。！？!?\\n]", 2)[0]
                    .replaceAll("#", " ").strip();
            if (first.length() >= 6 && first.length() <= 40) {
                return first;
            }
        }
        return String.join("、", shown(terms).stream().limit(3).toList());
    }

    private List<String> shown(List<String> terms) {
        return terms.stream().limit(p.maxKeywords()).toList();
    }

    private static double overlap(Set<String> terms, List<String> keywords) {
        if (terms.isEmpty() || keywords.isEmpty()) {
            return 0;
        }
        long common = keywords.stream().filter(terms::contains).count();
        return (double) common / Math.min(terms.size(), keywords.size());
    }

    /** Deterministic id of a new topic: its three most supported terms (sorted) and the window start. */
    static String topicId(List<TermWindow> cluster, Instant windowStart) {
        List<String> founding = new ArrayList<>(cluster.stream().sorted(TopicMerger.BY_SUPPORT).limit(3)
                .map(TermWindow::term).toList());
        founding.sort(Comparator.naturalOrder());
        String seed = String.join("\u0001", founding) + "\u0002" + windowStart.toEpochMilli();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("tp-");
            for (int i = 0; i < 6; i++) {
                sb.append(String.format("%02x", d[i] & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
