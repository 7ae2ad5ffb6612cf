package io.yuqing.radar.query;

import io.yuqing.radar.schemas.CaseDeadline;
import io.yuqing.radar.schemas.CaseEntry;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.DeadlineKind;
import io.yuqing.radar.schemas.DeadlineStatus;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * 舆情办理情况月度通报: how the month's cases were handled, from their case files. Pure: the
 * route reads the files, this counts.
 *
 * <p>A deadline counts in the month it fell due; it is on time when met before it fell due
 * ({@code met}), late when met after ({@code met_late}, 迟报) or still missed. Pending, cancelled and
 * after-watch deadlines are not rated. Means are over the cases opened in the month that have the
 * step (first acknowledgement, latest response) and over the cases closed in it. A deadline counts
 * for the unit that held the case when it fell due (the last {@code assigned} entry by then; the
 * duty unit's, {@value #UNASSIGNED}, before any), not for one the case went to later.
 *
 * @param complete   false for the month in progress (figures up to {@code generatedAt})
 * @param truncated  more cases than one bulletin reads: the figures cover the first ones only
 */
public record MonthlyBulletin(
        String month,
        Instant periodStart,
        Instant periodEnd,
        Instant generatedAt,
        boolean complete,
        boolean truncated,
        int opened,
        int closed,
        Map<String, Integer> openedByLevel,
        Map<String, OnTime> onTimeByLevel,
        Map<String, OnTime> onTimeByUnit,
        Map<String, OnTime> onTimeByDeadline,
        Double meanHoursToAcknowledge,
        Double meanHoursToRespond,
        Double meanHoursToClose,
        List<Line> overdue,
        List<Line> late) {

    /** The unit column for cases nobody was assigned to (the duty unit handled them). */
    static final String UNASSIGNED = "未指派";

    /** Deadlines rated in the month: on time, late, missed; {@code rate} = on time / all, null when none. */
    public record OnTime(int onTime, int late, int missed, Double rate) {
        OnTime add(DeadlineStatus s) {
            int o = onTime + (s == DeadlineStatus.MET ? 1 : 0);
            int l = late + (s == DeadlineStatus.MET_LATE ? 1 : 0);
            int m = missed + (s == DeadlineStatus.MISSED ? 1 : 0);
            return new OnTime(o, l, m, (double) o / (o + l + m));
        }
    }

    /** A case on one of the lists: which deadline, when due, when done, reminders sent. */
    public record Line(String caseId, String title, String level, String unit, String deadline, Instant dueAt,
                       Instant doneAt, String status, int reminders) {}

    public static MonthlyBulletin build(YearMonth month, List<CaseFile> cases, boolean truncated, Instant now) {
        Instant start = month.atDay(1).atStartOfDay(Json.CHINA).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(Json.CHINA).toInstant();
        int opened = 0;
        int closed = 0;
        Map<String, Integer> openedByLevel = new LinkedHashMap<>();
        for (RiskLevel l : RiskLevel.values()) {
            openedByLevel.put(l.json(), 0);
        }
        Map<String, OnTime> byLevel = new LinkedHashMap<>();
        Map<String, OnTime> byUnit = new TreeMap<>();
        Map<String, OnTime> byDeadline = new LinkedHashMap<>();
        List<Double> ack = new ArrayList<>();
        List<Double> respond = new ArrayList<>();
        List<Double> close = new ArrayList<>();
        List<Line> overdue = new ArrayList<>();
        List<Line> late = new ArrayList<>();
        for (CaseFile f : cases) {
            String level = f.peakLevel() == null ? "blue" : f.peakLevel().json();
            if (in(f.openedAt(), start, end)) {
                opened++;
                openedByLevel.merge(level, 1, Integer::sum);
                hours(f.openedAt(), f.acknowledgedAt(), ack);
                hours(f.openedAt(), f.respondedAt(), respond);
            }
            if (in(f.closedAt(), start, end)) {
                closed++;
                hours(f.openedAt(), f.closedAt(), close);
            }
            for (CaseDeadline d : f.deadlines()) {
                String unit = unitAt(f, d.dueAt());
                boolean rated = d.kind() != DeadlineKind.AFTER_WATCH && (d.status() == DeadlineStatus.MET
                        || d.status() == DeadlineStatus.MET_LATE || d.status() == DeadlineStatus.MISSED);
                if (!rated || !in(d.dueAt(), start, end)) {
                    continue;
                }
                Function<String, OnTime> none = k -> new OnTime(0, 0, 0, null);
                byLevel.put(level, byLevel.computeIfAbsent(level, none).add(d.status()));
                byUnit.put(unit, byUnit.computeIfAbsent(unit, none).add(d.status()));
                byDeadline.put(d.kind().json(), byDeadline.computeIfAbsent(d.kind().json(), none).add(d.status()));
                if (d.status() != DeadlineStatus.MET) {
                    Line line = new Line(f.caseId(), f.title(), level, unit, d.kind().json(), d.dueAt(), d.doneAt(),
                            d.status().json(), d.reminders());
                    late.add(line);
                    if (d.status() == DeadlineStatus.MISSED && d.cycle() == f.cycle() && f.overdue()) {
                        overdue.add(line);
                    }
                }
            }
        }
        late.sort(Comparator.comparing(Line::dueAt));
        overdue.sort(Comparator.comparing(Line::dueAt));
        return new MonthlyBulletin(month.toString(), start, end, now, !now.isBefore(end), truncated, opened, closed,
                openedByLevel, byLevel, byUnit, byDeadline, mean(ack), mean(respond), mean(close), overdue, late);
    }

    /**
     * The unit that held the case at {@code t}: the last one it was assigned to by then (迟报、漏报
     * count against the unit that had the case, not one it went to later); files written before
     * timeline entries named their unit give the case's current unit.
     */
    static String unitAt(CaseFile f, Instant t) {
        String unit = null;
        boolean named = false;
        for (CaseEntry e : f.timeline()) {
            if ("assigned".equals(e.type()) && e.unit() != null) {
                named = true;
                if (!e.at().isAfter(t)) {
                    unit = e.unit();
                }
            }
        }
        if (!named) {
            unit = f.unit();
        }
        return unit == null ? UNASSIGNED : unit;
    }

    private static boolean in(Instant t, Instant start, Instant end) {
        return t != null && !t.isBefore(start) && t.isBefore(end);
    }

    private static void hours(Instant from, Instant to, List<Double> out) {
        if (from != null && to != null && !to.isBefore(from)) {
            out.add(Duration.between(from, to).toSeconds() / 3600.0);
        }
    }

    private static Double mean(List<Double> xs) {
        return xs.isEmpty() ? null : xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
