package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.Instant;
import java.util.List;

/**
 * What the alerts job remembers of one topic (Flink keyed state, as JSON): its baseline, and once
 * reported on, what the reports said. {@code lastSeq} 0 means not reported yet.
 *
 * @param lastSeq           report_seq of the last report
 * @param lastLevel         level of the last report
 * @param lastReportAt      window end of the snapshot the last report came from (event time)
 * @param lastPostCount     post_count of that snapshot, the base of "volume doubled"
 * @param reportedRegions   regions named in any report so far (a new one is a material change)
 * @param reportedPlatforms platforms named in any report so far
 * @param lastWindowEnd     window end of the newest snapshot seen, to ignore stale or repeated ones
 * @param closed            the closing report has gone out
 * @param baseline          the topic's own baseline of earlier windows (for the burst rules)
 */
public record TopicAlertState(
        String topicId,
        int lastSeq,
        RiskLevel lastLevel,
        Instant lastReportAt,
        long lastPostCount,
        List<String> reportedRegions,
        List<String> reportedPlatforms,
        Instant lastWindowEnd,
        boolean closed,
        Baseline baseline) {

    public TopicAlertState {
        reportedRegions = reportedRegions == null ? List.of() : List.copyOf(reportedRegions);
        reportedPlatforms = reportedPlatforms == null ? List.of() : List.copyOf(reportedPlatforms);
        baseline = baseline == null ? Baseline.NONE : baseline;
    }

    /** A topic seen, not yet reported on. */
    static TopicAlertState unreported(String topicId) {
        return new TopicAlertState(topicId, 0, null, null, 0, List.of(), List.of(), null, false, Baseline.NONE);
    }

    boolean reported() {
        return lastSeq > 0;
    }

    TopicAlertState seen(Instant windowEnd) {
        return new TopicAlertState(topicId, lastSeq, lastLevel, lastReportAt, lastPostCount, reportedRegions,
                reportedPlatforms, windowEnd, closed, baseline);
    }

    /** After a snapshot: its window is seen, its counts join the baseline. */
    TopicAlertState observed(TopicSnapshot s, double alpha) {
        return new TopicAlertState(topicId, lastSeq, lastLevel, lastReportAt, lastPostCount, reportedRegions,
                reportedPlatforms, s.windowEnd(), closed, baseline.add(s, alpha));
    }
}
