package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.AlertRules.Hit;
import io.yuqing.radar.jobs.judgement.Signal;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The risk level of one topic snapshot from the rules that fired (thresholds in
 * {@code alert-rules.yaml}, which documents the same tables). A topic the topics job judged (it has
 * a category) is graded by points from its domain, content signals, credibility, negativity and
 * spread ({@link #judged}); a snapshot without a category, by volume and negativity alone:
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
    /** Reason of a judged topic's domain: {@code category.<code>}, value = confidence. */
    public static final String CATEGORY = "category";
    /** Reason of a content signal: {@code signal.<name>}, value = share of posts. */
    public static final String SIGNAL = "signal";
    /** Reason of 疑似不实: value = rumour score. */
    public static final String RUMOR_SUSPECTED = "rumor_suspected";
    /** Reason of 扩散预警 on a topic of no domain: value = the lesser share of its two signals. */
    public static final String SPREAD_WARNING = "spread_warning";

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

    /**
     * The grade with the topic's own {@code baseline} for the burst rules: by points ({@link #judged})
     * when the topics job judged the topic (it has a category), else by the volume and negativity
     * rules alone (snapshots from producers that do not judge).
     */
    public static Optional<Grade> grade(TopicSnapshot s, Baseline baseline, AlertRulesConfig c, double band) {
        List<AlertRulesConfig.Period> periods = s.windowEnd() == null
                ? List.of() : c.periodsOn(LocalDate.ofInstant(s.windowEnd(), Json.CHINA));
        double scale = band * (periods.isEmpty() ? 1.0 : c.sensitivePeriods().factor());
        if (s.category() != null) {
            return judged(s, baseline, c, scale, periods);
        }

        Optional<Hit> linkage = AlertRules.offlineLinkage(s, c);
        List<Hit> watch = AlertRules.watchLists(s, c);
        List<Hit> negative = AlertRules.negativeSurge(s, c, scale);
        List<Hit> volume = volume(s, baseline, c, scale);
        List<Hit> breadth = breadth(s, c, scale);

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

    /**
     * 研判 grading of a judged topic (points and levels in {@code judgement} of alert-rules.yaml):
     * <pre>
     *   domain  = category other than none, at min-confidence, with points for its domain
     *   warning = no domain, but spread-warning-share of its posts call to spread and as many tell
     *             of deaths or injuries (扩散预警)
     *   concern = domain OR warning OR watch-list hit OR offline-linkage term;  none → no alert
     *   points  = domain points (less calm's when under calm-below of its posts are negative)
     *             + content signals (each at min-share) + 疑似不实 + negative surge
     *             + fast (+ large) + wide + offline linkage
     *   level   = the highest whose points are reached (for a calm topic, only once its points before
     *             fast, large and wide reach blue's); a concern below blue's points is no alert,
     *             unless a watch list or offline linkage made it one (then at least blue)
     *   never below the minimum level of a watch list hit
     * </pre>
     * A topic about nothing of public concern (category none, or a domain below min-confidence)
     * is never alerted on volume or negativity, however loud: only an operator's watch list or
     * offline-gathering terms make it a concern, and then its points count from zero. The one
     * exception is what its posts say, not how loud they are: a warning of a deadly hazard passed on
     * (拔掉电源才能接电话 … 触电身亡, 请转发) is how such stories first spread, often in words no
     * domain lexicon names, and the rubric the grading follows counts a call to spread about danger
     * as serious. Such a warning is graded as a domain's topic is, without the domain's points: its
     * signals, 疑似不实, tone and spread. Minors with a call to spread are not enough (a found exam
     * ticket's 谁认识通知下 is that too); a missing child is told in the crime domain's words.
     */
    static Optional<Grade> judged(TopicSnapshot s, Baseline baseline, AlertRulesConfig c, double scale,
                                  List<AlertRulesConfig.Period> periods) {
        AlertRulesConfig.Judgement j = c.judgement();
        double confidence = s.categoryConfidence() == null ? 0 : s.categoryConfidence();
        double domainPoints = j.domains().getOrDefault(s.category().json(), 0.0);
        boolean domain = s.category() != Category.NONE && confidence >= j.minConfidence() && domainPoints > 0;
        double warning = domain ? 0 : spreadWarning(s, j);
        Optional<Hit> linkage = AlertRules.offlineLinkage(s, c);
        List<Hit> watch = AlertRules.watchLists(s, c);
        if (!domain && warning == 0 && watch.isEmpty() && linkage.isEmpty()) {
            return Optional.empty();
        }
        List<AlertReason> reasons = new ArrayList<>();
        double points = 0;
        double content = 0; // the points of what the topic is and says, before its spread
        boolean calm = s.negativeRatio() < j.calmBelow();
        if (domain || warning > 0) {
            if (domain) {
                points += domainPoints;
                reasons.add(new AlertReason(CATEGORY + "." + s.category().json(), confidence, j.minConfidence()));
                if (calm) {
                    points -= j.calm(); // news of the domain told calmly is rarely a matter for the office
                }
            } else {
                reasons.add(new AlertReason(SPREAD_WARNING, warning, j.spreadWarningShare()));
            }
            for (Signal signal : Signal.values()) { // in a fixed order, so a replay gives the same reasons
                Double share = s.signals().get(signal.json());
                double p = j.signals().getOrDefault(signal.json(), 0.0);
                if (share != null && p > 0 && share >= j.minShare()) {
                    points += p;
                    reasons.add(new AlertReason(SIGNAL + "." + signal.json(), share, j.minShare()));
                }
            }
            if (s.rumorScore() != null && s.rumorScore() >= j.rumorThreshold()) {
                points += j.rumor();
                reasons.add(new AlertReason(RUMOR_SUSPECTED, s.rumorScore(), j.rumorThreshold()));
            }
            List<Hit> negative = AlertRules.negativeTone(s, c, scale, j.negativeMinCount());
            if (!negative.isEmpty()) {
                points += j.negative();
                negative.forEach(h -> reasons.add(h.reason()));
            }
            Optional<Hit> anger = AlertRules.angerShare(s, c, scale); // an angry public is closer to offline action
            if (anger.isPresent()) {
                points += j.anger();
                reasons.add(anger.get().reason());
            }
            if (linkage.isPresent()) {
                points += j.offlineLinkage();
            }
            content = points;
            List<Hit> volume = volume(s, baseline, c, scale);
            if (volume.stream().anyMatch(h -> h.supports().compareTo(RiskLevel.ORANGE) >= 0)) {
                points += j.fast();
            }
            if (volume.stream().anyMatch(h -> h.supports() == RiskLevel.RED)) {
                points += j.large();
            }
            volume.forEach(h -> reasons.add(h.reason()));
            List<Hit> breadth = breadth(s, c, scale);
            if (!breadth.isEmpty()) {
                points += j.wide();
                breadth.forEach(h -> reasons.add(h.reason()));
            }
        }
        AlertRulesConfig.Levels l = j.levels();
        // a domain's news told calmly is a matter only for what it is and says: spread raises a
        // matter's level, it does not make calm news one
        RiskLevel level = calm && content < l.blue() ? null
                : points >= l.red() ? RiskLevel.RED
                : points >= l.orange() ? RiskLevel.ORANGE
                : points >= l.yellow() ? RiskLevel.YELLOW
                : points >= l.blue() ? RiskLevel.BLUE : null;
        if (level == null) {
            if (watch.isEmpty() && linkage.isEmpty()) {
                return Optional.empty();
            }
            level = RiskLevel.BLUE;
        }
        for (Hit w : watch) {
            level = max(level, w.supports());
        }
        List<AlertReason> first = new ArrayList<>();
        linkage.ifPresent(h -> first.add(h.reason()));
        watch.forEach(h -> first.add(h.reason()));
        first.addAll(reasons);
        for (AlertRulesConfig.Period p : periods) {
            first.add(new AlertReason(AlertRules.SENSITIVE_PERIOD + "." + p.id(), 1, c.sensitivePeriods().factor()));
        }
        return Optional.of(new Grade(level, first));
    }

    /**
     * 扩散预警: the lesser of the shares of posts calling to spread and telling of deaths or
     * injuries, when both reach {@code spread-warning-share}; else 0.
     */
    static double spreadWarning(TopicSnapshot s, AlertRulesConfig.Judgement j) {
        if (j.spreadWarningShare() <= 0) {
            return 0;
        }
        double spread = s.signals().getOrDefault(Signal.CALL_TO_SPREAD.json(), 0.0);
        double share = Math.min(spread, s.signals().getOrDefault(Signal.CASUALTIES.json(), 0.0));
        return share >= j.spreadWarningShare() ? share : 0;
    }

    private static List<Hit> volume(TopicSnapshot s, Baseline baseline, AlertRulesConfig c, double scale) {
        List<Hit> volume = new ArrayList<>();
        AlertRules.postCount(s, c, scale).ifPresent(volume::add);
        AlertRules.authorCount(s, c, scale).ifPresent(volume::add);
        AlertRules.postBurst(s, baseline, c, scale).ifPresent(volume::add);
        AlertRules.authorBurst(s, baseline, c, scale).ifPresent(volume::add);
        AlertRules.postsPerMinute(s, c, scale).ifPresent(volume::add);
        return volume;
    }

    private static List<Hit> breadth(TopicSnapshot s, AlertRulesConfig c, double scale) {
        List<Hit> breadth = new ArrayList<>();
        AlertRules.platformCount(s, c, scale).ifPresent(breadth::add);
        AlertRules.regionCount(s, c, scale).ifPresent(breadth::add);
        AlertRules.newsMedia(s, c, scale).ifPresent(breadth::add);
        return breadth;
    }

    static RiskLevel max(RiskLevel a, RiskLevel b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
