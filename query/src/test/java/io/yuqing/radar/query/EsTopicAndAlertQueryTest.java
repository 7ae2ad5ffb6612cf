package io.yuqing.radar.query;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hot-topics and alerts queries' JSON, as the client would send it. */
class EsTopicAndAlertQueryTest {

    private static JsonNode json(co.elastic.clients.elasticsearch._types.query_dsl.Query q) throws Exception {
        return Json.mapper().readTree(JsonpUtils.toJsonString(q, new JacksonJsonpMapper()));
    }

    @Test
    void hotTopicsQueryCarriesOnlyTheTimeBound() throws Exception {
        JsonNode q = json(EsTopicSearch.query(Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(q.at("/bool/filter/0/range/window_end/gte").asText()).isEqualTo("1793491200000");
        assertThat(q.at("/bool/filter/0/range/window_end/format").asText()).isEqualTo("epoch_millis");
        assertThat(q.at("/bool/filter").size()).isEqualTo(1);
    }

    @Test
    void hotTopicsFilterOnTheLatestSnapshotAndRankByHeat() {
        TopicSnapshot a = snapshot("tp-a", 10, Map.of("weibo", 3L), Map.of("广东", 3L));
        TopicSnapshot b = snapshot("tp-b", 50, Map.of("news", 2L), Map.of("北京", 2L));
        TopicSnapshot c = snapshot("tp-c", 30, Map.of("weibo", 0L, "news", 1L), Map.of("广东", 1L));
        List<TopicSnapshot> all = List.of(a, b, c);
        Map<String, RiskLevel> none = Map.of();
        assertThat(EsTopicSearch.rank(all, none, new HotTopicsParams(24, null, null, null, null, 20))).containsExactly(b, c, a);
        assertThat(EsTopicSearch.rank(all, none, new HotTopicsParams(24, null, null, null, null, 2))).containsExactly(b, c);
        assertThat(EsTopicSearch.rank(all, none, new HotTopicsParams(24, Platform.WEIBO, null, null, null, 20))).containsExactly(a);
        assertThat(EsTopicSearch.rank(all, none, new HotTopicsParams(24, null, "广东", null, null, 20))).containsExactly(c, a);
        assertThat(EsTopicSearch.rank(all, none, new HotTopicsParams(24, Platform.NEWS, "广东", null, null, 20))).containsExactly(c);
        assertThat(EsTopicSearch.rank(all, none, new HotTopicsParams(24, Platform.DOUYIN, null, null, null, 20))).isEmpty();
    }

    @Test
    void levelFilterKeepsTopicsWhoseCurrentLevelIsThatLevel() {
        TopicSnapshot a = snapshot("tp-a", 10, Map.of("weibo", 3L), Map.of());
        TopicSnapshot b = snapshot("tp-b", 50, Map.of("weibo", 2L), Map.of());
        TopicSnapshot c = snapshot("tp-c", 30, Map.of("weibo", 1L), Map.of());
        Map<String, RiskLevel> levels = Map.of("tp-a", RiskLevel.ORANGE, "tp-c", RiskLevel.ORANGE, "tp-b", RiskLevel.BLUE);
        List<TopicSnapshot> all = List.of(a, b, c);
        assertThat(EsTopicSearch.rank(all, levels, new HotTopicsParams(24, null, null, RiskLevel.ORANGE, null, 20)))
                .containsExactly(c, a);
        assertThat(EsTopicSearch.rank(all, levels, new HotTopicsParams(24, null, null, RiskLevel.BLUE, null, 20)))
                .containsExactly(b);
        // a topic never alerted has no level and matches no level filter
        assertThat(EsTopicSearch.rank(all, Map.of(), new HotTopicsParams(24, null, null, RiskLevel.RED, null, 20))).isEmpty();
    }

    @Test
    void categoryFilterKeepsTopicsWhoseLatestSnapshotIsOfThatCategory() {
        TopicSnapshot rain = snapshot("tp-rain", 40, Map.of("weibo", 3L), Map.of())
                .withJudgement(Category.DISASTER, 0.9, List.of("暴雨", "积水"), 0.05, Map.of());
        TopicSnapshot milk = snapshot("tp-milk", 20, Map.of("weibo", 2L), Map.of())
                .withJudgement(Category.FOOD, 0.8, List.of("奶粉", "变质"), 0.6, Map.of("questioning", 0.3));
        TopicSnapshot flood = snapshot("tp-flood", 60, Map.of("news", 1L), Map.of())
                .withJudgement(Category.DISASTER, 0.7, List.of("洪水"), 0.1, Map.of());
        // snapshots from a topics job that does not judge have no category and match none
        TopicSnapshot unjudged = snapshot("tp-old", 90, Map.of("weibo", 1L), Map.of());
        List<TopicSnapshot> all = List.of(rain, milk, flood, unjudged);
        assertThat(EsTopicSearch.rank(all, Map.of(), new HotTopicsParams(24, null, null, null, Category.DISASTER, 20)))
                .containsExactly(flood, rain);
        assertThat(EsTopicSearch.rank(all, Map.of(), new HotTopicsParams(24, Platform.WEIBO, null, null, Category.DISASTER, 20)))
                .containsExactly(rain);
        assertThat(EsTopicSearch.rank(all, Map.of(), new HotTopicsParams(24, null, null, null, Category.NONE, 20))).isEmpty();
        assertThat(EsTopicSearch.rank(all, Map.of(), new HotTopicsParams(24, null, null, null, null, 20))).hasSize(4);
    }

    @Test
    void alertCategoryIsATermAndMinRumorScoreARange() throws Exception {
        JsonNode q = json(EsAlertSearch.query(new AlertParams(null, null, null, null, null, Category.FOOD, 0.5, 0, 20)));
        assertThat(q.at("/bool/filter/0/term/category/value").asText()).isEqualTo("food");
        assertThat(q.at("/bool/filter/1/range/rumor_score/gte").asDouble()).isEqualTo(0.5);
        assertThat(q.at("/bool/filter").size()).isEqualTo(2);
    }

    private static TopicSnapshot snapshot(String id, double heat, Map<String, Long> platforms, Map<String, Long> regions) {
        Instant end = Instant.parse("2026-11-05T02:00:00Z");
        return new TopicSnapshot(id, "t", List.of(), end.minusSeconds(600), end, end, Lifecycle.RISING, 1, 1, 1, 0, 0.0,
                platforms, regions, heat, 0.0, List.of());
    }

    @Test
    void alertFiltersAreTermsAndAHalfOpenRange() throws Exception {
        String hostile = "tp-1\" OR *:*";
        JsonNode q = json(EsAlertSearch.query(new AlertParams(RiskLevel.ORANGE, hostile,
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"), null, null, null, 0, 20)));
        assertThat(q.at("/bool/filter/0/term/level/value").asText()).isEqualTo("orange");
        assertThat(q.at("/bool/filter/1/term/topic_id/value").asText()).isEqualTo(hostile);
        JsonNode range = q.at("/bool/filter/2/range/detected_at");
        assertThat(range.get("gte").asText()).isEqualTo("1793491200000");
        assertThat(range.get("lt").asText()).isEqualTo("1793577600000");

        JsonNode none = json(EsAlertSearch.query(new AlertParams(null, null, null, null, null, null, null, 0, 20)));
        assertThat(none.at("/bool/filter").isMissingNode() || none.at("/bool/filter").isEmpty()).isTrue();
    }

    @Test
    void reportTopicsAreThePeriodsHotOrAlertedSnapshots() throws Exception {
        ReportPeriod day = ReportPeriod.of(ReportPeriod.Kind.DAILY, java.time.LocalDate.of(2026, 11, 5));
        JsonNode q = json(EsReportSource.topicQuery(day, 80, new java.util.LinkedHashSet<>(List.of("tp-a", "tp-b"))));
        JsonNode range = q.at("/bool/filter/0/range/window_end");
        assertThat(range.get("gte").asText()).isEqualTo(Long.toString(day.start().toEpochMilli()));
        assertThat(range.get("lt").asText()).isEqualTo(Long.toString(day.end().toEpochMilli()));
        assertThat(q.at("/bool/should/0/range/heat/gte").asDouble()).isEqualTo(80.0);
        assertThat(q.at("/bool/should/1/terms/topic_id")).hasSize(2);
        assertThat(q.at("/bool/minimum_should_match").asText()).isEqualTo("1");
        // no alert in the period: heat alone decides
        assertThat(json(EsReportSource.topicQuery(day, 80, java.util.Set.of())).at("/bool/should")).hasSize(1);
    }

    @Test
    void followUpStatusIsAFilterOnTheReportSequence() throws Exception {
        JsonNode first = json(EsAlertSearch.query(new AlertParams(null, null, null, null, AlertParams.Report.FIRST, null, null, 0, 20)));
        assertThat(first.at("/bool/filter/0/term/report_seq/value").asInt()).isEqualTo(1);
        JsonNode followUps = json(EsAlertSearch.query(
                new AlertParams(null, null, null, null, AlertParams.Report.FOLLOWUP, null, null, 0, 20)));
        assertThat(followUps.at("/bool/filter/0/range/report_seq/gte").asDouble()).isEqualTo(2.0);
    }
}
