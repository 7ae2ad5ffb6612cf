package io.yuqing.radar.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.SamplePost;
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
    private static final TopicSnapshot NEW = snapshot("2026-11-05T02:10:00Z", 30.0, Lifecycle.PEAK)
            .withJudgement(Category.DISASTER, 0.82, List.of("积水", "暴雨"), 0.61, Map.of("call_to_spread", 0.25));
    private static final TopicSnapshot OLD = snapshot("2026-11-05T02:00:00Z", 10.0, Lifecycle.RISING);

    private static final AtomicReference<HotTopicsParams> lastHot = new AtomicReference<>();
    private static final AtomicReference<AlertParams> lastAlerts = new AtomicReference<>();
    private static final AtomicReference<Integer> lastLimit = new AtomicReference<>();
    private static final AtomicReference<ReportPeriod> lastPeriod = new AtomicReference<>();
    /** Detected just now, so it falls in the latest daily report's period. */
    private static final Alert ORANGE_FOLLOW_UP = new Alert("tp-aaaaaaaaaaaa-2", "tp-aaaaaaaaaaaa", 2, RiskLevel.ORANGE,
            RiskLevel.YELLOW, List.of(), "城区积水 <b>扩散</b>", List.of("积水"), null, null, null,
            ReportPeriod.of(ReportPeriod.Kind.DAILY, ReportPeriod.latestDue(Instant.now())).end().minusSeconds(60),
            80, 60, 0.7, List.of("weibo"), List.of("广东"), List.of(), 88.0, Category.DISASTER, 0.82, List.of("积水"), 0.61);
    private static QueryService service;

    @BeforeAll
    static void start() {
        QueryConfig config = QueryConfig.defaults(TOKEN).withPort(0);
        service = new QueryService(config, new Backends(id -> java.util.Optional.empty(),
                p -> new SearchPage(0, 0, 20, List.of()),
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
                    return new TopicReads.AlertPage(0, p.page(), p.size(),
                            "tp-aaaaaaaaaaaa".equals(p.topic()) ? List.of(ORANGE_FOLLOW_UP) : List.of());
                },
                ids -> ids.contains("tp-aaaaaaaaaaaa") ? Map.of("tp-aaaaaaaaaaaa", RiskLevel.ORANGE) : Map.of(),
                (period, minHeat) -> {
                    lastPeriod.set(period);
                    return new ReportInputs(List.of(), List.of(ORANGE_FOLLOW_UP), false);
                },
                List.of())).start();
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
        assertThat(body.at("/levels/tp-aaaaaaaaaaaa").asText()).isEqualTo("orange");
        assertThat(body.at("/items/0/topic_id").asText()).isEqualTo("tp-aaaaaaaaaaaa");
        assertThat(lastHot.get().region()).isEqualTo("广东");
        assertThat(lastHot.get().size()).isEqualTo(5);
    }

    @Test
    void hotTopicsFilterByCategoryAndCarryTheJudgement() throws Exception {
        HttpResponse<String> r = authed("/api/v1/topics/hot?category=disaster");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastHot.get().category()).isEqualTo(Category.DISASTER);
        JsonNode item = Json.mapper().readTree(r.body()).at("/items/0");
        assertThat(item.get("category").asText()).isEqualTo("disaster");
        assertThat(item.get("category_cn").asText()).isEqualTo("自然灾害与气象");
        assertThat(item.get("category_confidence").asDouble()).isEqualTo(0.82);
        assertThat(item.get("category_evidence")).extracting(JsonNode::asText).containsExactly("积水", "暴雨");
        assertThat(item.get("rumor_score").asDouble()).isEqualTo(0.61);
        assertThat(item.at("/signals/call_to_spread").asDouble()).isEqualTo(0.25);

        HttpResponse<String> bad = authed("/api/v1/topics/hot?category=" + URLEncoder.encode("自然灾害", StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(bad.body()).get("detail").asText())
                .contains("category must be one of accident, disaster, health, food");
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
        assertThat(body.at("/series/0/negative_count").asLong()).isEqualTo(2);
        // the rest of the detail: level, keywords, peak and its spread, posts, alerts
        assertThat(body.get("level").asText()).isEqualTo("orange");
        assertThat(body.get("title").asText()).isEqualTo("积水");
        assertThat(body.at("/keywords/0").asText()).isEqualTo("积水");
        assertThat(body.at("/peak/heat").asDouble()).isEqualTo(30.0);
        assertThat(body.at("/platforms/weibo").asLong()).isEqualTo(10);
        assertThat(body.at("/regions/广东").asLong()).isEqualTo(10);
        assertThat(body.get("representative_posts")).extracting(JsonNode::toString)
                .hasSize(3).allMatch(p -> p.contains("积水"));
        assertThat(body.at("/representative_posts/0/id").asText()).isEqualTo("p1");
        assertThat(body.at("/alerts/0/alert_id").asText()).isEqualTo("tp-aaaaaaaaaaaa-2");
        assertThat(body.at("/alerts/0/level_cn").asText()).isEqualTo("重大");
        assertThat(lastAlerts.get().topic()).isEqualTo("tp-aaaaaaaaaaaa");

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
    void alertsFilterByCategoryAndRumorScore() throws Exception {
        HttpResponse<String> r = authed("/api/v1/alerts?category=FOOD&min_rumor_score=0.5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastAlerts.get().category()).isEqualTo(Category.FOOD);
        assertThat(lastAlerts.get().minRumorScore()).isEqualTo(0.5);
        HttpResponse<String> detail = authed("/api/v1/topics/tp-aaaaaaaaaaaa");
        JsonNode alert = Json.mapper().readTree(detail.body()).at("/alerts/0");
        assertThat(alert.get("category_cn").asText()).isEqualTo("自然灾害与气象");
        assertThat(alert.get("rumor_score").asDouble()).isEqualTo(0.61);
    }

    @Test
    void dailyReportAsJsonAndAsPrintableHtml() throws Exception {
        HttpResponse<String> r = authed("/api/v1/reports/daily");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("title").asText()).isEqualTo("舆情日报");
        assertThat(body.at("/items/0/topic_id").asText()).isEqualTo("tp-aaaaaaaaaaaa");
        assertThat(body.at("/items/0/level").asText()).isEqualTo("orange");
        assertThat(body.at("/items/0/trend")).hasSize(24);
        assertThat(lastPeriod.get().date()).isEqualTo(ReportPeriod.latestDue(Instant.now()));

        HttpResponse<String> html = authed("/api/v1/reports/weekly?format=html&date=2026-11-05");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("<h1>舆情周报 · 2026-11-05</h1>").contains("@media print");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        assertThat(lastPeriod.get().start()).isEqualTo(Instant.parse("2026-10-29T09:00:00Z"));
    }

    @Test
    void trendPageAndItsChartLibraryNeedNoToken() throws Exception {
        HttpResponse<String> page = get("/ui/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("舆情雷达").doesNotContain("${");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("src=\"(/webjars/echarts/[^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        HttpResponse<String> lib = get(m.group(1));
        assertThat(lib.statusCode()).isEqualTo(200);
        assertThat(lib.body()).contains("echarts");
        assertThat(get("/ui/app.js").statusCode()).isEqualTo(200);
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
        // the page is public; the data is not
        assertThat(get("/ui/../api/v1/alerts").statusCode()).isIn(400, 401, 404);
    }

    @Test
    void trendPageOffersEveryCategoryByCodeWithItsChineseName() throws Exception {
        String page = get("/ui/").body();
        java.util.regex.Matcher select = java.util.regex.Pattern.compile("(?s)<select name=\"category\">(.*?)</select>")
                .matcher(page);
        assertThat(select.find()).isTrue();
        java.util.regex.Matcher option = java.util.regex.Pattern.compile("<option value=\"([a-z_]*)\">([^<]+)</option>")
                .matcher(select.group(1));
        Map<String, String> offered = new java.util.LinkedHashMap<>();
        while (option.find()) {
            offered.put(option.group(1), option.group(2));
        }
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("", "全部");
        for (Category c : Category.values()) {
            expected.put(c.json(), c.chinese());
        }
        // the select is static HTML: a category added to the taxonomy must be added to it
        assertThat(offered).containsExactlyEntriesOf(expected);
        // and each code it sends is one the API accepts
        for (String code : offered.keySet()) {
            assertThat(authed("/api/v1/topics/hot?category=" + code).statusCode()).as(code).isEqualTo(200);
        }
    }

    @Test
    void badParametersAre400AndTokenIsRequired() throws Exception {
        for (String path : List.of("/api/v1/topics/hot?hours=100", "/api/v1/topics/hot?region=a.b",
                "/api/v1/topics/hot?level=green", "/api/v1/alerts?report=latest",
                "/api/v1/reports/monthly", "/api/v1/reports/daily?date=2026-13-01",
                "/api/v1/reports/daily?date=2999-01-01", "/api/v1/reports/daily?format=pdf",
                "/api/v1/topics/a%7Cb", "/api/v1/alerts?level=green", "/api/v1/alerts?size=500",
                "/api/v1/topics/hot?category=rumor", "/api/v1/alerts?category=food%20safety",
                "/api/v1/alerts?min_rumor_score=2", "/api/v1/alerts?min_rumor_score=high")) {
            HttpResponse<String> r = authed(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(Json.mapper().readTree(r.body()).get("error").asText()).isEqualTo("invalid_parameter");
        }
        for (String path : List.of("/api/v1/topics/hot", "/api/v1/topics/tp-aaaaaaaaaaaa", "/api/v1/alerts",
                "/api/v1/reports/daily", "/api/v1/reports/weekly?format=html")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(401);
        }
    }

    private static TopicSnapshot snapshot(String windowEnd, double heat, Lifecycle lifecycle) {
        Instant end = Instant.parse(windowEnd);
        return new TopicSnapshot("tp-aaaaaaaaaaaa", "积水", List.of("积水"), end.minusSeconds(600), end, end.minusSeconds(3600),
                lifecycle, 10, 5, 4, 2, 0.2, Map.of("weibo", 10L), Map.of("广东", 10L), heat, 1.0,
                heat > 20 ? List.of(sample("p1"), sample("p2")) : List.of(sample("p2"), sample("p3")));
    }

    private static SamplePost sample(String id) {
        return new SamplePost(id, "https://weibo.example/" + id, "建设大道积水太深了 " + id);
    }
}
