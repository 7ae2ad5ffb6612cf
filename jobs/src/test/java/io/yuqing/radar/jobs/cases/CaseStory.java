package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.CaseActor;
import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.CaseEventType;
import io.yuqing.radar.schemas.CaseKind;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.NoteKind;
import io.yuqing.radar.schemas.OfficialResponse;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.SamplePost;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One story for the case tests: a restaurant kitchen video in 南京, reported yellow at 21:00 on Wednesday 2026-05-20. */
final class CaseStory {
    static final String CASE = "tp-8c27e0b5";
    static final String TITLE = "网传某连锁餐饮门店后厨卫生问题";
    static final Instant FIRST_REPORT = Instant.parse("2026-05-20T13:00:41Z"); // 21:00:41 China time
    static final CaseActor DUTY_DESK = new CaseActor("市委网信办舆情科", "dispatcher", "duty-desk-1");
    static final CaseActor MARKET = new CaseActor("玄武区市场监督管理局", "analyst", null);

    private CaseStory() {}

    static Alert report(int seq, RiskLevel level, RiskLevel previous, Duration after, String... rules) {
        List<AlertReason> reasons = rules.length == 0
                ? List.of(new AlertReason("negative_ratio", 0.62, 0.5))
                : java.util.Arrays.stream(rules).map(r -> new AlertReason(r, 1, 1)).toList();
        return new Alert(CASE + "-" + seq, CASE, seq, level, previous, reasons, TITLE,
                List.of("后厨", "食品安全", "老鼠"), FIRST_REPORT.minus(Duration.ofMinutes(10)).plus(after),
                FIRST_REPORT.plus(after), FIRST_REPORT.minus(Duration.ofHours(2)), FIRST_REPORT.plus(after),
                186L * seq, 171L * seq, 0.62, List.of("weibo", "douyin"), List.of("江苏省南京市"),
                List.of(new SamplePost("50699112034577" + seq, "https://weibo.com/1a2b3c4d/PaQk8sT" + seq,
                        "透过后厨窗口看到灶台边有老鼠跑过，拍了视频")),
                36.8 * seq, Category.FOOD, 0.8, List.of("后厨", "老鼠"), 0.41,
                seq == 1 ? List.of() : List.of("玄武区市场监督管理局"));
    }

    static CaseEvent event(String id, CaseEventType type, Duration after, CaseActor actor) {
        return new CaseEvent(CASE, id, type, FIRST_REPORT.plus(after), actor, null, null, null, null, null);
    }

    static CaseEvent assigned(String id, Duration after, String unit, CaseKind kind) {
        return new CaseEvent(CASE, id, CaseEventType.ASSIGNED, FIRST_REPORT.plus(after), DUTY_DESK, unit, kind,
                null, null, null);
    }

    static CaseEvent responded(String id, Duration after) {
        return new CaseEvent(CASE, id, CaseEventType.RESPONDED, FIRST_REPORT.plus(after), MARKET, null, null,
                new OfficialResponse("官方微博", "https://weibo.com/xwscjg/PbA1c2D3e",
                        "我局已对涉事门店开展现场检查，责令其停业整改，调查结果将及时向社会公布。"), null, null);
    }

    static CaseEvent note(String id, Duration after, NoteKind kind, String text) {
        return new CaseEvent(CASE, id, CaseEventType.NOTE, FIRST_REPORT.plus(after), MARKET, null, null, null, null,
                text, kind);
    }

    static CaseEvent closed(String id, Duration after) {
        return new CaseEvent(CASE, id, CaseEventType.CLOSED, FIRST_REPORT.plus(after), MARKET, null, null, null,
                "涉事门店停业整改，复查合格后恢复营业；对门店处以罚款并约谈品牌方区域负责人。", null);
    }
}
