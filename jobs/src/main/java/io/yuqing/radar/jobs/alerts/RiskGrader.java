package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.AlertRules.Hit;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The risk level of one topic snapshot from the rules that fired (thresholds in
 * {@code alert-rules.yaml}, which documents the same table):
 * <pre>
 *   concern = negative surge OR watch-list hit OR offline-linkage term;  none → no alert
 *   blue    concern
 *   yellow  negative surge
 *   orange  concern AND fast AND wide
 *   red     concern AND large AND wide, or offline linkage AND negative surge AND (fast OR wide)
 *   never below the minimum level of a watch list hit
 * </pre>
 * fast / large = a volume, burst or speed rule at its orange / red tier; wide = platform, region or
 * news-media breadth. Pure and deterministic: the day that picks sensitive periods is the
 * snapshot's window end in China time, never the wall clock, so a replay grades the same.
 */
public final class RiskGrader {
    private RiskGrader() {}

    /** A level with the reasons for it; the reasons are every rule that fired, ≥ 1. */
    public record Grade(RiskLevel level, List<AlertReason> reasons) {
        public Grade {
            reasons = List.copyOf(reasons);
        }
    }

    /** The grade at the normal (calendar-adjusted) thresholds, or empty when there is no concern. */
    public static Optional<Grade> grade(TopicSnapshot s, AlertRulesConfig c) {
        return grade(s, c, 1.0);
    }

    /**
     * The grade with every numeric threshold also multiplied by {@code band} (the sequencer passes
     * the hysteresis factor to ask whether a topic still holds a level).
     */
    public static Optional<Grade> grade(TopicSnapshot s, AlertRulesConfig c, double band) {
        return grade(s, Baseline.NONE, c, band);
    }

    /** The grade with the topic's own {@code baseline} for the burst rules. */
    public static Optional<Grade> grade(TopicSnapshot s, Baseline baseline, AlertRulesConfig c, double band) {
        List<AlertRulesConfig.Period> periods = s.windowEnd() == null
                ? List.of() : c.periodsOn(LocalDate.ofInstant(s.windowEnd(), Json.CHINA));
        double scale = band * (periods.isEmpty() ? 1.0 : c.sensitivePeriods().factor());

        Optional<Hit> linkage = AlertRules.offlineLinkage(s, c);
        List<Hit> watch = AlertRules.watchLists(s, c);
        List<Hit> negative = AlertRules.negativeSurge(s, c, scale);
        List<Hit> volume = new ArrayList<>();
        AlertRules.postCount(s, c, scale).ifPresent(volume::add);
        AlertRules.authorCount(s, c, scale).ifPresent(volume::add);
        AlertRules.postBurst(s, baseline, c, scale).ifPresent(volume::add);
        AlertRules.authorBurst(s, baseline, c, scale).ifPresent(volume::add);
        AlertRules.postsPerMinute(s, c, scale).ifPresent(volume::add);
        List<Hit> breadth = new ArrayList<>();
        AlertRules.platformCount(s, c, scale).ifPresent(breadth::add);
        AlertRules.regionCount(s, c, scale).ifPresent(breadth::add);
        AlertRules.newsMedia(s, c, scale).ifPresent(breadth::add);

        boolean negativeSurge = !negative.isEmpty();
        boolean concern = negativeSurge || !watch.isEmpty() || linkage.isPresent();
        if (!concern) {
            return Optional.empty();
        }
        boolean fast = volume.stream().anyMatch(h -> h.supports().compareTo(RiskLevel.ORANGE) >= 0);
        boolean large = volume.stream().anyMatch(h -> h.supports() == RiskLevel.RED);
        boolean wide = !breadth.isEmpty();

        RiskLevel level = RiskLevel.BLUE;
        if (negativeSurge) {
            level = RiskLevel.YELLOW;
        }
        if (fast && wide) {
            level = RiskLevel.ORANGE;
        }
        if ((large && wide) || (linkage.isPresent() && negativeSurge && (fast || wide))) {
            level = RiskLevel.RED;
        }
        for (Hit w : watch) {
            level = max(level, w.supports());
        }

        List<AlertReason> reasons = new ArrayList<>();
        linkage.ifPresent(h -> reasons.add(h.reason()));
        watch.forEach(h -> reasons.add(h.reason()));
        negative.forEach(h -> reasons.add(h.reason()));
        volume.forEach(h -> reasons.add(h.reason()));
        breadth.forEach(h -> reasons.add(h.reason()));
        for (AlertRulesConfig.Period p : periods) {
            reasons.add(new AlertReason(AlertRules.SENSITIVE_PERIOD + "." + p.id(), 1, c.sensitivePeriods().factor()));
        }
        return Optional.of(new Grade(level, reasons));
    }

    static RiskLevel max(RiskLevel a, RiskLevel b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
