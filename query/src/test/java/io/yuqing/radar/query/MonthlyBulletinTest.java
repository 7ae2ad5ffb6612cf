package io.yuqing.radar.query;

import io.yuqing.radar.schemas.CaseDeadline;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CaseKind;
import io.yuqing.radar.schemas.CaseStatus;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.DeadlineKind;
import io.yuqing.radar.schemas.DeadlineStatus;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MonthlyBulletinTest {
    static CaseFile example() throws Exception {
        try (InputStream in = MonthlyBulletinTest.class.getClassLoader().getResourceAsStream("schemas/examples/case-file.json")) {
            return Json.mapper().readValue(in, CaseFile.class); // the restaurant kitchen story, May 2026
        }
    }

    /** A red 暴雨 case opened 2026-05-30 that nobody acknowledged: missed, escalated, still overdue. */
    static CaseFile unhandled() {
        Instant opened = Instant.parse("2026-05-30T02:00:00Z");
        return new CaseFile("tp-3fa9c1d2", "tp-3fa9c1d2", "广州暴雨内涝引发线下聚集", CaseStatus.OPEN, CaseKind.GENERAL, 1,
                RiskLevel.RED, RiskLevel.RED, Category.DISASTER, 0.08, List.of("暴雨"), List.of("广东省广州市"),
                List.of("weibo"), List.of(), 68942, 52310, 0.71, 9874.3, 3, 3, opened, opened, null, null, null, null,
                null, null, null, 0, List.of(
                new CaseDeadline(DeadlineKind.ACKNOWLEDGE, 1, opened.plusSeconds(900), DeadlineStatus.MISSED, null, 2,
                        opened.plusSeconds(2700)),
                new CaseDeadline(DeadlineKind.RESPOND, 1, opened.plusSeconds(12 * 3600), DeadlineStatus.MISSED, null, 1,
                        opened.plusSeconds(12 * 3600 + 1800)),
                // due in June: not rated in May
                new CaseDeadline(DeadlineKind.CLOSE, 1, Instant.parse("2026-06-01T02:00:00Z"), DeadlineStatus.PENDING, null, 0,
                        Instant.parse("2026-06-01T02:30:00Z"))),
                true, List.of(), opened.plusSeconds(12 * 3600));
    }

    @Test
    void countsOnTimeRatesMeansAndListsForTheMonth() throws Exception {
        MonthlyBulletin b = MonthlyBulletin.build(YearMonth.of(2026, 5), List.of(example(), unhandled()), false,
                Instant.parse("2026-06-03T00:00:00Z"));
        assertThat(b.complete()).isTrue();
        assertThat(b.periodStart()).isEqualTo(Instant.parse("2026-04-30T16:00:00Z")); // 05-01 00:00 China time
        assertThat(b.opened()).isEqualTo(2);
        assertThat(b.closed()).isZero();
        assertThat(b.openedByLevel()).containsEntry("orange", 1).containsEntry("red", 1).containsEntry("blue", 0);
        // acknowledge: kitchen on time, 暴雨 missed; respond: kitchen late, 暴雨 missed
        assertThat(b.onTimeByDeadline().get("acknowledge")).isEqualTo(new MonthlyBulletin.OnTime(1, 0, 1, 0.5));
        assertThat(b.onTimeByDeadline().get("respond")).isEqualTo(new MonthlyBulletin.OnTime(0, 1, 1, 0.0));
        assertThat(b.onTimeByDeadline()).doesNotContainKey("close");
        assertThat(b.onTimeByUnit().get("玄武区市场监督管理局")).isEqualTo(new MonthlyBulletin.OnTime(1, 1, 0, 0.5));
        assertThat(b.onTimeByUnit().get(MonthlyBulletin.UNASSIGNED)).isEqualTo(new MonthlyBulletin.OnTime(0, 0, 2, 0.0));
        assertThat(b.onTimeByLevel().get("red").rate()).isEqualTo(0.0);
        assertThat(b.meanHoursToAcknowledge()).isCloseTo(11 / 60.0, within(1e-9)); // only the kitchen was acknowledged
        assertThat(b.meanHoursToRespond()).isCloseTo(12.5, within(1e-9));
        assertThat(b.meanHoursToClose()).isNull();
        assertThat(b.late()).extracting(MonthlyBulletin.Line::caseId)
                .containsExactly("tp-8c27e0b5", "tp-3fa9c1d2", "tp-3fa9c1d2");
        assertThat(b.overdue()).extracting(MonthlyBulletin.Line::deadline).containsExactly("acknowledge", "respond");

        String html = MonthlyBulletinHtml.render(b);
        assertThat(html).contains("舆情办理情况月度通报 · 2026-05", "新立案件 <b>2</b>", "玄武区市场监督管理局", "未指派",
                "逾期未完成", "迟报", "广州暴雨内涝引发线下聚集");
        assertThat(html).doesNotContain("<script");
    }

    @Test
    void aDeadlineCountsForTheUnitThatHeldTheCaseWhenItFellDue() throws Exception {
        // the kitchen case first went to the district's 网信办, and to the market regulator only the
        // next noon, after its 签收 (due 22:00) and 官方回应 (due 09:00, met late) fell due
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.mapper().valueToTree(example());
        com.fasterxml.jackson.databind.node.ArrayNode timeline = (com.fasterxml.jackson.databind.node.ArrayNode) tree.get("timeline");
        for (com.fasterxml.jackson.databind.JsonNode e : timeline) {
            if (e.get("type").asText().equals("assigned")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) e).put("unit", "玄武区委网信办");
            }
        }
        timeline.addObject().put("seq", timeline.size() + 1).put("at", "2026-05-21T12:00:00+08:00").put("type", "assigned")
                .put("ref", "ev-20260521-0009").put("text", "指派玄武区市场监督管理局办理").put("unit", "玄武区市场监督管理局");
        CaseFile reassigned = Json.mapper().treeToValue(tree, CaseFile.class);
        assertThat(reassigned.unit()).isEqualTo("玄武区市场监督管理局");
        MonthlyBulletin b = MonthlyBulletin.build(YearMonth.of(2026, 5), List.of(reassigned), false,
                Instant.parse("2026-06-03T00:00:00Z"));
        assertThat(b.onTimeByUnit()).containsOnlyKeys("玄武区委网信办");
        assertThat(b.onTimeByUnit().get("玄武区委网信办")).isEqualTo(new MonthlyBulletin.OnTime(1, 1, 0, 0.5));
        assertThat(b.late()).singleElement().satisfies(l -> assertThat(l.unit()).isEqualTo("玄武区委网信办"));
    }

    @Test
    void aMonthWithoutCasesAndTitlesAreEscaped() throws Exception {
        MonthlyBulletin empty = MonthlyBulletin.build(YearMonth.of(2026, 4), List.of(example()), false,
                Instant.parse("2026-06-03T00:00:00Z"));
        assertThat(empty.opened()).isZero();
        assertThat(empty.onTimeByDeadline()).isEmpty();
        assertThat(MonthlyBulletinHtml.render(empty)).contains("本月没有到期的时限", "无逾期未办案件");

        CaseFile hostile = Json.fromString(Json.toString(example()).replace("网传某连锁餐饮门店后厨卫生问题",
                "<img src=x onerror=alert(1)>后厨"), CaseFile.class);
        String html = MonthlyBulletinHtml.render(MonthlyBulletin.build(YearMonth.of(2026, 5), List.of(hostile), false,
                Instant.parse("2026-05-25T00:00:00Z")));
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;后厨").doesNotContain("<img");
        assertThat(html).contains("进行中");
    }
}
