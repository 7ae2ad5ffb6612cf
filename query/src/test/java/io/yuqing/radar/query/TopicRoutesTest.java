package io.yuqing.radar.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic and alert routes over in-memory stand-ins: routing, validation, 404, auth. */
class TopicRoutesTest {
    private static final String TOKEN = "test-token-topics-42";
    private static final TopicSnapshot NEW = snapshot("2026-11-05T02:10:00Z", 30.0, Lifecycle.PEAK);
    private static final TopicSnapshot OLD = snapshot("2026-11-05T02:00:00Z", 10.0, Lifecycle.RISING);

    private static final AtomicReference<HotTopicsParams> lastHot = new AtomicReference<>();
    private static final AtomicReference<AlertParams> lastAlerts = new AtomicReference<>();
    private static final AtomicReference<Integer> lastLimit = new AtomicReference<>();
    private static QueryService service;

    @BeforeAll
    static void start() {
        QueryConfig config = QueryConfig.defaults(TOKEN).withPort(0);
        service = new QueryService(config, id -> java.util.Optional.empty(), p -> new SearchPage(0, 0, 20, List.of()),
                p -> {
                    lastHot.set(p);
                    return List.of(NEW);
                },
                (id, limit) -> {
                    lastLimit.set(limit);
                    return "tp-aaaaaaaaaaaa".equals(id) ? List.of(NEW, OLD) : List.of();
                },
                p -> {
                    lastAlerts.set(p);
                    return new TopicReads.AlertPage(0, p.page(), p.size(), List.of());
                },
                List.of()).start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        return LocalHttp.get(service.port(), pathAndQuery, headers);
    }

    private static HttpResponse<String> authed(String pathAndQuery) throws Exception {
        return get(pathAndQuery, "X-Api-Token", TOKEN);
    }

    @Test
    void hotTopicsPassValidatedParameters() throws Exception {
        HttpResponse<String> r = authed("/api/v1/topics/hot?hours=6&platform=news&region="
                + URLEncoder.encode("广东", StandardCharsets.UTF_8) + "&size=5");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("hours").asInt()).isEqualTo(6);
        assertThat(body.at("/items/0/topic_id").asText()).isEqualTo("tp-aaaaaaaaaaaa");
        assertThat(lastHot.get().region()).isEqualTo("广东");
        assertThat(lastHot.get().size()).isEqualTo(5);
    }

    @Test
    void topicDetailIsLatestPlusSeries() throws Exception {
        HttpResponse<String> r = authed("/api/v1/topics/tp-aaaaaaaaaaaa");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(Json.mapper().treeToValue(body.get("topic"), TopicSnapshot.class)).isEqualTo(NEW);
        assertThat(body.get("series")).hasSize(2);
        assertThat(body.at("/series/0/heat").asDouble()).isEqualTo(30.0);
        assertThat(body.at("/series/1/lifecycle").asText()).isEqualTo("rising");
        assertThat(body.at("/series/0").has("window_end")).isTrue();
        assertThat(lastLimit.get()).isEqualTo(QueryService.MAX_TREND_POINTS);

        HttpResponse<String> missing = authed("/api/v1/topics/tp-bbbbbbbbbbbb");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(missing.body()).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void alertsPage() throws Exception {
        HttpResponse<String> r = authed("/api/v1/alerts?level=orange&page=1&size=10");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("page").asInt()).isEqualTo(1);
        assertThat(body.get("size").asInt()).isEqualTo(10);
        assertThat(body.get("total").asLong()).isZero();
        assertThat(lastAlerts.get().level().json()).isEqualTo("orange");
    }

    @Test
    void badParametersAre400AndTokenIsRequired() throws Exception {
        for (String path : List.of("/api/v1/topics/hot?hours=100", "/api/v1/topics/hot?region=a.b",
                "/api/v1/topics/a%7Cb", "/api/v1/alerts?level=green", "/api/v1/alerts?size=500")) {
            HttpResponse<String> r = authed(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(Json.mapper().readTree(r.body()).get("error").asText()).isEqualTo("invalid_parameter");
        }
        for (String path : List.of("/api/v1/topics/hot", "/api/v1/topics/tp-aaaaaaaaaaaa", "/api/v1/alerts")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(401);
        }
    }

    private static TopicSnapshot snapshot(String windowEnd, double heat, Lifecycle lifecycle) {
        Instant end = Instant.parse(windowEnd);
        return new TopicSnapshot("tp-aaaaaaaaaaaa", "积水", List.of("积水"), end.minusSeconds(600), end, end.minusSeconds(3600),
                lifecycle, 10, 5, 4, 2, 0.2, Map.of("weibo", 10L), Map.of("广东", 10L), heat, 1.0, List.of());
    }
}
