package io.yuqing.radar.query;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Sentiment;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The query's JSON, as the client would send it; no server needed to check its shape. */
class EsPostSearchQueryTest {

    private static JsonNode json(SearchParams p) throws Exception {
        return Json.mapper().readTree(JsonpUtils.toJsonString(EsPostSearch.query(p), new JacksonJsonpMapper()));
    }

    @Test
    void injectionAttemptStaysTheValueOfAMatchQuery() throws Exception {
        String hostile = "积水\" OR *:* text:* \\\" } { \"match_all\": {}";
        JsonNode q = json(new SearchParams(hostile, null, null, null, null, 0, 20));
        String s = q.toString();
        assertThat(s).doesNotContain("query_string").doesNotContain("simple_query_string");
        assertThat(q.at("/bool/must/0/match/text/query").asText()).isEqualTo(hostile);
        assertThat(q.at("/bool/must/0/match/text/operator").asText()).isEqualToIgnoringCase("and");
        assertThat(q.at("/bool/must").size()).isEqualTo(1);
        assertThat(q.at("/bool/filter").isMissingNode() || q.at("/bool/filter").isEmpty()).isTrue();
    }

    @Test
    void platformAndTimeBecomeFilters() throws Exception {
        JsonNode q = json(new SearchParams("积水", Platform.WEIBO, Sentiment.NEGATIVE,
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"), 0, 20));
        assertThat(q.at("/bool/filter/0/term/platform/value").asText()).isEqualTo("weibo");
        assertThat(q.at("/bool/filter/1/term/sentiment/value").asText()).isEqualTo("negative");
        JsonNode range = q.at("/bool/filter/2/range/created_at");
        assertThat(range.get("gte").asText()).isEqualTo("1793491200000");
        assertThat(range.get("lt").asText()).isEqualTo("1793577600000");
        assertThat(range.get("format").asText()).isEqualTo("epoch_millis");
    }
}
