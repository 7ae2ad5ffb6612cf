package io.yuqing.radar.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.connectors.elasticsearch.EsDocument;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class AlertWritesTest {

    @Test
    void documentIdIsTheAlertIdAndTheIndexTheMonthOfTheWindowEndInChinaTime() {
        // 16:30 UTC on 30 November is 00:30 on 1 December in China; detected a day later
        Alert a = new Alert("tp-1-2", "tp-1", 2, RiskLevel.ORANGE, RiskLevel.YELLOW,
                List.of(new AlertReason("posts_per_minute", 12, 10)), "标题", List.of(),
                Instant.parse("2026-11-30T15:30:00Z"), Instant.parse("2026-11-30T16:30:00Z"),
                Instant.parse("2026-11-30T12:00:00Z"), Instant.parse("2026-12-31T17:00:00Z"),
                10, 10, 0.5, List.of("weibo"), List.of(), List.of(), 1.0);
        EsDocument d = AlertWrites.toDocument("alerts").apply(a);
        assertThat(d.id()).isEqualTo("tp-1-2");
        assertThat(d.index()).isEqualTo("alerts-2026.12");
        assertThat(Json.fromBytes(d.json(), Alert.class)).isEqualTo(a);
        assertThat(AlertWrites.pattern("alerts")).isEqualTo("alerts-*");
    }

    @Test
    void templateMapsEveryFieldOfTheAlertContract() throws Exception {
        JsonNode template = read(AlertWrites.TEMPLATE_RESOURCE);
        JsonNode schema = read("schemas/alert.schema.json");
        assertThat(template.path("index_patterns").get(0).asText()).isEqualTo(AlertWrites.pattern(AlertWrites.DEFAULT_PREFIX));
        Set<String> mapped = new TreeSet<>();
        template.path("template").path("mappings").path("properties").fieldNames().forEachRemaining(mapped::add);
        Set<String> declared = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(declared::add);
        assertThat(mapped).isEqualTo(declared);
    }

    private static JsonNode read(String resource) throws Exception {
        try (InputStream in = AlertWritesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return Json.mapper().readTree(in);
        }
    }
}
