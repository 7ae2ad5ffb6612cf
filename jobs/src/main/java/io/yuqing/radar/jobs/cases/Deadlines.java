package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.schemas.CaseDeadline;
import io.yuqing.radar.schemas.CaseKind;
import io.yuqing.radar.schemas.DeadlineKind;
import io.yuqing.radar.schemas.DeadlineStatus;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** When a case's deadlines fall due: pure arithmetic over the configuration, in China time. */
public final class Deadlines {
    private Deadlines() {}

    /** The deadlines a cycle starting at {@code start} owes, in the order they fall due (no after-watch: closure starts it). */
    public static List<CaseDeadline> forCycle(int cycle, Instant start, RiskLevel level, CaseKind kind, CaseDeadlines c) {
        List<CaseDeadline> out = new ArrayList<>();
        for (DeadlineKind k : List.of(DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND, DeadlineKind.CLOSE)) {
            Instant due = due(k, start, level, kind, c);
            if (due != null) {
                out.add(new CaseDeadline(k, cycle, due, DeadlineStatus.PENDING, null, 0,
                        due.plus(c.level(level).escalateAfter())));
            }
        }
        return out;
    }

    /** When deadline {@code k} of a cycle starting at {@code start} falls due; null when it is not owed at this level. */
    public static Instant due(DeadlineKind k, Instant start, RiskLevel level, CaseKind kind, CaseDeadlines c) {
        CaseDeadlines.Level l = c.level(level);
        return switch (k) {
            case ACKNOWLEDGE -> start.plus(l.acknowledge());
            case RESPOND -> l.respond() == null ? null : start.plus(l.respond());
            case CLOSE -> kind == CaseKind.OPINION
                    ? (l.closeOpinion() != null ? start.plus(l.closeOpinion())
                        : workingDaysAfter(start, l.closeOpinionWorkingDays(), c))
                    : start.plus(l.close());
            case AFTER_WATCH -> start.plus(c.afterWatch());
            case REVIEW -> l.review() == null ? null : start.plus(l.review());
        };
    }

    /**
     * Midnight (China time) at the end of the {@code n}-th working day after the day of {@code start}:
     * a case opened on a Monday with 4 working days is due at the end of Friday; one opened on a
     * Friday evening, at the end of the next Thursday. Working days are Monday to Friday minus the
     * configured holidays, plus the configured weekend days worked in lieu (调休).
     */
    public static Instant workingDaysAfter(Instant start, int n, CaseDeadlines c) {
        LocalDate day = start.atZone(Json.CHINA).toLocalDate();
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day, c)) {
                counted++;
            }
        }
        return day.plusDays(1).atStartOfDay(Json.CHINA).toInstant();
    }

    public static boolean isWorkingDay(LocalDate d, CaseDeadlines c) {
        if (c.extraWorkingDays().contains(d)) {
            return true;
        }
        if (c.holidays().contains(d)) {
            return false;
        }
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** A deadline's due time for a level at least as strict as before: raising the level never loosens it. */
    public static CaseDeadline tightened(CaseDeadline d, Instant cycleStart, RiskLevel level, CaseKind kind, CaseDeadlines c) {
        Instant due = due(d.kind(), cycleStart, level, kind, c);
        if (due == null || !due.isBefore(d.dueAt())) {
            return d;
        }
        Duration escalate = c.level(level).escalateAfter();
        return d.withDue(due, due.plus(escalate));
    }
}
