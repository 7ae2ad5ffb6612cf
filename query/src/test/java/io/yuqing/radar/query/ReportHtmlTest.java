package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportHtmlTest {
    private static final ReportPeriod DAY = ReportPeriod.of(ReportPeriod.Kind.DAILY, LocalDate.of(2026, 11, 5));

    private static Report report(String title) {
        ReportInputs.TopicSummary s = new ReportInputs.TopicSummary("tp-x\"><script>", title, List.of("积水<b>"),
                DAY.start(), 120, 40, 38, DAY.start().plusSeconds(3600),
                List.of(new ReportInputs.Bucket(DAY.start().plusSeconds(3600), 120, 40)), null, null);
        Alert a = new Alert("tp-x-1", "tp-x\"><script>", 1, RiskLevel.ORANGE, null, List.of(), title, List.of(), null,
                null, null, DAY.start().plusSeconds(1800), 40, 38, 0.6, List.of(), List.of(), List.of(), 100,
                Category.DISASTER, 0.9, List.of("积水"), 0.1);
        // a rumour that was only hot: no alert, a high rumour score, no category judged
        ReportInputs.TopicSummary rumour = new ReportInputs.TopicSummary("tp-r", "网传某小学食堂饭菜发霉，求扩散",
                List.of("食堂", "发霉"), DAY.start(), 90, 30, 25, DAY.start().plusSeconds(7200), List.of(), null, 0.72);
        return ReportBuilder.build(DAY, new ReportInputs(List.of(s, rumour), List.of(a), false), 80,
                Instant.parse("2026-11-05T09:01:00Z"));
    }

    @Test
    void chineseHeadingsLevelsAndPrintStyles() {
        String html = ReportHtml.render(report("城区积水严重，多条道路封闭"));
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<h1>舆情日报 · 2026-11-05</h1>")
                .contains("统计时段：2026-11-04 17:00 — 2026-11-05 17:00（北京时间）")
                .contains("城区积水严重，多条道路封闭")
                .contains("<span class=\"badge orange\">重大</span>")
                .contains("<th>领域</th>")
                .contains("<span class=\"tag\">自然灾害与气象</span>")
                .contains("网传某小学食堂饭菜发霉，求扩散</a> <span class=\"badge rumor\" title=\"疑似不实指数 0.72\">疑似不实</span>")
                .contains("其中 <b>1</b> 个疑似不实")
                .containsOnlyOnce("class=\"badge rumor\"")
                .contains("预警 <b>1</b> 条（首报 1，续报 0）")
                .contains("@media print")
                .doesNotContain("进行中")
                .contains("<svg class=\"spark\"")
                .doesNotContain("<script");
    }

    @Test
    void everyStringFromDataIsEscaped() {
        String html = ReportHtml.render(report("<img src=x onerror=alert(1)>暴雨&'"));
        assertThat(html).doesNotContain("<img").doesNotContain("<script>").doesNotContain("<b>积水")
                .contains("&lt;img src=x onerror=alert(1)&gt;暴雨&amp;&#39;")
                .contains("积水&lt;b&gt;")
                // the id is URL-encoded in the link, then the link is escaped
                .contains("href=\"/ui/#topic=tp-x%22%3E%3Cscript%3E\"");
    }

    @Test
    void sparklineScalesToItsOwnMaximum() {
        String svg = ReportHtml.sparkline(List.of(0.0, 50.0, 100.0), "#d11a2a");
        assertThat(svg).contains("points=\"1.0,30.0 80.0,16.0 159.0,2.0\"").contains("stroke=\"#d11a2a\"");
        assertThat(ReportHtml.sparkline(List.of(0.0, 0.0), "#555")).contains("points=\"1.0,30.0 159.0,30.0\"");
    }

    @Test
    void anEmptyPeriodSaysSo() {
        Report empty = ReportBuilder.build(DAY, new ReportInputs(List.of(), List.of(), false), 80, DAY.end());
        assertThat(ReportHtml.render(empty)).contains("本时段没有预警，也没有热度达到阈值的话题。");
        Report inProgress = ReportBuilder.build(DAY, new ReportInputs(List.of(), List.of(), false), 80,
                DAY.end().minusSeconds(60));
        assertThat(inProgress.complete()).isFalse();
        assertThat(ReportHtml.render(inProgress)).contains("<b>进行中</b>：统计截至生成时间");
    }
}
