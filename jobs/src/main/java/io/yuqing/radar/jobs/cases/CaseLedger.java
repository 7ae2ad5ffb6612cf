package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.CaseActor;
import io.yuqing.radar.schemas.CaseDeadline;
import io.yuqing.radar.schemas.CaseEntry;
import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.CaseEventType;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CaseKind;
import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.CaseStatus;
import io.yuqing.radar.schemas.DeadlineKind;
import io.yuqing.radar.schemas.DeadlineStatus;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.NoteKind;
import io.yuqing.radar.schemas.OfficialResponse;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.SamplePost;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The case file as a fold (一情一档): alerts, case events and the passing of time in, a new file,
 * 督办 reminders and refusals out. Pure, so every rule is tested without Flink; the cases job keeps
 * the file in keyed state and calls this.
 *
 * <p>Everything it writes derives from its inputs' own times (a report's detected_at, an event's
 * at, a timer's due time), so a replay after a restore rebuilds the same file and the same reminder
 * ids. A refused event changes nothing; a repeated one (same event id, same report) is ignored.
 */
public final class CaseLedger {
    /** Sample posts kept as the case's sources (出处). */
    static final int MAX_SOURCES = 5;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Json.CHINA);
    /** Handling events a finished case refuses until it is reopened. */
    private static final Set<CaseEventType> AFTER_CLOSE = Set.of(CaseEventType.NOTE, CaseEventType.REOPENED);

    private CaseLedger() {}

    /**
     * The outcome of one input.
     *
     * @param file      the case after it (unchanged when refused or ignored)
     * @param changed   whether the file changed (and must be written)
     * @param refusal   why an event was refused (to the dead-letter topic), else null
     */
    public record Step(CaseFile file, boolean changed, List<CaseReminder> reminders, String refusal) {
        static Step same(CaseFile f) {
            return new Step(f, false, List.of(), null);
        }

        static Step refused(CaseFile f, String why) {
            return new Step(f, false, List.of(), why);
        }
    }

    // --- alerts ---------------------------------------------------------------------------------------

    /** A report on the topic: opens the case (首报), updates it (续报), or reopens a closed one. */
    public static Step onAlert(CaseFile f, Alert a, CaseDeadlines c) {
        boolean closing = isClosingReport(a);
        Instant at = a.detectedAt();
        if (f == null) {
            // a case opens on the 首报; a later report opens it too when the 首报 is gone (the job
            // started after it left the alerts topic's retention), but never the closing report alone
            if (closing) {
                return Step.same(null);
            }
            CaseKind kind = c.opinionCategories().contains(a.category()) ? CaseKind.OPINION : CaseKind.GENERAL;
            List<CaseDeadline> deadlines = Deadlines.forCycle(1, at, a.level(), kind, c);
            List<CaseEntry> timeline = new ArrayList<>();
            timeline.add(new CaseEntry(1, at, "opened", null, a.alertId(), reportText(a, "立案")));
            CaseFile opened = new CaseFile(a.topicId(), a.topicId(), a.title(), CaseStatus.OPEN, kind, 1, a.level(),
                    a.level(), a.category(), a.rumorScore(), a.keywords(), a.regions(), a.platforms(),
                    sources(List.of(), a.samplePosts()), a.postCount(), a.authorCount(), a.negativeRatio(), a.heat(),
                    1, a.reportSeq(), a.firstSeenAt(), at, null, null, null, null, null, null, null, 0, deadlines,
                    false, timeline, at, a.organizations(), null, List.of(), null);
            return new Step(opened, true, List.of(), null);
        }
        if (a.reportSeq() <= f.lastReportSeq()) {
            return Step.same(f); // a report seen before (a replay upstream)
        }
        RiskLevel peak = a.level().compareTo(f.peakLevel()) > 0 ? a.level() : f.peakLevel();
        CaseFile updated = new CaseFile(f.caseId(), f.topicId(), a.title(), f.status(), f.kind(), f.cycle(),
                a.level(), peak, a.category() != null ? a.category() : f.category(),
                a.rumorScore() != null ? a.rumorScore() : f.rumorScore(), a.keywords(), a.regions(), a.platforms(),
                sources(f.sources(), a.samplePosts()), a.postCount(), a.authorCount(), a.negativeRatio(), a.heat(),
                f.alertCount() + 1, a.reportSeq(), f.firstSeenAt(), f.openedAt(), f.unit(), f.acknowledgedAt(),
                f.respondedAt(), f.response(), f.rebuttal(), f.closedAt(), f.result(), f.reopenCount(),
                f.deadlines(), f.overdue(), f.timeline(), at,
                a.organizations().isEmpty() ? f.organizations() : a.organizations(), f.assessment(), f.measures(),
                f.review());
        if (f.status().finished() && !closing) {
            // the topic came back after closure: the case is taken up again (a new cycle)
            return new Step(reopen(updated, at, "reopened_by_alert", null, a.alertId(),
                    reportText(a, "办结后话题再次预警，重新打开"), c), true, List.of(), null);
        }
        String what = closing ? "结束报告：话题已平息" : reportText(a, "续报");
        CaseFile withEntry = append(updated, new CaseEntry(0, at, "alert", null, a.alertId(), what), at);
        if (a.level().compareTo(f.level()) > 0 && !f.status().finished()) {
            withEntry = withDeadlines(withEntry, tighten(withEntry, c));
        }
        return new Step(withEntry, true, List.of(), null);
    }

    static boolean isClosingReport(Alert a) {
        return a.reportSeq() > 1 && a.reasons().stream().map(AlertReason::rule).anyMatch("topic_ended"::equals);
    }

    private static List<CaseDeadline> tighten(CaseFile f, CaseDeadlines c) {
        Instant start = cycleStart(f);
        return f.deadlines().stream()
                .map(d -> d.cycle() == f.cycle() && d.status() == DeadlineStatus.PENDING && d.kind() != DeadlineKind.AFTER_WATCH
                        ? Deadlines.tightened(d, start, f.level(), f.kind(), c) : d)
                .toList();
    }

    // --- case events ----------------------------------------------------------------------------------

    /** A case event: validated against the contract and the case's state, then folded in. */
    public static Step onEvent(CaseFile f, CaseEvent e, CaseDeadlines c) {
        List<String> problems = e.problems();
        if (!problems.isEmpty()) {
            return Step.refused(f, String.join("; ", problems));
        }
        if (f == null) {
            return Step.refused(null, "no case '" + e.caseId() + "': a case opens on its topic's 首报");
        }
        if (f.timeline().stream().anyMatch(t -> e.eventId().equals(t.ref()))) {
            return Step.same(f); // the writer sent it again: kept once
        }
        if (f.status().finished() && !AFTER_CLOSE.contains(e.type())) {
            return Step.refused(f, "case '" + f.caseId() + "' is " + f.status().json() + " (" + f.status().chinese()
                    + "): reopen it before " + e.type().json());
        }
        if (e.type() == CaseEventType.REOPENED && !f.status().finished()) {
            return Step.refused(f, "case '" + f.caseId() + "' is not closed (" + f.status().chinese() + "): nothing to reopen");
        }
        Instant at = e.at();
        CaseActor who = e.actor();
        return switch (e.type()) {
            case ACKNOWLEDGED -> changed(handling(meet(f, at, DeadlineKind.ACKNOWLEDGE), at, null, null),
                    entry(e, "签收"));
            case ASSIGNED -> {
                CaseFile g = handling(meet(f, at, DeadlineKind.ACKNOWLEDGE), at, e.unit(), e.kind());
                if (e.kind() != null && e.kind() != f.kind()) {
                    g = withDeadlines(g, rekind(g, c));
                }
                yield changed(g, new CaseEntry(0, e.at(), e.type().json(), e.actor(), e.eventId(), "指派" + e.unit() + "办理"
                        + (e.kind() != null ? "（" + e.kind().chinese() + "）" : ""), e.unit()));
            }
            case RESPONDED -> changed(responded(f, at, e.response(), false), entry(e,
                    "官方回应（" + e.response().channel() + "）：" + e.response().text()
                            + (e.response().url() != null ? " " + e.response().url() : "")));
            case VERIFIED_FALSE -> changed(responded(f, at, e.response(), true), entry(e,
                    "核实不实，已辟谣：" + e.response().url()
                            + (e.response().text() != null ? " " + e.response().text() : "")));
            case CLOSED -> changed(closed(f, at, e.result(), c), entry(e, "办结：" + e.result()));
            case REOPENED -> new Step(reopen(f, at, "reopened", who, e.eventId(),
                    "重新打开" + (e.note() != null ? "：" + e.note() : ""), c), true, List.of(), null);
            case NOTE -> e.noteKind() == null ? changed(f, entry(e, e.note()))
                    : changed(noted(f, e), entry(e, e.noteKind().chinese() + "：" + e.note()));
        };
    }

    /** A note that is part of the file: the assessment (latest wins), one more measure, or the review. */
    private static CaseFile noted(CaseFile f, CaseEvent e) {
        String assessment = e.noteKind() == NoteKind.ASSESSMENT ? e.note() : f.assessment();
        List<String> measures = f.measures();
        if (e.noteKind() == NoteKind.MEASURE) {
            measures = new ArrayList<>(measures);
            measures.add(e.note());
        }
        String review = e.noteKind() == NoteKind.REVIEW ? e.note() : f.review();
        CaseFile g = e.noteKind() == NoteKind.REVIEW ? meet(f, e.at(), DeadlineKind.REVIEW) : f;
        return new CaseFile(g.caseId(), g.topicId(), g.title(), g.status(), g.kind(), g.cycle(), g.level(),
                g.peakLevel(), g.category(), g.rumorScore(), g.keywords(), g.regions(), g.platforms(), g.sources(),
                g.postCount(), g.authorCount(), g.negativeRatio(), g.heat(), g.alertCount(), g.lastReportSeq(),
                g.firstSeenAt(), g.openedAt(), g.unit(), g.acknowledgedAt(), g.respondedAt(), g.response(),
                g.rebuttal(), g.closedAt(), g.result(), g.reopenCount(), g.deadlines(), g.overdue(), g.timeline(),
                g.updatedAt(), g.organizations(), assessment, measures, review);
    }

    private static Step changed(CaseFile f, CaseEntry entry) {
        return new Step(append(f, entry, entry.at()), true, List.of(), null);
    }

    private static CaseEntry entry(CaseEvent e, String text) {
        return new CaseEntry(0, e.at(), e.type().json(), e.actor(), e.eventId(), text, null);
    }

    /** Acknowledged or assigned: handling starts; a unit and kind when given. */
    private static CaseFile handling(CaseFile f, Instant at, String unit, CaseKind kind) {
        CaseStatus s = f.status() == CaseStatus.OPEN ? CaseStatus.HANDLING : f.status();
        return new CaseFile(f.caseId(), f.topicId(), f.title(), s, kind != null ? kind : f.kind(), f.cycle(), f.level(),
                f.peakLevel(), f.category(), f.rumorScore(), f.keywords(), f.regions(), f.platforms(), f.sources(),
                f.postCount(), f.authorCount(), f.negativeRatio(), f.heat(), f.alertCount(), f.lastReportSeq(),
                f.firstSeenAt(), f.openedAt(), unit != null ? unit : f.unit(),
                f.acknowledgedAt() == null || f.acknowledgedAt().isAfter(at) ? at : f.acknowledgedAt(),
                f.respondedAt(), f.response(), f.rebuttal(), f.closedAt(), f.result(), f.reopenCount(), f.deadlines(),
                f.overdue(), f.timeline(), at, f.organizations(), f.assessment(), f.measures(), f.review());
    }

    private static CaseFile responded(CaseFile f, Instant at, OfficialResponse r, boolean rebuttal) {
        CaseFile g = meet(meet(f, at, DeadlineKind.ACKNOWLEDGE), at, DeadlineKind.RESPOND);
        return new CaseFile(g.caseId(), g.topicId(), g.title(), CaseStatus.RESPONDED, g.kind(), g.cycle(), g.level(),
                g.peakLevel(), g.category(), g.rumorScore(), g.keywords(), g.regions(), g.platforms(), g.sources(),
                g.postCount(), g.authorCount(), g.negativeRatio(), g.heat(), g.alertCount(), g.lastReportSeq(),
                g.firstSeenAt(), g.openedAt(), g.unit(), g.acknowledgedAt() != null ? g.acknowledgedAt() : at, at,
                rebuttal ? g.response() : r, rebuttal ? r : g.rebuttal(), g.closedAt(), g.result(), g.reopenCount(),
                g.deadlines(), g.overdue(), g.timeline(), at, g.organizations(), g.assessment(), g.measures(), g.review());
    }

    private static CaseFile closed(CaseFile f, Instant at, String result, CaseDeadlines c) {
        CaseFile g = meet(meet(f, at, DeadlineKind.ACKNOWLEDGE), at, DeadlineKind.CLOSE);
        List<CaseDeadline> ds = new ArrayList<>();
        for (CaseDeadline d : g.deadlines()) {
            // a statement not yet owed when the case is closed is owed no more; a missed one stays missed
            ds.add(d.cycle() == g.cycle() && d.status() == DeadlineStatus.PENDING
                    ? d.with(DeadlineStatus.CANCELLED, null, d.reminders()) : d);
        }
        Instant watchEnd = Deadlines.due(DeadlineKind.AFTER_WATCH, at, g.level(), g.kind(), c);
        ds.add(new CaseDeadline(DeadlineKind.AFTER_WATCH, g.cycle(), watchEnd, DeadlineStatus.PENDING, null, 0, null));
        // the review is owed by the level the case reached, not the one it ended at
        Instant reviewDue = Deadlines.due(DeadlineKind.REVIEW, at, g.peakLevel(), g.kind(), c);
        if (reviewDue != null) {
            ds.add(new CaseDeadline(DeadlineKind.REVIEW, g.cycle(), reviewDue, DeadlineStatus.PENDING, null, 0,
                    reviewDue.plus(c.level(g.peakLevel()).escalateAfter())));
        }
        CaseFile h = new CaseFile(g.caseId(), g.topicId(), g.title(), CaseStatus.CLOSED, g.kind(), g.cycle(), g.level(),
                g.peakLevel(), g.category(), g.rumorScore(), g.keywords(), g.regions(), g.platforms(), g.sources(),
                g.postCount(), g.authorCount(), g.negativeRatio(), g.heat(), g.alertCount(), g.lastReportSeq(),
                g.firstSeenAt(), g.openedAt(), g.unit(), g.acknowledgedAt() != null ? g.acknowledgedAt() : at,
                g.respondedAt(), g.response(), g.rebuttal(), at, result, g.reopenCount(), ds, g.overdue(),
                g.timeline(), at, g.organizations(), g.assessment(), g.measures(), g.review());
        return withDeadlines(h, ds);
    }

    /** A new cycle: the open deadlines of the last one are cancelled, new ones count from {@code at}. */
    private static CaseFile reopen(CaseFile f, Instant at, String type, CaseActor who, String ref, String text,
                                   CaseDeadlines c) {
        int cycle = f.cycle() + 1;
        List<CaseDeadline> ds = new ArrayList<>();
        for (CaseDeadline d : f.deadlines()) {
            ds.add(d.status() == DeadlineStatus.PENDING ? d.with(DeadlineStatus.CANCELLED, null, d.reminders()) : d);
        }
        ds.addAll(Deadlines.forCycle(cycle, at, f.level(), f.kind(), c));
        CaseFile g = new CaseFile(f.caseId(), f.topicId(), f.title(), CaseStatus.OPEN, f.kind(), cycle, f.level(),
                f.peakLevel(), f.category(), f.rumorScore(), f.keywords(), f.regions(), f.platforms(), f.sources(),
                f.postCount(), f.authorCount(), f.negativeRatio(), f.heat(), f.alertCount(), f.lastReportSeq(),
                f.firstSeenAt(), f.openedAt(), f.unit(), f.acknowledgedAt(), f.respondedAt(), f.response(),
                f.rebuttal(), f.closedAt(), f.result(), f.reopenCount() + 1, ds, false, f.timeline(), at, f.organizations(), f.assessment(), f.measures(), f.review());
        return append(withDeadlines(g, ds), new CaseEntry(0, at, type, who, ref, text), at);
    }

    /** The current cycle's open deadline of kind {@code k} is met at {@code at} (late if after it fell due). */
    private static CaseFile meet(CaseFile f, Instant at, DeadlineKind k) {
        List<CaseDeadline> ds = new ArrayList<>();
        for (CaseDeadline d : f.deadlines()) {
            if (d.cycle() == f.cycle() && d.kind() == k && d.open()) {
                boolean late = d.status() == DeadlineStatus.MISSED || at.isAfter(d.dueAt());
                ds.add(d.with(late ? DeadlineStatus.MET_LATE : DeadlineStatus.MET, at, d.reminders()));
            } else {
                ds.add(d);
            }
        }
        return withDeadlines(f, ds);
    }

    /** A new kind moves the current cycle's pending closure deadline (both ways: it is dispatch's decision). */
    private static List<CaseDeadline> rekind(CaseFile f, CaseDeadlines c) {
        Instant start = cycleStart(f);
        List<CaseDeadline> ds = new ArrayList<>();
        for (CaseDeadline d : f.deadlines()) {
            if (d.cycle() == f.cycle() && d.kind() == DeadlineKind.CLOSE && d.status() == DeadlineStatus.PENDING) {
                Instant due = Deadlines.due(DeadlineKind.CLOSE, start, f.level(), f.kind(), c);
                ds.add(d.withDue(due, due.plus(c.level(f.level()).escalateAfter())));
            } else {
                ds.add(d);
            }
        }
        return ds;
    }

    // --- time -----------------------------------------------------------------------------------------

    /**
     * The passing of time up to {@code now}: pending deadlines that fell due are missed (督办 to the
     * responsible unit), missed ones past their escalation time are escalated (升级督办), and an
     * after-watch that ended archives the case. Each reminder is issued once: the deadline records it.
     */
    public static Step onTime(CaseFile f, Instant now, CaseDeadlines c) {
        if (f == null) {
            return Step.same(null);
        }
        List<CaseDeadline> ds = new ArrayList<>();
        List<CaseReminder> reminders = new ArrayList<>();
        List<CaseEntry> entries = new ArrayList<>();
        CaseStatus status = f.status();
        for (CaseDeadline d : f.deadlines()) {
            if (d.cycle() != f.cycle()) {
                ds.add(d);
            } else if (d.kind() == DeadlineKind.AFTER_WATCH) {
                if (d.status() == DeadlineStatus.PENDING && !d.dueAt().isAfter(now)) {
                    ds.add(d.with(DeadlineStatus.ENDED, d.dueAt(), 0));
                    status = CaseStatus.ARCHIVED;
                    entries.add(new CaseEntry(0, d.dueAt(), "after_watch_ended", null, null,
                            "后续监测期满，话题未再预警，归档"));
                } else {
                    ds.add(d);
                }
            } else if (f.status().finished() && d.kind() != DeadlineKind.REVIEW) {
                ds.add(d); // handling is over: nothing left to chase but the review
            } else if (d.status() == DeadlineStatus.PENDING && !d.dueAt().isAfter(now)) {
                CaseReminder r = reminder(f, d, 1, now, c);
                reminders.add(r);
                entries.add(new CaseEntry(0, now, "reminder", null, r.reminderId(), r.text()));
                ds.add(d.with(DeadlineStatus.MISSED, null, 1));
            } else if (d.status() == DeadlineStatus.MISSED && d.reminders() < 2 && d.escalateAt() != null
                    && !d.escalateAt().isAfter(now)) {
                CaseReminder r = reminder(f, d, 2, now, c);
                reminders.add(r);
                entries.add(new CaseEntry(0, now, "reminder", null, r.reminderId(), r.text()));
                ds.add(d.with(DeadlineStatus.MISSED, null, 2));
            } else {
                ds.add(d);
            }
        }
        if (entries.isEmpty()) {
            return Step.same(f);
        }
        CaseFile g = withDeadlines(withStatus(f, status), ds);
        for (CaseEntry e : entries) {
            g = append(g, e, now);
        }
        return new Step(g, true, List.copyOf(reminders), null);
    }

    /** When the next deadline or escalation of the current cycle falls due; null when none is left. */
    public static Instant nextDue(CaseFile f) {
        if (f == null) {
            return null;
        }
        Instant next = null;
        for (CaseDeadline d : f.deadlines()) {
            if (d.cycle() != f.cycle()
                    || f.status().finished() && d.kind() != DeadlineKind.AFTER_WATCH && d.kind() != DeadlineKind.REVIEW) {
                continue;
            }
            Instant t = d.status() == DeadlineStatus.PENDING ? d.dueAt()
                    : d.status() == DeadlineStatus.MISSED && d.reminders() < 2 ? d.escalateAt() : null;
            if (t != null && (next == null || t.isBefore(next))) {
                next = t;
            }
        }
        return next;
    }

    private static CaseReminder reminder(CaseFile f, CaseDeadline d, int step, Instant now, CaseDeadlines c) {
        CaseDeadlines.Level l = c.level(f.level());
        String responsible = f.unit() != null ? f.unit() : l.dutyUnit();
        String unit = step == 1 ? responsible : l.escalationUnit();
        String levelCn = f.level() == null ? "" : f.level().chinese();
        String text = step == 1
                ? String.format("【督办】%s舆情“%s”（案件 %s）%s已于 %s 到期未完成，请%s立即办理并反馈。",
                        levelCn, f.title(), f.caseId(), d.kind().chinese(), MINUTE.format(d.dueAt()), unit)
                : String.format("【升级督办】%s舆情“%s”（案件 %s）%s已于 %s 到期，经督办仍未完成（逾期 %d 分钟），请%s督促%s办理。",
                        levelCn, f.title(), f.caseId(), d.kind().chinese(), MINUTE.format(d.dueAt()),
                        Duration.between(d.dueAt(), now).toMinutes(), unit, responsible);
        return new CaseReminder(CaseReminder.id(f.caseId(), d.cycle(), d.kind(), step), f.caseId(), d.cycle(), d.kind(),
                step, d.dueAt(), now, unit, f.level(), f.title(), text);
    }

    // --- plumbing -------------------------------------------------------------------------------------

    /** When the current cycle started: its opening or reopening entry. */
    static Instant cycleStart(CaseFile f) {
        for (int i = f.timeline().size() - 1; i >= 0; i--) {
            CaseEntry e = f.timeline().get(i);
            if (e.type().equals("opened") || e.type().startsWith("reopened")) {
                return e.at();
            }
        }
        return f.openedAt();
    }

    private static CaseFile append(CaseFile f, CaseEntry e, Instant at) {
        List<CaseEntry> t = new ArrayList<>(f.timeline());
        t.add(new CaseEntry(t.size() + 1, e.at(), e.type(), e.actor(), e.ref(), e.text(), e.unit()));
        Instant updated = f.updatedAt() == null || at.isAfter(f.updatedAt()) ? at : f.updatedAt();
        return new CaseFile(f.caseId(), f.topicId(), f.title(), f.status(), f.kind(), f.cycle(), f.level(),
                f.peakLevel(), f.category(), f.rumorScore(), f.keywords(), f.regions(), f.platforms(), f.sources(),
                f.postCount(), f.authorCount(), f.negativeRatio(), f.heat(), f.alertCount(), f.lastReportSeq(),
                f.firstSeenAt(), f.openedAt(), f.unit(), f.acknowledgedAt(), f.respondedAt(), f.response(),
                f.rebuttal(), f.closedAt(), f.result(), f.reopenCount(), f.deadlines(), f.overdue(), t, updated, f.organizations(), f.assessment(), f.measures(), f.review());
    }

    /** The file with these deadlines, and {@code overdue} recomputed from them. */
    private static CaseFile withDeadlines(CaseFile f, List<CaseDeadline> ds) {
        boolean overdue = ds.stream().anyMatch(d -> d.cycle() == f.cycle() && d.status() == DeadlineStatus.MISSED
                && (!f.status().finished() || d.kind() == DeadlineKind.REVIEW));
        return new CaseFile(f.caseId(), f.topicId(), f.title(), f.status(), f.kind(), f.cycle(), f.level(),
                f.peakLevel(), f.category(), f.rumorScore(), f.keywords(), f.regions(), f.platforms(), f.sources(),
                f.postCount(), f.authorCount(), f.negativeRatio(), f.heat(), f.alertCount(), f.lastReportSeq(),
                f.firstSeenAt(), f.openedAt(), f.unit(), f.acknowledgedAt(), f.respondedAt(), f.response(),
                f.rebuttal(), f.closedAt(), f.result(), f.reopenCount(), ds, overdue, f.timeline(), f.updatedAt(), f.organizations(), f.assessment(), f.measures(), f.review());
    }

    private static CaseFile withStatus(CaseFile f, CaseStatus s) {
        return new CaseFile(f.caseId(), f.topicId(), f.title(), s, f.kind(), f.cycle(), f.level(),
                f.peakLevel(), f.category(), f.rumorScore(), f.keywords(), f.regions(), f.platforms(), f.sources(),
                f.postCount(), f.authorCount(), f.negativeRatio(), f.heat(), f.alertCount(), f.lastReportSeq(),
                f.firstSeenAt(), f.openedAt(), f.unit(), f.acknowledgedAt(), f.respondedAt(), f.response(),
                f.rebuttal(), f.closedAt(), f.result(), f.reopenCount(), f.deadlines(), f.overdue(), f.timeline(),
                f.updatedAt(), f.organizations(), f.assessment(), f.measures(), f.review());
    }

    /** The newest report's sample posts first, then earlier ones, by id, at most {@link #MAX_SOURCES}. */
    private static List<SamplePost> sources(List<SamplePost> earlier, List<SamplePost> latest) {
        Map<String, SamplePost> byId = new LinkedHashMap<>();
        for (SamplePost p : latest) {
            byId.putIfAbsent(p.id(), p);
        }
        for (SamplePost p : earlier) {
            byId.putIfAbsent(p.id(), p);
        }
        return byId.values().stream().limit(MAX_SOURCES).toList();
    }

    private static String reportText(Alert a, String what) {
        return String.format("%s（第 %d 报，%s）：%s；帖文 %d、作者 %d、负面 %.0f%%", what, a.reportSeq(),
                a.level() == null ? "?" : a.level().chinese(), a.title(), a.postCount(), a.authorCount(),
                a.negativeRatio() * 100);
    }
}
