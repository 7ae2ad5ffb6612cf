package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportBuilderTest {
    private static final ReportPeriod DAY = ReportPeriod.of(ReportPeriod.Kind.DAILY, LocalDate.of(2026, 11, 5));
    private static final Instant T0 = DAY.start();
    private static final Instant NOW = Instant.parse("2026-11-05T09:05:00Z");

    private static ReportInputs.TopicSummary topic(String id, String title, double peakHeat, long posts,
                                                   ReportInputs.Bucket... trend) {
        return new ReportInputs.TopicSummary(id, title, List.of("积水", "暴雨"), T0, peakHeat, posts, posts - 2,
                T0.plusSeconds(3600), List.of(trend), null, null);
    }

    private static ReportInputs.TopicSummary judged(ReportInputs.TopicSummary t, Category category, Double rumorScore) {
        return new ReportInputs.TopicSummary(t.topicId(), t.title(), t.keywords(), t.firstSeenAt(), t.peakHeat(),
                t.peakPosts(), t.peakAuthors(), t.peakAt(), t.trend(), category, rumorScore);
    }

    private static Alert judged(Alert a, Category category, Double rumorScore) {
        return new Alert(a.alertId(), a.topicId(), a.reportSeq(), a.level(), a.previousLevel(), a.reasons(), a.title(),
                a.keywords(), a.windowStart(), a.windowEnd(), a.firstSeenAt(), a.detectedAt(), a.postCount(),
                a.authorCount(), a.negativeRatio(), a.platforms(), a.regions(), a.samplePosts(), a.heat(), category,
                0.8, List.of(), rumorScore);
    }

    private static Alert alert(String topic, int seq, RiskLevel level, Instant at, double heat) {
        return new Alert(topic + "-" + seq, topic, seq, level, null, List.of(), "告警标题 " + topic, List.of("食品"),
                null, at, null, at, 120, 90, 0.8, List.of("weibo"), List.of("广东"), List.of(), heat);
    }

    @Test
    void alertedTopicsFirstByHighestLevelThenHotOnesByHeat() {
        ReportInputs in = new ReportInputs(List.of(
                topic("tp-rain", "城区积水严重", 150, 60, new ReportInputs.Bucket(T0.plusSeconds(7200), 150, 60)),
                topic("tp-food", "学校食堂食品安全", 40, 20),
                topic("tp-quiet", "小区停水", 30, 10),
                topic("tp-park", "公园灯会人多", 95, 50)),
                List.of(alert("tp-food", 1, RiskLevel.YELLOW, T0.plusSeconds(600), 30),
                        alert("tp-food", 2, RiskLevel.RED, T0.plusSeconds(5400), 45),
                        alert("tp-rain", 1, RiskLevel.BLUE, T0.plusSeconds(3000), 60),
                        // outside the period: not counted
                        alert("tp-quiet", 1, RiskLevel.RED, DAY.end(), 30)),
                false);
        Report r = ReportBuilder.build(DAY, in, 80, NOW);

        assertThat(r.title()).isEqualTo("舆情日报");
        assertThat(r.items()).extracting(Report.Item::topicId).containsExactly("tp-food", "tp-rain", "tp-park");
        assertThat(r.items()).extracting(Report.Item::rank).containsExactly(1, 2, 3);
        Report.Item food = r.items().get(0);
        assertThat(food.level()).isEqualTo(RiskLevel.RED);
        assertThat(food.levelCn()).isEqualTo("特别重大");
        assertThat(food.alerts()).isEqualTo(2);
        assertThat(food.firstReportAt()).isEqualTo(T0.plusSeconds(600));
        // the alert saw a bigger window than the summary's peak
        assertThat(food.peakHeat()).isEqualTo(45);
        assertThat(food.peakPosts()).isEqualTo(120);
        assertThat(food.title()).isEqualTo("告警标题 tp-food");
        assertThat(r.items().get(2).title()).isEqualTo("公园灯会人多");
        assertThat(food.link()).isEqualTo("/ui/#topic=tp-food");
        assertThat(food.apiLink()).isEqualTo("/api/v1/topics/tp-food");
        assertThat(r.items().get(2).level()).isNull();
        assertThat(r.firstReports()).isEqualTo(2);
        assertThat(r.followUps()).isEqualTo(1);
        assertThat(r.alertsByLevel()).containsEntry("red", 1).containsEntry("yellow", 1).containsEntry("blue", 1)
                .containsEntry("orange", 0);
        assertThat(r.topicsByLevel()).containsEntry("red", 1).containsEntry("blue", 1).containsEntry("none", 1);
    }

    @Test
    void categoryComesFromTheLatestReportAndRumourFromTheHighestScoreOfThePeriod() {
        ReportInputs in = new ReportInputs(List.of(
                judged(topic("tp-milk", "婴儿奶粉检出异物", 60, 30), Category.NONE, 0.2),
                judged(topic("tp-rain", "城区积水严重", 150, 60), Category.DISASTER, 0.1),
                topic("tp-park", "公园灯会人多", 95, 50)),
                List.of(judged(alert("tp-milk", 1, RiskLevel.YELLOW, T0.plusSeconds(600), 50), Category.HEALTH, 0.7),
                        judged(alert("tp-milk", 2, RiskLevel.YELLOW, T0.plusSeconds(1200), 60), Category.FOOD, 0.3)),
                false);
        Report r = ReportBuilder.build(DAY, in, 80, NOW);
        assertThat(r.items()).extracting(Report.Item::topicId).containsExactly("tp-milk", "tp-rain", "tp-park");
        Report.Item milk = r.items().get(0);
        assertThat(milk.category()).isEqualTo(Category.FOOD);
        assertThat(milk.categoryCn()).isEqualTo("食品药品安全");
        // the first report read as a rumour; the follow-up's lower score does not clear it
        assertThat(milk.rumorScore()).isEqualTo(0.7);
        assertThat(milk.rumorSuspected()).isTrue();
        Report.Item rain = r.items().get(1);
        assertThat(rain.category()).isEqualTo(Category.DISASTER);
        assertThat(rain.rumorSuspected()).isFalse();
        // from a topics job that does not judge: no category, nothing suspected
        Report.Item park = r.items().get(2);
        assertThat(park.category()).isNull();
        assertThat(park.categoryCn()).isNull();
        assertThat(park.rumorScore()).isNull();
        assertThat(park.rumorSuspected()).isFalse();

        com.fasterxml.jackson.databind.JsonNode json = io.yuqing.radar.schemas.Json.mapper().valueToTree(milk);
        assertThat(json.get("category").asText()).isEqualTo("food");
        assertThat(json.get("category_cn").asText()).isEqualTo("食品药品安全");
        assertThat(json.get("rumor_suspected").asBoolean()).isTrue();
        // exactly at the threshold is suspected, as in the alerts job
        ReportInputs edge = new ReportInputs(List.of(judged(topic("tp-x", "传言某地封城", 90, 30), Category.LIVELIHOOD,
                ReportBuilder.RUMOR_SUSPECTED)), List.of(), false);
        assertThat(ReportBuilder.build(DAY, edge, 80, NOW).items().get(0).rumorSuspected()).isTrue();
    }

    @Test
    void trendLaysSparseBucketsOnTheFullGrid() {
        ReportInputs.TopicSummary s = topic("tp-rain", "城区积水", 150, 60,
                new ReportInputs.Bucket(T0, 12, 5), new ReportInputs.Bucket(T0.plusSeconds(2 * 3600), 150, 60),
                new ReportInputs.Bucket(T0.plusSeconds(23 * 3600), 7, 3),
                // a bucket the histogram started before the period (offset rounding) is dropped
                new ReportInputs.Bucket(T0.minusSeconds(3600), 99, 9));
        List<Double> trend = ReportBuilder.trend(DAY, s);
        assertThat(trend).hasSize(24);
        assertThat(trend.get(0)).isEqualTo(12);
        assertThat(trend.get(1)).isZero();
        assertThat(trend.get(2)).isEqualTo(150);
        assertThat(trend.get(23)).isEqualTo(7);
        assertThat(trend.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(169);
    }

    @Test
    void anAlertedTopicWithoutSnapshotsStillAppearsWithTheAlertsNumbers() {
        Report r = ReportBuilder.build(DAY, new ReportInputs(List.of(),
                List.of(alert("tp-gone", 1, RiskLevel.ORANGE, T0.plusSeconds(60), 70)), true), 80, NOW);
        assertThat(r.items()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("告警标题 tp-gone");
            assertThat(i.keywords()).containsExactly("食品");
            assertThat(i.peakHeat()).isEqualTo(70);
            assertThat(i.trend()).hasSize(24).containsOnly(0.0);
        });
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void aQuietPeriodIsAnEmptyReport() {
        Report r = ReportBuilder.build(DAY, new ReportInputs(List.of(topic("tp-a", "小事", 10, 3)), List.of(), false),
                80, NOW);
        assertThat(r.items()).isEmpty();
        assertThat(r.topicsByLevel().values()).containsOnly(0);
    }
}
