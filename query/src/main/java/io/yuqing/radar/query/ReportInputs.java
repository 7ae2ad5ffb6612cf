package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Category;

import java.time.Instant;
import java.util.List;

/**
 * What a report is built from: the period's alerts and, per topic that was hot or alerted in it,
 * a summary of its snapshots.
 *
 * @param truncated true when the period held more alerts or topics than one report reads
 */
record ReportInputs(List<TopicSummary> topics, List<Alert> alerts, boolean truncated) {
    ReportInputs {
        topics = List.copyOf(topics);
        alerts = List.copyOf(alerts);
    }

    /**
     * One topic over the period. Counts are per window (a 10-minute window sliding every minute),
     * so the peaks are the topic at its largest; a sum over windows would count each post ten times.
     *
     * @param trend sparse: only buckets that had snapshots, oldest first
     * @param category   the category of the peak window's snapshot, or null when it was not judged
     * @param rumorScore the highest rumour score of the period's snapshots, or null when none was judged
     */
    record TopicSummary(String topicId, String title, List<String> keywords, Instant firstSeenAt,
                        double peakHeat, long peakPosts, long peakAuthors, Instant peakAt, List<Bucket> trend,
                        Category category, Double rumorScore) {
        TopicSummary {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
            trend = List.copyOf(trend);
        }
    }

    /** The highest heat and post count of the windows ending within one sparkline bucket. */
    record Bucket(Instant start, double heat, long posts) {}
}
