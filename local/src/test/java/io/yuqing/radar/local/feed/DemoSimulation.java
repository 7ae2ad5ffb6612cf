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
import io.yuqing.radar.schemas.Json;
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

/**
 * The demo stream as {@code radar-local} produces it (the {@link DemoFeed} generator, its seed and
 * event times, history then live) through the real enrichment ({@link PostEnricher}), near-duplicate
 * clustering (the {@link NearDuplicateIndex} logic of the enrich job, in one process), the topics
 * job's logic ({@link TopicsSimulator}, with the demo's settings) and the alerts job's
 * ({@link ReportSequencer} with the shipped rules). Without a stack, so what the trend page shows at
 * a given minute can be measured in seconds.
 *
 * <p>Differences from the stack: posts reach the topics logic in event-time order (the stack's
 * watermark holds windows back by {@code topics.out-of-orderness} and counts overtaken posts as
 * late), so {@link #hotList} only shows windows that ended that long before the moment asked.
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

    private DemoSimulation(Instant up, Duration until, Settings settings, double rate) {
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
        Instant end = up.plus(until).plus(outOfOrderness).plus(cfg.slide());
        long n = 0;
        long bad = 0;
        int seen = 0;
        try (gen) {
            while (gen.hasNext()) {
                FeedRecord r = gen.next();
                if (!r.eventTime().isBefore(end)) {
                    break;
                }
                // history is sent ahead of the clock, live posts at it: either way never "from the future"
                EnrichOutcome o = enricher.enrich(r.value(), r.eventTime().isAfter(up) ? r.eventTime() : up);
                if (!(o instanceof EnrichOutcome.Enriched e)) {
                    bad++;
                    continue;
                }
                EnrichedPost post = clusters.assign(e.post());
                sourceOf.put(post.id(), gen.lastSource());
                topics.add(post);
                n++;
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
        this.snapshots = topics.snapshots();
        this.posts = n;
        this.rejected = bad;
        alerts.replaceAll(a -> new Raised(a.alert(), eventOf(a.alert().topicId())));
    }

    /** Runs the demo from its first generated post to {@code until} after it goes live at {@code up}. */
    static DemoSimulation run(Instant up, Duration until) {
        return new DemoSimulation(up, until, DemoFeed.apply(Settings.defaults()), 300);
    }

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
            b.append(String.format(Locale.ROOT, "  event %d %s · %s: starts %+d min, peak %+d min, ends %+d min%n", i,
                    e.kind().label(), e.subject(), Duration.between(up, e.start()).toMinutes(),
                    Duration.between(up, e.peak()).toMinutes(), Duration.between(up, e.end()).toMinutes()));
        }
        return b.append(String.format(Locale.ROOT, "  %,d posts enriched, %,d refused, %,d snapshots%n", posts,
                rejected, snapshots.size())).toString();
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

    static String json(Object o) {
        return Json.toString(o);
    }
}
