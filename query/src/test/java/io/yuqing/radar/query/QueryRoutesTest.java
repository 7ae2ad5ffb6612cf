package io.yuqing.radar.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP layer (routing, auth, error bodies) over in-memory stand-ins for this module's own
 * PostStore/PostSearch interfaces; runs in-process on a loopback port. Real HBase and
 * Elasticsearch are exercised by local/QueryServiceIT.
 */
class QueryRoutesTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final EnrichedPost POST = new EnrichedPost("p1", Platform.WEIBO, "暴雨后路口积水", null,
            Instant.parse("2026-11-05T02:00:00Z"), null, null, 1, 2, 3, null, null, "zh",
            null, null, null, null, null, null, null, null, null, null, null);

    private static final AtomicReference<SearchParams> lastSearch = new AtomicReference<>();
    private static final AtomicReference<String> esFault = new AtomicReference<>();
    private static QueryService service;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        PostStore store = id -> switch (id) {
            case "p1" -> Optional.of(POST);
            case "broken" -> throw new IOException("region server 10.0.0.7:16020 unreachable");
            case "bug" -> throw new IllegalStateException("secret internal state");
            default -> Optional.empty();
        };
        PostSearch search = p -> {
            lastSearch.set(p);
            return new SearchPage(1, p.page(), p.size(), List.of(POST));
        };
        ReadinessCheck hbase = new ReadinessCheck("hbase", () -> { });
        ReadinessCheck es = new ReadinessCheck("elasticsearch", () -> {
            String fault = esFault.get();
            if ("slow".equals(fault)) {
                Thread.sleep(10_000);
            } else if (fault != null) {
                throw new IOException("connection refused: es.internal:9200");
            }
        });
        QueryConfig config = QueryConfig.defaults(TOKEN).withPort(0);
        config = new QueryConfig(config.host(), 0, TOKEN, Duration.ofMillis(300), config.backendTimeout(),
                config.hbaseZkQuorum(), config.hbaseZkPort(), config.postsTable(), config.esUrls(),
                config.postsIndexPrefix());
        service = new QueryService(config, store, search, List.of(hbase, es)).start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        return LocalHttp.get(service.port(), pathAndQuery, headers);
    }

    private static HttpResponse<String> authed(String pathAndQuery) throws Exception {
        return get(pathAndQuery, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        return Json.mapper().readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void openEndpointsNeedNoToken() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("up");

        HttpResponse<String> openapi = get("/openapi.json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(json(openapi).get("openapi").asText()).isEqualTo("3.1.0");

        esFault.set(null);
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).at("/checks/elasticsearch").asText()).isEqualTo("up");
    }

    @Test
    void readyNamesTheFailingBackendWithoutItsInternals() throws Exception {
        try {
            esFault.set("down");
            HttpResponse<String> r = get("/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = json(r);
            assertThat(body.at("/checks/hbase").asText()).isEqualTo("up");
            assertThat(body.at("/checks/elasticsearch").asText()).isEqualTo("failed (IOException)");
            assertThat(body.get("detail").asText()).startsWith("elasticsearch:");
            assertThat(r.body()).doesNotContain("es.internal");

            esFault.set("slow");
            long t0 = System.nanoTime();
            r = get("/ready");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r).at("/checks/elasticsearch").asText()).isEqualTo("timed out after 300 ms");
        } finally {
            esFault.set(null);
        }
    }

    @Test
    void apiNeedsTheToken() throws Exception {
        for (HttpResponse<String> r : List.of(
                get("/api/v1/posts/p1"),
                get("/api/v1/posts/p1", "Authorization", "Bearer wrong"),
                get("/api/v1/posts/p1", "X-Api-Token", "wrong"),
                get("/api/v1/posts/search?q=x"),
                get("/api/v1/nothing-here"))) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(get("/api/v1/posts/p1", "X-Api-Token", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void postById() throws Exception {
        HttpResponse<String> r = authed("/api/v1/posts/p1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.fromString(r.body(), EnrichedPost.class)).isEqualTo(POST);
        assertThat(r.body()).contains("\"created_at\":\"2026-11-05T10:00:00+08:00\"");

        HttpResponse<String> missing = authed("/api/v1/posts/" + enc("不存在"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("not_found");
        assertThat(json(missing).get("detail").asText()).contains("不存在");

        assertThat(authed("/api/v1/posts/" + "x".repeat(257)).statusCode()).isEqualTo(400);
    }

    @Test
    void searchIsNotMistakenForAnId() throws Exception {
        HttpResponse<String> r = authed("/api/v1/posts/search?q=" + enc("积水") + "&platform=weibo&size=5&page=2"
                + "&from=" + enc("2026-11-01T00:00:00+08:00"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("total").asLong()).isEqualTo(1);
        assertThat(body.get("page").asInt()).isEqualTo(2);
        assertThat(body.get("size").asInt()).isEqualTo(5);
        assertThat(body.at("/items/0/id").asText()).isEqualTo("p1");
        assertThat(lastSearch.get()).isEqualTo(new SearchParams("积水", Platform.WEIBO, null,
                Instant.parse("2026-10-31T16:00:00Z"), null, 2, 5));
    }

    @Test
    void badParametersAre400WithADetail() throws Exception {
        for (String query : List.of("", "q=", "q=x&size=0", "q=x&size=101", "q=x&from=tomorrow",
                "q=x&platform=myspace", "q=x&sentiment=angry", "q=x&page=-1", "q=x&page=100&size=100")) {
            HttpResponse<String> r = authed("/api/v1/posts/search?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            JsonNode body = json(r);
            assertThat(body.get("error").asText()).isEqualTo("invalid_parameter");
            assertThat(body.get("detail").asText()).isNotBlank();
        }
    }

    @Test
    void failuresNeverLeakInternals() throws Exception {
        HttpResponse<String> unavailable = authed("/api/v1/posts/broken");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(json(unavailable).get("error").asText()).isEqualTo("unavailable");
        assertThat(unavailable.body()).doesNotContain("10.0.0.7").doesNotContain("Exception");

        HttpResponse<String> bug = authed("/api/v1/posts/bug");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(json(bug).get("error").asText()).isEqualTo("internal");
        assertThat(bug.body()).doesNotContain("secret").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void requestsJettyRejectsCarryNoStackTrace() throws Exception {
        // a malformed percent-escape never reaches Javalin; Jetty's own error page answers it
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/v1/posts/%zz HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.");
        }
    }

    @Test
    void unknownEndpointsAndMethodsAreJsonErrors() throws Exception {
        HttpResponse<String> r = authed("/api/v1/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("not_found");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.port() + "/api/v1/posts/p1"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(404, 405);
        assertThat(post.body()).doesNotContain("\tat ");
    }
}
