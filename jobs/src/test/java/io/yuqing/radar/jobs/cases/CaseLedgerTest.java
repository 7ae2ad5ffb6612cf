package io.yuqing.radar.jobs.cases;

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
import io.yuqing.radar.schemas.NoteKind;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.yuqing.radar.jobs.cases.CaseStory.CASE;
import static io.yuqing.radar.jobs.cases.CaseStory.DUTY_DESK;
import static io.yuqing.radar.jobs.cases.CaseStory.FIRST_REPORT;
import static io.yuqing.radar.jobs.cases.CaseStory.MARKET;
import static io.yuqing.radar.jobs.cases.CaseStory.assigned;
import static io.yuqing.radar.jobs.cases.CaseStory.closed;
import static io.yuqing.radar.jobs.cases.CaseStory.event;
import static io.yuqing.radar.jobs.cases.CaseStory.note;
import static io.yuqing.radar.jobs.cases.CaseStory.report;
import static io.yuqing.radar.jobs.cases.CaseStory.responded;
import static org.assertj.core.api.Assertions.assertThat;

class CaseLedgerTest {
    private static final CaseDeadlines C = CaseDeadlines.defaults();

    private static CaseFile opened() {
        CaseLedger.Step s = CaseLedger.onAlert(null, report(1, RiskLevel.YELLOW, null, Duration.ZERO), C);
        assertThat(s.changed()).isTrue();
        return s.file();
    }

    private static Instant at(Duration d) {
        return FIRST_REPORT.plus(d);
    }

    private static CaseDeadline deadline(CaseFile f, DeadlineKind k) {
        return f.deadlines().stream().filter(d -> d.kind() == k && d.cycle() == f.cycle()).findFirst().orElseThrow();
    }

