package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.RiskGrader.Grade;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, snapshot by snapshot, whether a topic gets a report: a pure state machine per topic
 * (the Flink operator only keeps its {@link TopicAlertState}, which also carries the topic's
 * baseline for the burst rules: each snapshot is graded against the windows before it).
 * <ul>
 *   <li><b>首报</b>: the first snapshot with a level is report 1.</li>
 *   <li><b>续报</b> (with {@code previous_level}): an upgrade, at once; a downgrade, a material
 *       change (post count at {@code volume-factor} × the last report's, a new region, a new
 *       platform), only once {@code min-interval} of event time has passed since the last report
 *       (what changed within the interval is still there after it, so nothing is lost, only
 *       batched).</li>
 *   <li><b>Hysteresis</b>: a lower level is reported only when the topic misses its reported level
 *       even with every threshold multiplied by {@code hysteresis}; a topic with no concern left
 *       keeps its level until it ends.</li>
 *   <li><b>Closing report</b>: when the topic's lifecycle is {@code ended}, one 续报 at the last
 *       level with the reason {@value #TOPIC_ENDED}; a topic that comes back after it is reported
 *       again at once.</li>
 * </ul>
 * Upgrades bypass the interval because an upgrade asks for a stronger response (迟报 is a failure)
 * and cannot storm: to upgrade again a topic must first have been downgraded, which hysteresis and
 * the interval both slow down, so a topic produces at most two reports per interval while it
 * oscillates. Time is the snapshot's event time, so a replay after a failure takes the same
 * decisions and the same alert ids ({@code topic_id + "-" + report_seq}).
 */
public final class ReportSequencer {
    public static final String TOPIC_ENDED = "topic_ended";
    public static final String VOLUME_GROWTH = "volume_growth";
    public static final String NEW_REGION = "new_region";
    public static final String NEW_PLATFORM = "new_platform";

    private ReportSequencer() {}

    /** The state after a snapshot (null: nothing to remember) and the report to send, if any. */
    public record Step(TopicAlertState state, Alert alert) {
        public Optional<Alert> report() {
            return Optional.ofNullable(alert);
        }
    }

    public static String alertId(String topicId, int reportSeq) {
        return topicId + "-" + reportSeq;
    }

    /**
     * @param state what is known of the topic, null when nothing is
     * @param now   the time written as {@code detected_at}
     */
    public static Step step(TopicAlertState state, TopicSnapshot s, AlertRulesConfig c, Instant now) {
        if (state != null && state.lastWindowEnd() != null && s.windowEnd() != null
                && !s.windowEnd().isAfter(state.lastWindowEnd())) {
            return new Step(state, null); // stale or repeated snapshot
        }
        if (s.lifecycle() == Lifecycle.ENDED) {
            if (state == null || !state.reported()) {
                return new Step(null, null); // never reported: nothing to close, nothing to keep
            }
            if (state.closed()) {
                return new Step(state.seen(s.windowEnd()), null);
            }
            return report(state, s, state.lastLevel(), List.of(new AlertReason(TOPIC_ENDED, 1, 1)), true, now);
        }

        TopicAlertState known = state == null ? TopicAlertState.unreported(s.topicId()) : state;
        // the snapshot is graded against the baseline of the windows before it
        Optional<Grade> graded = RiskGrader.grade(s, known.baseline(), c, 1.0);
        TopicAlertState observed = known.observed(s, c.volume().burst().alpha());
        if (!known.reported()) {
            return graded.map(g -> report(observed, s, g.level(), g.reasons(), false, now))
                    .orElse(new Step(observed, null));
        }

        RiskLevel reported = known.lastLevel();
        Grade effective = graded.orElse(null);
        if (!known.closed() && (effective == null || effective.level().compareTo(reported) < 0)) {
            Optional<Grade> hold = RiskGrader.grade(s, known.baseline(), c, c.reporting().hysteresis());
            if (hold.isPresent() && hold.get().level().compareTo(reported) >= 0) {
                effective = new Grade(reported, hold.get().reasons());
            }
        }
        if (effective == null) {
            return new Step(observed, null);
        }

        boolean upgrade = effective.level().compareTo(reported) > 0;
        boolean downgrade = effective.level().compareTo(reported) < 0;
        List<AlertReason> material = materialChanges(known, s, c);
        boolean due = known.lastReportAt() == null || s.windowEnd() == null
                || !Duration.between(known.lastReportAt(), s.windowEnd()).minus(c.reporting().minInterval()).isNegative();
        if (upgrade || known.closed() || (due && (downgrade || !material.isEmpty()))) {
            List<AlertReason> reasons = new ArrayList<>(effective.reasons());
            reasons.addAll(material);
            return report(observed, s, effective.level(), reasons, false, now);
        }
        return new Step(observed, null);
    }

    /** Volume growth, new regions and new platforms since the reports so far (each when enabled). */
    static List<AlertReason> materialChanges(TopicAlertState state, TopicSnapshot s, AlertRulesConfig c) {
        List<AlertReason> out = new ArrayList<>();
        double volumeThreshold = state.lastPostCount() * c.reporting().volumeFactor();
        if (state.lastPostCount() > 0 && s.postCount() >= volumeThreshold) {
            out.add(new AlertReason(VOLUME_GROWTH, s.postCount(), AlertRules.round(volumeThreshold)));
        }
        long minPosts = c.breadth().minPosts();
        if (c.reporting().newRegion()) {
            long fresh = significant(s.regions(), minPosts).stream().filter(r -> !state.reportedRegions().contains(r)).count();
            if (fresh > 0) {
                out.add(new AlertReason(NEW_REGION, fresh, 1));
            }
        }
        if (c.reporting().newPlatform()) {
            long fresh = significant(s.platforms(), minPosts).stream().filter(p -> !state.reportedPlatforms().contains(p)).count();
            if (fresh > 0) {
                out.add(new AlertReason(NEW_PLATFORM, fresh, 1));
            }
        }
        return out;
    }

    /** The report on {@code s}; {@code state} already holds the snapshot's window and baseline. */
    private static Step report(TopicAlertState state, TopicSnapshot s, RiskLevel level, List<AlertReason> reasons,
                               boolean closing, Instant now) {
        int seq = state.lastSeq() + 1;
        RiskLevel previous = state.reported() ? state.lastLevel() : null;
        List<String> platforms = byCount(s.platforms()).stream()
                .map(p -> Platform.parse(p).orElse(Platform.OTHER).json()).distinct().toList();
        List<String> regions = byCount(s.regions());
        Alert alert = new Alert(alertId(s.topicId(), seq), s.topicId(), seq, level, previous, reasons, title(s),
                s.keywords(), s.windowStart(), s.windowEnd(), s.firstSeenAt(), now, s.postCount(), s.authorCount(),
                Math.max(0, Math.min(1, s.negativeRatio())), platforms, regions,
                s.samplePosts().size() > 5 ? s.samplePosts().subList(0, 5) : s.samplePosts(), Math.max(0, s.heat()),
                s.category(), s.categoryConfidence(), s.categoryEvidence(), s.rumorScore(), byCount(s.organizations()));

        Set<String> reportedRegions = new LinkedHashSet<>(state.reportedRegions());
        Set<String> reportedPlatforms = new LinkedHashSet<>(state.reportedPlatforms());
        reportedRegions.addAll(s.regions().keySet());
        reportedPlatforms.addAll(s.platforms().keySet());
        TopicAlertState next = new TopicAlertState(s.topicId(), seq, level, s.windowEnd(), s.postCount(),
                List.copyOf(reportedRegions), List.copyOf(reportedPlatforms), s.windowEnd(), closing, state.baseline());
        return new Step(next, alert);
    }

    private static String title(TopicSnapshot s) {
        if (s.title() != null && !s.title().isBlank()) {
            return s.title();
        }
        return s.keywords().isEmpty() ? "话题 " + s.topicId()
                : "话题：" + String.join("、", s.keywords().subList(0, Math.min(3, s.keywords().size())));
    }

    /** Keys with at least {@code minPosts} posts. */
    private static List<String> significant(Map<String, Long> counts, long minPosts) {
        return counts.entrySet().stream().filter(e -> e.getValue() != null && e.getValue() >= minPosts)
                .map(Map.Entry::getKey).toList();
    }

    /** Keys most posts first, then by name, for a stable order. */
    private static List<String> byCount(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(e -> e.getValue() == null ? 0 : -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }
}
