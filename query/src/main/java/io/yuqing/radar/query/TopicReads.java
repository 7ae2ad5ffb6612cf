package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read paths over topic snapshots and alerts, one functional interface each so tests can stub them. */
final class TopicReads {
    private TopicReads() {}

    /** Latest snapshot per topic, ranked by heat (Elasticsearch {@code topics-*}). */
    interface HotTopics {
        List<TopicSnapshot> hot(HotTopicsParams params) throws IOException;
    }

    /** A topic's snapshots, newest first, at most {@code limit} (HBase {@code topic_trend}). */
    interface TopicHistory {
        List<TopicSnapshot> history(String topicId, int limit) throws IOException;
    }

    /** Alerts, newest detected first (Elasticsearch {@code alerts-*}). */
    interface AlertSearch {
        AlertPage search(AlertParams params) throws IOException;
    }

    /** Each topic's current alert level: the level of its latest report. Topics never alerted are absent. */
    interface CurrentLevels {
        Map<String, RiskLevel> of(Collection<String> topicIds) throws IOException;
    }

    /** The topics and alerts of a report's period (Elasticsearch {@code topics-*}, {@code alerts-*}). */
    interface ReportSource {
        ReportInputs read(ReportPeriod period, double minHeat) throws IOException;
    }

    /** The body of {@code GET /api/v1/alerts}. */
    record AlertPage(long total, int page, int size, List<Alert> items) {
        AlertPage {
            items = List.copyOf(items);
        }
    }

    /**
     * The body of {@code GET /api/v1/topics/{id}}.
     *
     * @param topic               the latest snapshot (title, keywords, lifecycle, its window's counts)
     * @param title               the title of the latest window that had posts: once a topic ends,
     *                            its last, empty windows are titled with bare keywords
     * @param level               current alert level (of the latest report), or null if never alerted
     * @param series              the trend, newest first: counts, heat and sentiment per window
     * @param peak                the window of highest heat; {@code platforms} and {@code regions}
     *                            are its distribution, the topic at its widest
     * @param representativePosts distinct sample posts over the topic's history, newest window first
     * @param alerts              the topic's reports (首报, 续报), newest first
     */
    record TopicDetail(TopicSnapshot topic, String title, RiskLevel level, List<String> keywords,
                       List<TrendPoint> series,
                       TrendPoint peak, Map<String, Long> platforms, Map<String, Long> regions,
                       List<SamplePost> representativePosts, List<Alert> alerts) {
        static final int MAX_REPRESENTATIVE_POSTS = 10;

        TopicDetail {
            keywords = List.copyOf(keywords);
            series = List.copyOf(series);
            platforms = Map.copyOf(platforms);
            regions = Map.copyOf(regions);
            representativePosts = List.copyOf(representativePosts);
            alerts = List.copyOf(alerts);
        }

        /**
         * @param history snapshots newest first, not empty
         * @param alerts  the topic's alerts newest first
         */
        static TopicDetail of(List<TopicSnapshot> history, List<Alert> alerts) {
            TopicSnapshot latest = history.get(0);
            TopicSnapshot peak = history.stream().max(Comparator.comparingDouble(TopicSnapshot::heat)).orElseThrow();
            Map<String, SamplePost> posts = new LinkedHashMap<>();
            for (TopicSnapshot s : history) {
                for (SamplePost p : s.samplePosts()) {
                    if (posts.size() < MAX_REPRESENTATIVE_POSTS && p.id() != null) {
                        posts.putIfAbsent(p.id(), p);
                    }
                }
            }
            RiskLevel level = alerts.isEmpty() ? null : alerts.get(0).level();
            TopicSnapshot named = history.stream().filter(s -> s.postCount() > 0 && s.title() != null).findFirst()
                    .orElse(latest);
            String title = named.title() != null ? named.title() : String.join("、", named.keywords());
            return new TopicDetail(latest, title, level, named.keywords(),
                    history.stream().map(TrendPoint::of).toList(),
                    TrendPoint.of(peak), peak.platforms(), peak.regions(), List.copyOf(posts.values()), alerts);
        }
    }

    /** One point of a topic's trend; negative_count and negative_ratio are its sentiment over time. */
    record TrendPoint(Instant windowEnd, long postCount, long authorCount, long negativeCount, double negativeRatio,
                      double heat, Lifecycle lifecycle) {
        static TrendPoint of(TopicSnapshot s) {
            return new TrendPoint(s.windowEnd(), s.postCount(), s.authorCount(), s.negativeCount(), s.negativeRatio(),
                    s.heat(), s.lifecycle());
        }
    }

    /**
     * The body of {@code GET /api/v1/topics/hot}.
     *
     * @param levels current alert level by topic id, for the listed topics that were ever alerted
     */
    record HotTopicsPage(int hours, int size, List<TopicSnapshot> items, Map<String, RiskLevel> levels) {
        HotTopicsPage {
            items = List.copyOf(items);
            levels = Map.copyOf(levels);
        }
    }
}