    @Test
    void aFirstReportOpensTheCaseWithTheLevelsDeadlinesCountedFromIt() {
        CaseFile f = opened();
        assertThat(f.caseId()).isEqualTo(CASE);
        assertThat(f.status()).isEqualTo(CaseStatus.OPEN);
        assertThat(f.kind()).isEqualTo(CaseKind.GENERAL);
        assertThat(f.title()).isEqualTo("网传某连锁餐饮门店后厨卫生问题");
        assertThat(f.regions()).containsExactly("江苏省南京市");
        assertThat(f.sources()).singleElement().satisfies(p -> assertThat(p.url()).startsWith("https://weibo.com/"));
        // yellow: acknowledge in 1 h, an official response in 12 h, closed in 36 h
        assertThat(f.deadlines()).extracting(CaseDeadline::kind, CaseDeadline::dueAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DeadlineKind.ACKNOWLEDGE, at(Duration.ofHours(1))),
                org.assertj.core.groups.Tuple.tuple(DeadlineKind.RESPOND, at(Duration.ofHours(12))),
                org.assertj.core.groups.Tuple.tuple(DeadlineKind.CLOSE, at(Duration.ofHours(36))));
        assertThat(CaseLedger.nextDue(f)).isEqualTo(at(Duration.ofHours(1)));
        assertThat(f.timeline()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("opened");
            assertThat(e.text()).contains("立案", "较大", "后厨卫生");
        });
    }

    @Test
    void theClosingReportAloneOpensNothingAndABlueCaseOwesNoStatement() {
        assertThat(CaseLedger.onAlert(null, report(4, RiskLevel.RED, RiskLevel.RED, Duration.ofHours(3), "topic_ended"), C)
                .file()).isNull();
        CaseFile blue = CaseLedger.onAlert(null, report(1, RiskLevel.BLUE, null, Duration.ZERO), C).file();
        assertThat(blue.deadlines()).extracting(CaseDeadline::kind)
                .containsExactly(DeadlineKind.ACKNOWLEDGE, DeadlineKind.CLOSE);
    }

    @Test
    void aMissedDeadlineRemindsTheDutyUnitOnceThenEscalatesOnce() {
        CaseFile f = opened();
        // nothing is due before the hour
        assertThat(CaseLedger.onTime(f, at(Duration.ofMinutes(59)), C).changed()).isFalse();

        CaseLedger.Step missed = CaseLedger.onTime(f, at(Duration.ofMinutes(61)), C);
        assertThat(missed.reminders()).singleElement().satisfies(r -> {
            assertThat(r.reminderId()).isEqualTo(CASE + "-1-acknowledge-1");
            assertThat(r.step()).isEqualTo(1);
            assertThat(r.stepCn()).isEqualTo("督办");
            assertThat(r.unit()).isEqualTo("网信办舆情值班室"); // nobody assigned yet: the level's duty unit
            assertThat(r.dueAt()).isEqualTo(at(Duration.ofHours(1)));
            assertThat(r.text()).contains("【督办】较大舆情", "签收", "2026-05-20 22:00");
        });
        f = missed.file();
        assertThat(f.overdue()).isTrue();
        assertThat(deadline(f, DeadlineKind.ACKNOWLEDGE).status()).isEqualTo(DeadlineStatus.MISSED);
        // the same moment again (a timer firing twice, a replay): no second reminder
        assertThat(CaseLedger.onTime(f, at(Duration.ofMinutes(62)), C).reminders()).isEmpty();
        // yellow escalates 2 h after the deadline
        assertThat(CaseLedger.nextDue(f)).isEqualTo(at(Duration.ofHours(3)));

        CaseLedger.Step escalated = CaseLedger.onTime(f, at(Duration.ofHours(3)), C);
        assertThat(escalated.reminders()).singleElement().satisfies(r -> {
            assertThat(r.reminderId()).isEqualTo(CASE + "-1-acknowledge-2");
            assertThat(r.stepCn()).isEqualTo("升级督办");
            assertThat(r.unit()).isEqualTo("网信办网络舆情科");
            assertThat(r.text()).contains("逾期 120 分钟", "督促网信办舆情值班室");
        });
        f = escalated.file();
        assertThat(CaseLedger.onTime(f, at(Duration.ofHours(5)), C).reminders()).isEmpty();
        assertThat(f.timeline()).extracting(CaseEntry::type).containsExactly("opened", "reminder", "reminder");

        // acknowledging late meets it late (迟报) and clears overdue
        f = CaseLedger.onEvent(f, event("ev-1", CaseEventType.ACKNOWLEDGED, Duration.ofHours(4), DUTY_DESK), C).file();
        assertThat(deadline(f, DeadlineKind.ACKNOWLEDGE).status()).isEqualTo(DeadlineStatus.MET_LATE);
        assertThat(f.overdue()).isFalse();
        assertThat(f.status()).isEqualTo(CaseStatus.HANDLING);
    }

    @Test
    void anAssignedCaseIsChasedAtItsUnitAndAnOpinionCaseGetsFourWorkingDays() {
        CaseFile f = opened();
        f = CaseLedger.onEvent(f, assigned("ev-1", Duration.ofMinutes(20), "玄武区市场监督管理局", CaseKind.OPINION), C).file();
        assertThat(f.unit()).isEqualTo("玄武区市场监督管理局");
        assertThat(deadline(f, DeadlineKind.ACKNOWLEDGE).status()).isEqualTo(DeadlineStatus.MET);
        // opened Wednesday 2026-05-20 21:00: Thu, Fri, Mon, Tue -> due at midnight ending Tuesday 05-26
        assertThat(deadline(f, DeadlineKind.CLOSE).dueAt()).isEqualTo(Instant.parse("2026-05-26T16:00:00Z"));
        List<CaseReminder> r = CaseLedger.onTime(f, at(Duration.ofHours(12)), C).reminders();
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.deadline()).isEqualTo(DeadlineKind.RESPOND);
            assertThat(x.unit()).isEqualTo("玄武区市场监督管理局");
        });
    }

    @Test
    void aResponseClosureAndAfterWatchArchiveTheCase() {
        CaseFile f = opened();
        f = CaseLedger.onEvent(f, event("ev-1", CaseEventType.ACKNOWLEDGED, Duration.ofMinutes(11), DUTY_DESK), C).file();
        f = CaseLedger.onEvent(f, responded("ev-2", Duration.ofHours(11)), C).file();
        assertThat(f.status()).isEqualTo(CaseStatus.RESPONDED);
        assertThat(f.response().text()).contains("停业整改");
        assertThat(deadline(f, DeadlineKind.RESPOND).status()).isEqualTo(DeadlineStatus.MET);
        f = CaseLedger.onEvent(f, closed("ev-3", Duration.ofHours(20)), C).file();
        assertThat(f.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(f.result()).contains("约谈品牌方");
        assertThat(deadline(f, DeadlineKind.CLOSE).status()).isEqualTo(DeadlineStatus.MET);
        assertThat(deadline(f, DeadlineKind.AFTER_WATCH).dueAt()).isEqualTo(at(Duration.ofHours(44)));
        // closed: the closure deadline's timer is stale and reminds nobody
        assertThat(CaseLedger.onTime(f, at(Duration.ofHours(36)), C).reminders()).isEmpty();
        assertThat(CaseLedger.nextDue(f)).isEqualTo(at(Duration.ofHours(44)));
        CaseLedger.Step quiet = CaseLedger.onTime(f, at(Duration.ofHours(44)), C);
        assertThat(quiet.reminders()).isEmpty();
        assertThat(quiet.file().status()).isEqualTo(CaseStatus.ARCHIVED);
        assertThat(quiet.file().timeline()).extracting(CaseEntry::type)
                .containsExactly("opened", "acknowledged", "responded", "closed", "after_watch_ended");
        assertThat(quiet.file().timeline()).extracting(CaseEntry::actor).containsNull()
                .contains(DUTY_DESK, MARKET);
        assertThat(CaseLedger.nextDue(quiet.file())).isNull();
    }

    @Test
    void aTopicThatAlertsAgainAfterClosureReopensTheCaseWithNewDeadlines() {
        CaseFile f = opened();
        f = CaseLedger.onEvent(f, closed("ev-1", Duration.ofHours(2)), C).file();
        // the closing report of the topic does not reopen it
        CaseLedger.Step ended = CaseLedger.onAlert(f, report(2, RiskLevel.YELLOW, RiskLevel.YELLOW, Duration.ofHours(3), "topic_ended"), C);
        assertThat(ended.file().status()).isEqualTo(CaseStatus.CLOSED);
        f = ended.file();
        // a new wave does
        CaseFile back = CaseLedger.onAlert(f, report(3, RiskLevel.ORANGE, RiskLevel.YELLOW, Duration.ofHours(10)), C).file();
        assertThat(back.status()).isEqualTo(CaseStatus.OPEN);
        assertThat(back.cycle()).isEqualTo(2);
        assertThat(back.reopenCount()).isEqualTo(1);
        assertThat(back.level()).isEqualTo(RiskLevel.ORANGE);
        assertThat(deadline(back, DeadlineKind.ACKNOWLEDGE).dueAt()).isEqualTo(at(Duration.ofHours(10).plusMinutes(30)));
        assertThat(back.deadlines()).filteredOn(d -> d.kind() == DeadlineKind.AFTER_WATCH)
                .singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(DeadlineStatus.CANCELLED));
        assertThat(back.timeline()).extracting(CaseEntry::type).endsWith("reopened_by_alert");
        assertThat(CaseLedger.onTime(back, at(Duration.ofHours(11)), C).reminders()).extracting(CaseReminder::reminderId)
                .containsExactly(CASE + "-2-acknowledge-1");
    }

    @Test
    void aHigherLevelTightensOpenDeadlinesAndNeverLoosensThem() {
        CaseFile f = opened();
        f = CaseLedger.onAlert(f, report(2, RiskLevel.RED, RiskLevel.YELLOW, Duration.ofMinutes(5)), C).file();
        assertThat(f.peakLevel()).isEqualTo(RiskLevel.RED);
        assertThat(deadline(f, DeadlineKind.ACKNOWLEDGE).dueAt()).isEqualTo(at(Duration.ofMinutes(15)));
        f = CaseLedger.onAlert(f, report(3, RiskLevel.BLUE, RiskLevel.RED, Duration.ofMinutes(8)), C).file();
        assertThat(deadline(f, DeadlineKind.ACKNOWLEDGE).dueAt()).isEqualTo(at(Duration.ofMinutes(15)));
        assertThat(f.peakLevel()).isEqualTo(RiskLevel.RED);
        assertThat(f.alertCount()).isEqualTo(3);
        // a report seen before changes nothing
        assertThat(CaseLedger.onAlert(f, report(2, RiskLevel.RED, RiskLevel.YELLOW, Duration.ofMinutes(5)), C).changed()).isFalse();
    }

    @Test
    void badEventsAreRefusedWithTheirReasonAndChangeNothing() {
        CaseFile f = opened();
        CaseEvent noUnit = new CaseEvent(CASE, "ev-9", CaseEventType.ASSIGNED, at(Duration.ofMinutes(3)), DUTY_DESK,
                null, null, null, null, null);
        CaseLedger.Step s = CaseLedger.onEvent(f, noUnit, C);
        assertThat(s.refusal()).contains("unit");
        assertThat(s.file()).isSameAs(f);
        assertThat(s.changed()).isFalse();

        assertThat(CaseLedger.onEvent(null, event("ev-1", CaseEventType.ACKNOWLEDGED, Duration.ZERO, DUTY_DESK), C)
                .refusal()).contains("no case", "首报");
        assertThat(CaseLedger.onEvent(f, event("ev-2", CaseEventType.REOPENED, Duration.ZERO, DUTY_DESK), C).refusal())
                .contains("not closed");
        CaseFile closedCase = CaseLedger.onEvent(f, closed("ev-3", Duration.ofHours(1)), C).file();
        CaseLedger.Step late = CaseLedger.onEvent(closedCase, responded("ev-4", Duration.ofHours(2)), C);
        assertThat(late.refusal()).contains("reopen it before responded");
        assertThat(late.file()).isSameAs(closedCase);
        // a note on a closed case is fine (复盘)
        CaseEvent review = new CaseEvent(CASE, "ev-5", CaseEventType.NOTE, at(Duration.ofHours(3)), MARKET, null, null,
                null, null, "复盘：首条官方回应晚于网民关注高峰约10小时，今后同类事件应先发布情况通报。");
        assertThat(CaseLedger.onEvent(closedCase, review, C).changed()).isTrue();
    }

    @Test
    void theSameEventTwiceIsKeptOnce() {
        CaseFile f = opened();
        CaseEvent ack = event("ev-1", CaseEventType.ACKNOWLEDGED, Duration.ofMinutes(5), DUTY_DESK);
        CaseFile once = CaseLedger.onEvent(f, ack, C).file();
        CaseLedger.Step twice = CaseLedger.onEvent(once, ack, C);
        assertThat(twice.changed()).isFalse();
        assertThat(twice.refusal()).isNull();
        assertThat(twice.file().timeline()).hasSize(2);
    }

    @Test
    void assessmentMeasuresAndOrganisationsFillTheFileThePlansAskFor() {
        CaseFile f = opened();
        assertThat(f.organizations()).isEmpty(); // the 首报's posts named none
        f = CaseLedger.onAlert(f, report(2, RiskLevel.YELLOW, RiskLevel.YELLOW, Duration.ofMinutes(30)), C).file();
        assertThat(f.organizations()).containsExactly("玄武区市场监督管理局");
        f = CaseLedger.onEvent(f, note("ev-1", Duration.ofMinutes(35), NoteKind.ASSESSMENT,
                "负面情绪集中在食品安全，暂未见线下聚集；建议市场监管部门尽快发布权威信息。"), C).file();
        f = CaseLedger.onEvent(f, note("ev-2", Duration.ofMinutes(50), NoteKind.MEASURE,
                "联系玄武区市场监督管理局核实门店情况"), C).file();
        f = CaseLedger.onEvent(f, note("ev-3", Duration.ofHours(2), NoteKind.MEASURE, "准备官方回应口径"), C).file();
        f = CaseLedger.onEvent(f, note("ev-4", Duration.ofHours(3), NoteKind.ASSESSMENT,
                "门店已停业整改，情绪趋缓，维持较大级别观察。"), C).file();
        f = CaseLedger.onEvent(f, note("ev-5", Duration.ofHours(3), null, "值班交接：继续关注抖音评论区"), C).file();
        assertThat(f.assessment()).isEqualTo("门店已停业整改，情绪趋缓，维持较大级别观察。");
        assertThat(f.measures()).containsExactly("联系玄武区市场监督管理局核实门店情况", "准备官方回应口径");
        assertThat(f.review()).isNull();
        assertThat(f.timeline()).extracting(CaseEntry::text).contains("研判意见：负面情绪集中在食品安全，暂未见线下聚集；建议市场监管部门尽快发布权威信息。",
                "处置措施：准备官方回应口径", "值班交接：继续关注抖音评论区");
        // a kind belongs to notes only
        CaseEvent wrong = new CaseEvent(CASE, "ev-6", CaseEventType.ACKNOWLEDGED, at(Duration.ofHours(4)), DUTY_DESK,
                null, null, null, null, null, NoteKind.REVIEW);
        assertThat(CaseLedger.onEvent(f, wrong, C).refusal()).contains("note_kind is set on note only");
    }

    @Test
    void aSeriousCaseOwesAReviewAfterClosureChasedEvenWhenArchivedAndMetByTheReviewNote() {
        CaseFile f = opened();
        f = CaseLedger.onAlert(f, report(2, RiskLevel.ORANGE, RiskLevel.YELLOW, Duration.ofMinutes(20)), C).file();
        f = CaseLedger.onEvent(f, closed("ev-1", Duration.ofHours(20)), C).file();
        // orange (the level reached) owes a review seven days after closure; yellow would not
        assertThat(deadline(f, DeadlineKind.REVIEW).dueAt()).isEqualTo(at(Duration.ofHours(20).plusDays(7)));
        assertThat(CaseLedger.nextDue(f)).isEqualTo(at(Duration.ofHours(44)));
        CaseFile archived = CaseLedger.onTime(f, at(Duration.ofHours(44)), C).file();
        assertThat(archived.status()).isEqualTo(CaseStatus.ARCHIVED);
        assertThat(CaseLedger.nextDue(archived)).isEqualTo(at(Duration.ofHours(20).plusDays(7)));
        CaseLedger.Step missed = CaseLedger.onTime(archived, at(Duration.ofHours(20).plusDays(7)), C);
        assertThat(missed.reminders()).singleElement().satisfies(r -> {
            assertThat(r.reminderId()).isEqualTo(CASE + "-1-review-1");
            assertThat(r.text()).contains("复盘", "到期未完成");
        });
        assertThat(missed.file().overdue()).isTrue();
        assertThat(missed.file().status()).isEqualTo(CaseStatus.ARCHIVED);
        CaseFile reviewed = CaseLedger.onEvent(missed.file(), note("ev-2", Duration.ofHours(20).plusDays(8),
                NoteKind.REVIEW, "复盘：首条官方回应晚于网民关注高峰约10小时，今后同类事件应先发布情况通报。"), C).file();
        assertThat(reviewed.review()).startsWith("复盘：首条官方回应");
        assertThat(deadline(reviewed, DeadlineKind.REVIEW).status()).isEqualTo(DeadlineStatus.MET_LATE);
        assertThat(reviewed.overdue()).isFalse();
        assertThat(CaseLedger.nextDue(reviewed)).isNull();

        // a yellow case closes without one
        CaseFile yellow = CaseLedger.onEvent(opened(), closed("ev-3", Duration.ofHours(2)), C).file();
        assertThat(yellow.deadlines()).extracting(CaseDeadline::kind).doesNotContain(DeadlineKind.REVIEW);
    }
}
