package io.yuqing.radar.local.feed;

import io.yuqing.radar.jobs.alerts.AlertRulesConfig;
import io.yuqing.radar.jobs.alerts.ReportSequencer;
import io.yuqing.radar.jobs.alerts.TopicAlertState;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.enrich.dedup.Cluster;
import io.yuqing.radar.jobs.enrich.dedup.NearDuplicateIndex;
import io.yuqing.radar.jobs.enrich.dedup.NearDuplicates;
import io.yuqing.radar.jobs.enrich.dedup.SimHash;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.jobs.topics.TopicsSimulator;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The demo stream as {@code radar-local} produces it (the {@link DemoFeed} generator, its seed and
 * event times, history then live) through the real enrichment ({@link PostEnricher}), near-duplicate
 * clustering (the {@link NearDuplicateIndex} logic of the enrich job, in one process), the topics
 * job's logic ({@link TopicsSimulator}, with the demo's settings) and the alerts job's
 * ({@link ReportSequencer} with the shipped rules). Without a stack, so what the trend page shows at
 * a given minute can be measured in seconds.
 *
 * <p>The stack's disorder is modelled, not run: posts are sent as the demo's replayer paces them,
 * each enrich subtask runs late by a varying stall ({@link Stalls}), and the topics job's watermark
 * (newest post less {@code topics.out-of-orderness}) drops those it has passed, as its
 * LatePostFilter does. {@link #hotList} only shows windows the watermark has released.
 */
final class DemoSimulation {
    /** Trend page default: the last 24 h, 20 topics. */
    static final Duration HOT_HOURS = Duration.ofHours(24);
    static final int HOT_SIZE = 20;

    /** A topic on the hot list: its latest snapshot and the planted event it is about (-1: chatter). */
    record HotTopic(TopicSnapshot snapshot, int event) {
        boolean chatter() {
            return event < 0;
        }
    }

    /** An alert and the planted event its topic is about (-1: chatter). */
    record Raised(Alert alert, int event) {}

    final Instant up;
    final Duration outOfOrderness;
    final List<PostGenerator.PlantedEventInfo> events;
    final List<TopicSnapshot> snapshots;
    final List<Raised> alerts = new ArrayList<>();
    private final Map<String, Integer> sourceOf = new HashMap<>();
    private final Map<String, int[]> votes = new HashMap<>();
    final long posts;
    final long rejected;
    /** Posts the topics job would count late (behind its watermark), and those of them sent live. */
    final long late;
    final long lateLive;
    final String disorder;

    private DemoSimulation(Instant up, Duration until, Settings settings, double rate, double speedUp, Duration stall) {
        this.up = up;
        TopicsJobConfig cfg = TopicsJobConfig.from(settings);
        this.outOfOrderness = cfg.outOfOrderness();
        PostGenerator gen = DemoFeed.generator(up, rate);
        this.events = gen.plantedEvents();
        TopicsSimulator topics = new TopicsSimulator(cfg.params(), cfg.window(), cfg.slide());
        PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
        Clusters clusters = new Clusters(settings.getDuration("enrich.dup-horizon").toMillis());
        AlertRulesConfig rules = AlertRulesConfig.defaults();
        Map<String, TopicAlertState> alertState = new HashMap<>();
        Stalls stalls = new Stalls(stall.toMillis(), 2);
        List<Long> behindHistory = new ArrayList<>();
        List<Long> behindLive = new ArrayList<>();
        long ooo = outOfOrderness.toMillis();
        PriorityQueue<Arrival> inFlight = new PriorityQueue<>(Comparator.comparingLong(Arrival::wall));
        PriorityQueue<EnrichedPost> onTime = new PriorityQueue<>(Comparator.comparing(EnrichedPost::createdAt));
        Instant end = up.plus(until).plus(outOfOrderness).plus(cfg.slide());
        long n = 0;
        long bad = 0;
        long late = 0;
        long lateLive = 0;
        long maxTs = Long.MIN_VALUE;
        int seen = 0;
        Instant first = null;
        try (gen) {
            boolean more = true;
            while (more || !inFlight.isEmpty()) {
                long now;
                if (more && gen.hasNext()) {
                    FeedRecord r = gen.next();
                    if (!r.eventTime().isBefore(end)) {
                        more = false;
                        continue;
                    }
                    first = first == null ? r.eventTime() : first;
                    // history is sent ahead of the clock, live posts at it: either way never "from the future"
                    EnrichOutcome o = enricher.enrich(r.value(), r.eventTime().isAfter(up) ? r.eventTime() : up);
                    if (!(o instanceof EnrichOutcome.Enriched e)) {
                        bad++;
                        continue;
                    }
                    EnrichedPost post = clusters.assign(e.post());
                    sourceOf.put(post.id(), gen.lastSource());
                    n++;
                    now = sentAt(first, post.createdAt(), up, speedUp);
                    inFlight.add(new Arrival(now + stalls.lag(Math.floorMod(post.id().hashCode(), 2), now), post));
                } else {
                    more = false;
                    now = Long.MAX_VALUE;
                }
                while (!inFlight.isEmpty() && inFlight.peek().wall() <= now) {
                    EnrichedPost post = inFlight.poll().post();
                    long ts = post.createdAt().toEpochMilli();
                    maxTs = Math.max(maxTs, ts);
                    (post.createdAt().isAfter(up) ? behindLive : behindHistory).add(maxTs - ts);
                    if (ts < maxTs - ooo) {
                        late++;
                        lateLive += post.createdAt().isAfter(up) ? 1 : 0;
                        continue;
                    }
                    onTime.add(post);
                }
                while (!onTime.isEmpty() && (now == Long.MAX_VALUE
                        || onTime.peek().createdAt().toEpochMilli() <= maxTs - ooo)) {
                    topics.add(onTime.poll());
                    List<TopicSnapshot> all = topics.snapshots();
                    for (; seen < all.size(); seen++) {
                        TopicSnapshot s = all.get(seen);
                        vote(s);
                        ReportSequencer.Step step = ReportSequencer.step(alertState.get(s.topicId()), s, rules, s.windowEnd());
                        if (step.state() == null) {
                            alertState.remove(s.topicId());
                        } else {
                            alertState.put(s.topicId(), step.state());
                        }
                        step.report().ifPresent(a -> alerts.add(new Raised(a, -2)));
                    }
                }
            }
        }
        this.snapshots = topics.snapshots();
        this.posts = n;
        this.rejected = bad;
        this.late = late;
        this.lateLive = lateLive;
        this.disorder = String.format(Locale.ROOT, "posts behind the newest before them: history %s, live %s",
                spread(behindHistory), spread(behindLive));
        alerts.replaceAll(a -> new Raised(a.alert(), eventOf(a.alert().topicId())));
    }

    /**
     * When the demo's replayer sends a post, in wall milliseconds after it starts (at {@code up}):
     * history paced at the speed-up from the first post, never before the post's own time.
     */
    static long sentAt(Instant first, Instant t, Instant up, double speedUp) {
        long paced = (long) (Duration.between(first, t).toMillis() / speedUp);
        return Math.max(paced, Duration.between(up, t).toMillis());
    }

    private static String spread(List<Long> ms) {
        if (ms.isEmpty()) {
            return "-";
        }
        List<Long> x = ms.stream().sorted().toList();
        return String.format(Locale.ROOT, "median %d s, p90 %d s, max %d s", x.get(x.size() / 2) / 1000,
                x.get(x.size() * 9 / 10) / 1000, x.get(x.size() - 1) / 1000);
    }

    private record Arrival(long wall, EnrichedPost post) {}

    /**
     * How far behind each enrich subtask runs, in wall time: a fresh draw between 0 and {@code max}
     * every {@value #KNOT} ms of wall time, interpolated. Both subtasks write into every partition
     * of the enriched topic, so their difference is the disorder the topics job sees; at a
     * speed-up of s, each wall second of it is s seconds of event time. Measured on radar-local at
     * 60x (yuqing.posts.enriched read back in offset order): posts of the caught-up history up to
     * 403 s behind the newest before them in their partition (median 88 s; the LatePostFilter
     * dropped 4,913 of 17,616 posts), live posts up to 41 s. Stalls lasting seconds, as drawn
     * here, reproduce what users saw at 60x: chatter filling the hot list and a 较大 alert for a
     * child crying at kindergarten.
     */
    private static final class Stalls {
        private final long max;
        private final List<long[]> knots = new ArrayList<>();
        private static final long KNOT = 5_000;
        private final SplittableRandom rng = new SplittableRandom(7);

        Stalls(long max, int subtasks) {
            this.max = max;
            for (int k = 0; k < subtasks; k++) {
                knots.add(new long[0]);
            }
        }

        long lag(int subtask, long wall) {
            long sec = Math.max(0, Math.floorDiv(wall, KNOT));
            long[] k = knots.get(subtask);
            if (k.length < sec + 2) {
                long[] grown = java.util.Arrays.copyOf(k, (int) Math.max(sec + 2, k.length * 2L));
                for (int i = k.length; i < grown.length; i++) {
                    grown[i] = max == 0 ? 0 : rng.nextLong(max + 1);
                }
                knots.set(subtask, grown);
                k = grown;
            }
            double f = (Math.max(0, wall) - sec * KNOT) / (double) KNOT;
            return Math.round(k[(int) sec] * (1 - f) + k[(int) sec + 1] * f);
        }
    }

    /** Runs the demo from its first generated post to {@code until} after it goes live at {@code up}. */
    static DemoSimulation run(Instant up, Duration until) {
        return run(up, until, DemoFeed.CATCH_UP_SPEED);
    }

    /** The same, with the history caught up at {@code speedUp} ({@code --speedup}). */
    static DemoSimulation run(Instant up, Duration until, double speedUp) {
        return new DemoSimulation(up, until, DemoFeed.apply(Settings.defaults()), 300, speedUp, ENRICH_STALL);
    }

    /** See {@link Stalls}: 403 s of disorder at 60x is 6.7 s of wall time. */
    static final Duration ENRICH_STALL = Duration.ofMillis(6_500);

    /**
     * The trend page's hot list {@code after} going live: each topic's latest snapshot whose window
     * ended in the last 24 h (and that the stack's watermark has released), hottest first, as the
     * query service ranks them.
     */
    List<HotTopic> hotList(Duration after) {
        Instant at = up.plus(after);
        Instant released = at.minus(outOfOrderness);
        Map<String, TopicSnapshot> latest = new LinkedHashMap<>();
        for (TopicSnapshot s : snapshots) {
            if (!s.windowEnd().isAfter(released) && s.windowEnd().isAfter(at.minus(HOT_HOURS))) {
                latest.merge(s.topicId(), s, (a, b) -> b.windowEnd().isAfter(a.windowEnd()) ? b : a);
            }
        }
        return latest.values().stream()
                .sorted(Comparator.comparingDouble(TopicSnapshot::heat).reversed())
                .limit(HOT_SIZE)
                .map(s -> new HotTopic(s, eventOf(s.topicId())))
                .toList();
    }

    /** Alerts raised for windows released by {@code after} going live. */
    List<Raised> alerts(Duration after) {
        Instant released = up.plus(after).minus(outOfOrderness);
        return alerts.stream().filter(a -> !a.alert().windowEnd().isAfter(released)).toList();
    }

    /** Planted events that began at least {@code grace} before {@code after} going live. */
    List<Integer> begun(Duration after, Duration grace) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).start().isAfter(up.plus(after).minus(grace))) {
                out.add(i);
            }
        }
        return out;
    }

    String report(Duration after) {
        StringBuilder b = new StringBuilder();
        List<HotTopic> hot = hotList(after);
        b.append(String.format(Locale.ROOT, "— %d min after Up: hot list (%d topics, %d chatter)%n",
                after.toMinutes(), hot.size(), hot.stream().filter(HotTopic::chatter).count()));
        for (HotTopic h : hot) {
            TopicSnapshot s = h.snapshot();
            b.append(String.format(Locale.ROOT, "  %6.1f  %-9s %-10s %-12s %s · %d posts%n", s.heat(),
                    s.lifecycle().name().toLowerCase(Locale.ROOT),
                    s.category() == null ? "-" : s.category().json(),
                    h.chatter() ? "CHATTER" : "event " + h.event() + " " + events.get(h.event()).kind().label(),
                    s.title(), s.postCount()));
        }
        for (Raised a : alerts(after)) {
            Alert x = a.alert();
            b.append(String.format(Locale.ROOT, "  ALERT #%d %s %s (%s) %s · %s%n", x.reportSeq(), x.levelCn(),
                    a.event() < 0 ? "CHATTER" : "event " + a.event(), x.category() == null ? "-" : x.category().json(),
                    x.title(), x.reasons().stream().map(r -> r.rule()).toList()));
        }
        return b.toString();
    }

    String eventsBanner() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            PostGenerator.PlantedEventInfo e = events.get(i);
            int event = i;
            String found = snapshots.stream().filter(s -> eventOf(s.topicId()) == event).findFirst()
                    .map(s -> "first snapshot " + Duration.between(e.start(), s.windowEnd()).toMinutes() + " min after it starts")
                    .orElse("no topic");
            b.append(String.format(Locale.ROOT, "  event %d %s · %s: starts %+d min, peak %+d min, ends %+d min; %s%n", i,
                    e.kind().label(), e.subject(), Duration.between(up, e.start()).toMinutes(),
                    Duration.between(up, e.peak()).toMinutes(), Duration.between(up, e.end()).toMinutes(), found));
        }
        return b.append(String.format(Locale.ROOT, "  %,d posts enriched, %,d refused, %,d late (%,d of them live), %,d snapshots%n  %s%n",
                posts, rejected, late, lateLive, snapshots.size(), disorder)).toString();
    }

    /** A topic is about the planted event (or chatter) most of its sampled posts came from. */
    int eventOf(String topicId) {
        int[] v = votes.get(topicId);
        if (v == null) {
            return -1;
        }
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best - 1;
    }

    private void vote(TopicSnapshot s) {
        int[] v = votes.computeIfAbsent(s.topicId(), k -> new int[events.size() + 1]);
        for (SamplePost p : s.samplePosts()) {
            Integer src = sourceOf.get(p.id());
            if (src != null) {
                v[src + 1]++;
            }
        }
    }

    /**
     * The enrich job's near-duplicate clustering in one process: the same fingerprints, band
     * indexes and repost rule as {@link NearDuplicates}, without the keyed streams.
     */
    private static final class Clusters {
        private final long horizon;
        private final SimHash simHash = new SimHash();
        private final Map<Integer, NearDuplicateIndex> bands = new HashMap<>();
        private final Map<String, String> clusterOf = new HashMap<>();

        Clusters(long horizon) {
            this.horizon = horizon;
        }

        EnrichedPost assign(EnrichedPost post) {
            String text = post.text();
            Long h = null;
            if (text != null && !text.isEmpty()) {
                long x = simHash.hash(text);
                if (simHash.contentChars() >= NearDuplicates.MIN_CONTENT_CHARS) {
                    h = x;
                }
            }
            String hex = h == null ? null : SimHash.hex(h);
            if (NearDuplicates.isRepost(post)) {
                return post.withNearDuplicate(hex, clusterOf.getOrDefault(post.repostOf(), post.repostOf()));
            }
            if (h == null) {
                return post.withNearDuplicate(null, post.id());
            }
            long t = post.createdAt().toEpochMilli();
            Cluster best = null;
            for (int band = 0; band < NearDuplicateIndex.BANDS; band++) {
                NearDuplicateIndex idx = bands.computeIfAbsent(NearDuplicateIndex.bandKey(h, band),
                        k -> new NearDuplicateIndex(horizon, NearDuplicateIndex.DEFAULT_CAPACITY));
                best = Cluster.earliest(best, idx.probeAndAdd(post.id(), h, t));
            }
            if (!best.id().equals(post.id())) {
                clusterOf.put(post.id(), best.id());
            }
            return post.withNearDuplicate(hex, best.id());
        }
    }
}
