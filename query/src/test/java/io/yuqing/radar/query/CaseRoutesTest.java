package io.yuqing.radar.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.CaseEventType;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CaseStatus;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The case routes over in-memory stand-ins for the ledger and the Kafka writer: routing, the
 * checks before an event is written (contract, unknown case, state), the 202 answer, auth.
 */
class CaseRoutesTest {
    private static final String TOKEN = "test-token-cases-7";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<CaseEvent> written = new CopyOnWriteArrayList<>();
    private static final AtomicReference<CaseParams> lastSearch = new AtomicReference<>();
    private static final AtomicReference<Instant> lastMonth = new AtomicReference<>();
    private static CaseFile open;
    private static CaseFile closed;
    private static QueryService service;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = CaseRoutesTest.class.getClassLoader().getResourceAsStream("schemas/examples/case-file.json")) {
            open = Json.mapper().readValue(in, CaseFile.class); // tp-8c27e0b5, responded
        }
        closed = Json.fromString(Json.toString(open).replace("\"status\":\"responded\"", "\"status\":\"closed\"")
                .replace("tp-8c27e0b5", "tp-0000closed"), CaseFile.class);
        CaseDesk desk = new CaseDesk(
                p -> {
                    lastSearch.set(p);
                    return new CaseDesk.Page(1, p.page(), p.size(), List.of(open));
                },
                id -> Optional.ofNullable(Map.of(open.caseId(), open, closed.caseId(), closed).get(id)),
                e -> {
                    written.add(e);
                    return new CaseDesk.Written("yuqing.cases.events", 1, written.size() - 1);
                },
                (topic, from, to) -> {
                    // the story's windows: busy before the statement, quieter after it
                    List<io.yuqing.radar.schemas.TopicSnapshot> h = new java.util.ArrayList<>(
                            ResponseEffectTest.windows(from, (int) Duration.between(from, open.respondedAt()).toMinutes(), 300, 210));
                    h.addAll(ResponseEffectTest.windows(open.respondedAt(), 60, 100, 40));
                    return h;
                },
                (start, end) -> {
                    lastMonth.set(start);
                    return new CaseDesk.Active(List.of(open, MonthlyBulletinTest.unhandled()), false);
                },
                Duration.ofSeconds(5));
        QueryConfig config = QueryConfig.defaults(TOKEN).withPort(0);
        service = new QueryService(config, new Backends(id -> Optional.empty(), p -> new SearchPage(0, 0, 20, List.of()),
                p -> List.of(), (id, limit) -> List.of(), p -> new TopicReads.AlertPage(0, p.page(), p.size(), List.of()),
                ids -> Map.of(), (period, minHeat) -> new ReportInputs(List.of(), List.of(), false), List.of()), desk).start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @BeforeEach
    void clear() {
        written.clear();
    }

    private static HttpResponse<String> send(String method, String path, String body, boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        if (token) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void listsTheLedgerWithItsFilters() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/cases?status=responded&level=orange&category=food&overdue=false&unit="
                + URLEncoder.encode("玄武区市场监督管理局", StandardCharsets.UTF_8) + "&size=5", null, true);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = Json.mapper().readTree(r.body());
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.at("/items/0/title").asText()).isEqualTo("网传某连锁餐饮门店后厨卫生问题");
        CaseParams p = lastSearch.get();
        assertThat(p.status()).isEqualTo(CaseStatus.RESPONDED);
        assertThat(p.level()).isEqualTo(RiskLevel.ORANGE);
        assertThat(p.unit()).isEqualTo("玄武区市场监督管理局");
        assertThat(p.overdue()).isFalse();
        assertThat(send("GET", "/api/v1/cases?status=pending", null, true).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/cases?overdue=maybe", null, true).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/cases", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void oneCaseWithItsTimelineAndDeadlines() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/cases/tp-8c27e0b5", null, true);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode f = Json.mapper().readTree(r.body());
        assertThat(f.get("status_cn").asText()).isEqualTo("已回应");
        assertThat(f.get("timeline")).hasSize(6);
        assertThat(f.at("/deadlines/1/status").asText()).isEqualTo("met_late");
        // the response's effect (回应效果), 6 h either side by default; the after side has an hour of windows
        assertThat(f.at("/response_effect/hours").asInt()).isEqualTo(6);
        assertThat(f.at("/response_effect/before/negative_ratio").asDouble()).isEqualTo(0.7);
        assertThat(f.at("/response_effect/after/negative_ratio").asDouble()).isEqualTo(0.4);
        assertThat(f.at("/response_effect/summary").asText()).contains("声量下降 67%", "70% → 40%");
        assertThat(send("GET", "/api/v1/cases/tp-8c27e0b5?hours=25", null, true).statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(send("GET", "/api/v1/cases/tp-8c27e0b5?hours=2", null, true).body())
                .at("/response_effect/before/windows").asInt()).isEqualTo(120);
        assertThat(send("GET", "/api/v1/cases/tp-nope", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void aValidEventIsWrittenToKafkaAndTheAnswerSaysWhenItWillShow() throws Exception {
        String body = """
                {"type":"closed","actor":{"unit":"玄武区市场监督管理局","role":"dispatcher"},
                 "result":"涉事门店停业整改，复查合格后恢复营业；对门店处以罚款。","event_id":"ev-close-1"}""";
        HttpResponse<String> r = send("POST", "/api/v1/cases/tp-8c27e0b5/events", body, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode a = Json.mapper().readTree(r.body());
        assertThat(a.get("event_id").asText()).isEqualTo("ev-close-1");
        assertThat(a.get("topic").asText()).isEqualTo("yuqing.cases.events");
        assertThat(a.get("visible_within_seconds").asInt()).isEqualTo(5);
        assertThat(a.get("detail").asText()).contains("GET /api/v1/cases/tp-8c27e0b5");
        assertThat(written).singleElement().satisfies(e -> {
            assertThat(e.caseId()).isEqualTo("tp-8c27e0b5"); // from the path
            assertThat(e.type()).isEqualTo(CaseEventType.CLOSED);
            assertThat(e.at()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
            // 留痕: the token that wrote it, whatever the body claims; the body's unit and role stand
            assertThat(e.actor().tokenId()).isEqualTo("api-token");
            assertThat(e.actor().unit()).isEqualTo("玄武区市场监督管理局");
            assertThat(e.actor().role()).isEqualTo("dispatcher");
        });
        // without an event id one is generated
        send("POST", "/api/v1/cases/tp-8c27e0b5/events",
                "{\"type\":\"acknowledged\",\"actor\":{\"role\":\"dispatcher\"}}", true);
        assertThat(written.get(1).eventId()).startsWith("ev-");
    }

    @Test
    void aUnitsTokenActsForItsUnitOnly() {
        Principal district = new Principal("xuanwu-duty-1", Role.DISPATCHER, "玄武区委网信办");
        Instant now = Instant.parse("2026-07-12T02:00:00Z");
        CaseEvent e = CaseRoutes.event("tp-8c27e0b5", "{\"type\":\"acknowledged\"}".getBytes(StandardCharsets.UTF_8),
                now, district);
        assertThat(e.actor().unit()).isEqualTo("玄武区委网信办");
        assertThat(e.actor().role()).isEqualTo("dispatcher");
        assertThat(e.actor().tokenId()).isEqualTo("xuanwu-duty-1");
        byte[] other = "{\"type\":\"acknowledged\",\"actor\":{\"unit\":\"鼓楼区委网信办\",\"token_id\":\"someone-else\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CaseRoutes.event("tp-8c27e0b5", other, now, district))
                .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.status()).isEqualTo(403))
                .hasMessageContaining("玄武区委网信办");
    }

    @Test
    void aNoteCanSayItIsTheAssessmentAMeasureOrTheReviewAndNothingElseCan() {
        Principal analyst = new Principal("xuanwu-analyst-1", Role.ANALYST, "玄武区委网信办");
        Instant now = Instant.parse("2026-07-12T02:00:00Z");
        CaseEvent review = CaseRoutes.event("tp-8c27e0b5", ("{\"type\":\"note\",\"note_kind\":\"review\","
                + "\"note\":\"复盘：首条官方回应晚于网民关注高峰约10小时。\"}").getBytes(StandardCharsets.UTF_8), now, analyst);
        assertThat(review.noteKind()).isEqualTo(io.yuqing.radar.schemas.NoteKind.REVIEW);
        assertThatThrownBy(() -> CaseRoutes.event("tp-8c27e0b5", "{\"type\":\"acknowledged\",\"note_kind\":\"measure\"}"
                .getBytes(StandardCharsets.UTF_8), now, analyst))
                .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.status()).isEqualTo(400))
                .hasMessageContaining("note_kind is set on note only");
        assertThatThrownBy(() -> CaseRoutes.event("tp-8c27e0b5", "{\"type\":\"note\",\"note_kind\":\"gossip\",\"note\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8), now, analyst))
                .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.status()).isEqualTo(400));
    }

    @Test
    void whatTheCasesJobWouldRefuseIsRefusedHereAndNothingIsWritten() throws Exception {
        // the contract's rules, every problem named
        HttpResponse<String> bad = send("POST", "/api/v1/cases/tp-8c27e0b5/events",
                "{\"type\":\"responded\",\"actor\":{\"token_id\":\"x\"},\"response\":{\"channel\":\"官方微博\"}}", true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("response.channel and response.text");
        assertThat(send("POST", "/api/v1/cases/tp-8c27e0b5/events", "{\"type\":\"reviewed\",\"actor\":{\"role\":\"analyst\"}}", true)
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/cases/tp-8c27e0b5/events", "[1,2]", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/cases/tp-8c27e0b5/events",
                "{\"case_id\":\"tp-other\",\"type\":\"acknowledged\",\"actor\":{\"role\":\"dispatcher\"}}", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/cases/tp-8c27e0b5/events",
                "{\"type\":\"acknowledged\",\"at\":\"2099-01-01T00:00:00+08:00\",\"actor\":{\"role\":\"dispatcher\"}}", true)
                .statusCode()).isEqualTo(400);
        // a case that was never opened
        assertThat(send("POST", "/api/v1/cases/tp-nope/events", "{\"type\":\"acknowledged\",\"actor\":{\"role\":\"dispatcher\"}}", true)
                .statusCode()).isEqualTo(404);
        // the case's state: a closed case takes notes and a reopening only; an open one cannot be reopened
        HttpResponse<String> late = send("POST", "/api/v1/cases/tp-0000closed/events",
                "{\"type\":\"responded\",\"actor\":{\"unit\":\"区市场监管局\"},\"response\":{\"channel\":\"官方微博\",\"text\":\"已整改\"}}", true);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("reopen it before responded");
        assertThat(send("POST", "/api/v1/cases/tp-8c27e0b5/events", "{\"type\":\"reopened\",\"actor\":{\"role\":\"dispatcher\"}}", true)
                .statusCode()).isEqualTo(409);
        // and the token check of every /api route
        assertThat(send("POST", "/api/v1/cases/tp-8c27e0b5/events", "{\"type\":\"acknowledged\",\"actor\":{\"role\":\"dispatcher\"}}", false)
                .statusCode()).isEqualTo(401);
        assertThat(written).isEmpty();
        assertThat(send("POST", "/api/v1/cases/tp-0000closed/events",
                "{\"type\":\"note\",\"actor\":{\"unit\":\"市委网信办舆情科\"},\"note\":\"复盘：回应偏晚。\"}", true).statusCode()).isEqualTo(202);
    }

    @Test
    void theMonthlyBulletinAsJsonAndAsAPrintablePage() throws Exception {
        HttpResponse<String> json = send("GET", "/api/v1/reports/monthly?month=2026-05", null, true);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        JsonNode b = Json.mapper().readTree(json.body());
        assertThat(b.get("month").asText()).isEqualTo("2026-05");
        assertThat(b.get("opened").asInt()).isEqualTo(2);
        assertThat(b.at("/on_time_by_deadline/acknowledge/rate").asDouble()).isEqualTo(0.5);
        assertThat(b.get("overdue")).hasSize(2);
        assertThat(lastMonth.get()).isEqualTo(Instant.parse("2026-04-30T16:00:00Z"));

        HttpResponse<String> html = send("GET", "/api/v1/reports/monthly?month=2026-05&format=html", null, true);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        assertThat(html.body()).contains("舆情办理情况月度通报 · 2026-05", "按时办理率");

        assertThat(send("GET", "/api/v1/reports/monthly?month=2026-13", null, true).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/reports/monthly?month=2999-01", null, true).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/reports/monthly?format=pdf", null, true).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/reports/monthly", null, false).statusCode()).isEqualTo(401);
        // the topic reports still answer on the same path prefix
        assertThat(send("GET", "/api/v1/reports/daily", null, true).statusCode()).isEqualTo(200);
    }
}
