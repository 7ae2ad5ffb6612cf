package io.yuqing.radar.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentTest {

    @Test
    void describesExactlyTheServedEndpoints() throws Exception {
        JsonNode doc = Json.mapper().readTree(OpenApiDocument.load());
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder(
                "/health", "/ready", "/openapi.json", "/api/v1/posts/search", "/api/v1/posts/{id}",
                "/api/v1/topics/hot", "/api/v1/topics/{id}", "/api/v1/alerts", "/api/v1/reports/{kind}",
                "/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/cases/{id}/events", "/api/v1/reports/monthly");
        List<String> caseParams = new ArrayList<>();
        doc.at("/paths/~1api~1v1~1cases/get/parameters").forEach(p -> caseParams.add(p.get("name").asText()));
        assertThat(caseParams).containsExactly("status", "level", "category", "unit", "overdue", "from", "to", "page", "size");
        assertThat(doc.at("/paths/~1api~1v1~1cases~1{id}~1events/post/responses").has("202")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1cases~1{id}~1events/post/responses").has("409")).isTrue();

        List<String> searchParams = new ArrayList<>();
        doc.at("/paths/~1api~1v1~1posts~1search/get/parameters").forEach(p -> searchParams.add(p.get("name").asText()));
        assertThat(searchParams).containsExactly("q", "platform", "sentiment", "from", "to", "page", "size");
        assertThat(doc.at("/paths/~1api~1v1~1posts~1search/get/parameters/6/schema/maximum").asInt())
                .isEqualTo(SearchParams.MAX_SIZE);
        assertThat(doc.at("/paths/~1api~1v1~1posts~1{id}/get/responses").has("404")).isTrue();

        List<String> hotParams = new ArrayList<>();
        doc.at("/paths/~1api~1v1~1topics~1hot/get/parameters").forEach(p -> hotParams.add(p.get("name").asText()));
        assertThat(hotParams).containsExactly("hours", "platform", "region", "level", "category", "size");
        assertThat(doc.at("/paths/~1api~1v1~1topics~1hot/get/parameters/0/schema/maximum").asInt())
                .isEqualTo(HotTopicsParams.MAX_HOURS);
        assertThat(doc.at("/paths/~1api~1v1~1topics~1hot/get/parameters/5/schema/maximum").asInt())
                .isEqualTo(HotTopicsParams.MAX_SIZE);
        assertThat(doc.at("/paths/~1api~1v1~1topics~1{id}/get/responses").has("404")).isTrue();

        List<String> alertParams = new ArrayList<>();
        doc.at("/paths/~1api~1v1~1alerts/get/parameters").forEach(p -> alertParams.add(p.get("name").asText()));
        assertThat(alertParams).containsExactly("level", "topic", "report", "category", "min_rumor_score", "from", "to",
                "page", "size");
        assertThat(doc.at("/paths/~1api~1v1~1alerts/get/parameters/8/schema/maximum").asInt())
                .isEqualTo(AlertParams.MAX_SIZE);
        List<String> levels = new ArrayList<>();
        doc.at("/components/schemas/RiskLevel/enum").forEach(l -> levels.add(l.asText()));
        assertThat(levels).containsExactly(java.util.Arrays.stream(io.yuqing.radar.schemas.RiskLevel.values())
                .map(io.yuqing.radar.schemas.RiskLevel::json).toArray(String[]::new));
        assertThat(doc.at("/paths/~1api~1v1~1alerts/get/security").isMissingNode()).isTrue();
        List<String> categories = new ArrayList<>();
        doc.at("/components/schemas/Category/enum").forEach(c -> categories.add(c.asText()));
        assertThat(categories).containsExactly(java.util.Arrays.stream(Category.values()).map(Category::json)
                .toArray(String[]::new));

        List<String> reportParams = new ArrayList<>();
        doc.at("/paths/~1api~1v1~1reports~1{kind}/get/parameters").forEach(p -> reportParams.add(p.get("name").asText()));
        assertThat(reportParams).containsExactly("kind", "date", "format");
        assertThat(doc.at("/components/schemas/Report/properties/items/maxItems").asInt()).isEqualTo(ReportBuilder.MAX_ITEMS);

        // the open endpoints say so; everything else inherits the token requirement
        assertThat(doc.at("/paths/~1health/get/security").isEmpty()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1posts~1search/get/security").isMissingNode()).isTrue();
    }

    /**
     * The response schemas of snapshots and alerts name every field of their contract, so a field
     * added to the records (the judgement fields, the 1 h / 24 h views) cannot go undocumented.
     */
    @Test
    void snapshotAndAlertSchemasNameEveryContractField() throws Exception {
        JsonNode doc = Json.mapper().readTree(OpenApiDocument.load());
        assertThat(names(doc.at("/components/schemas/TopicSnapshot/properties")))
                .isEqualTo(names(contract("topic-snapshot").path("properties")));
        assertThat(names(doc.at("/components/schemas/Alert/properties")))
                .isEqualTo(names(contract("alert").path("properties")));
        assertThat(names(doc.at("/components/schemas/CaseFile/properties")))
                .isEqualTo(names(contract("case-file").path("properties")));
        assertThat(names(doc.at("/components/schemas/CaseEvent/properties")))
                .isEqualTo(names(contract("case-event").path("properties")));
        assertThat(names(doc.at("/components/schemas/ReportItem/properties")))
                .contains("category", "category_cn", "rumor_score", "rumor_suspected");
    }

    private static JsonNode contract(String name) throws Exception {
        try (var in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream("schemas/" + name + ".schema.json")) {
            assertThat(in).as(name).isNotNull();
            return Json.mapper().readTree(in);
        }
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> out = new TreeSet<>();
        properties.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
