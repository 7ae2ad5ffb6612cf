package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

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

    /** The body of {@code GET /api/v1/alerts}. */
    record AlertPage(long total, int page, int size, List<Alert> items) {
        AlertPage {
            items = List.copyOf(items);
        }
    }

    /** The body of {@code GET /api/v1/topics/{id}}: the latest snapshot and the series, newest first. */
    record TopicDetail(TopicSnapshot topic, List<TrendPoint> series) {
        TopicDetail {
            series = List.copyOf(series);
        }

        static TopicDetail of(List<TopicSnapshot> history) {
            return new TopicDetail(history.get(0), history.stream().map(TrendPoint::of).toList());
        }
    }

    /** One point of a topic's trend. */
    record TrendPoint(Instant windowEnd, long postCount, long authorCount, double negativeRatio,
                      double heat, Lifecycle lifecycle) {
        static TrendPoint of(TopicSnapshot s) {
            return new TrendPoint(s.windowEnd(), s.postCount(), s.authorCount(), s.negativeRatio(), s.heat(),
                    s.lifecycle());
        }
    }

    /** The body of {@code GET /api/v1/topics/hot}. */
    record HotTopicsPage(int hours, int size, List<TopicSnapshot> items) {
        HotTopicsPage {
            items = List.copyOf(items);
        }
    }
}
