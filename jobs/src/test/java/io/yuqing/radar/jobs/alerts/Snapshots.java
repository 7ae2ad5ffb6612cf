package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built topic snapshots for the alert tests: a fluent builder over the record. */
final class Snapshots {
    /** A Tuesday outside every default sensitive period (2026-11-24 10:00 China time). */
    static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");

    String topicId = "tp-test";
    String title = "某小区居民反映供暖不热";
    List<String> keywords = List.of("供暖", "小区", "投诉");
    Instant windowEnd = T0;
    Duration window = Duration.ofHours(1);
    Lifecycle lifecycle = Lifecycle.RISING;
    long posts = 10;
    long authors = 10;
    long negative = 0;
    Map<String, Long> platforms = new LinkedHashMap<>(Map.of("weibo", 10L));
    Map<String, Long> regions = new LinkedHashMap<>(Map.of("北京市", 10L));
    Category category;
    double confidence;
    double rumorScore;
    Map<String, Double> signals = Map.of();
    Map<String, Long> organizations = Map.of();

    static Snapshots topic() {
        return new Snapshots();
    }

    Snapshots id(String id) { topicId = id; return this; }
    Snapshots title(String t) { title = t; return this; }
    Snapshots keywords(String... k) { keywords = List.of(k); return this; }
    Snapshots at(Instant end) { windowEnd = end; return this; }
    Snapshots window(Duration w) { window = w; return this; }
    Snapshots lifecycle(Lifecycle l) { lifecycle = l; return this; }
    Snapshots posts(long n) { posts = n; return this; }
    Snapshots authors(long n) { authors = n; return this; }
    Snapshots negative(long n) { negative = n; return this; }
    /** Judged by the topics job as {@code c} with confidence {@code conf}. */
    Snapshots category(Category c, double conf) { category = c; confidence = conf; return this; }
    Snapshots rumor(double score) { rumorScore = score; return this; }
    Snapshots signals(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        signals = m;
        return this;
    }

    Snapshots platforms(Object... kv) { platforms = map(kv); return this; }
    Snapshots regions(Object... kv) { regions = map(kv); return this; }
    Snapshots organizations(Object... kv) { organizations = map(kv); return this; }

    /** {@code share} of the posts negative (set after the post count); below the surge's minimum count. */
    Snapshots tone(double share) { negative = Math.round(posts * share); return this; }

    /** Negative surge: 60% of the posts negative (≥ the 20-post minimum once posts ≥ 34). */
    Snapshots negativeSurge() { negative = Math.round(posts * 0.6); return this; }

    TopicSnapshot build() {
        double ratio = posts == 0 ? 0 : (double) negative / posts;
        TopicSnapshot s = new TopicSnapshot(topicId, title, keywords, windowEnd.minus(window), windowEnd,
                T0.minus(Duration.ofHours(3)), lifecycle, posts, authors, posts, negative, ratio, platforms, regions,
                posts / 10.0, 0.5, List.of(new SamplePost("p1", "https://weibo.com/p1", "暖气片是凉的")));
        s = s.withOrganizations(organizations);
        return category == null ? s : s.withJudgement(category, confidence, List.of(), rumorScore, signals);
    }

    private static Map<String, Long> map(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }
}
