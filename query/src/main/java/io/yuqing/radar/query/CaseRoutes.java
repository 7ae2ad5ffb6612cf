package io.yuqing.radar.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.CaseEventType;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.Json;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * The case ledger's routes: {@code GET /api/v1/cases}, {@code GET /api/v1/cases/{id}} and
 * {@code POST /api/v1/cases/{id}/events}. Reads come from Elasticsearch (the list) and HBase (one
 * file); a write is checked (contract rules, the case exists, the event fits its state) and handed
 * to Kafka, never applied here: the cases job is the one writer of case files.
 */
final class CaseRoutes {
    /** The largest body a case event can need (5,000-character texts, a link, names), with room. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** An event claiming to be done this far in the future is a mistake (a wrong clock, a typo in the date). */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
    /** Hours before and after a response the effect compares, unless the request asks otherwise (1..24). */
    static final int DEFAULT_EFFECT_HOURS = 6;
    static final int MAX_EFFECT_HOURS = 24;

    private final CaseDesk desk;
    private final Clock clock;

    CaseRoutes(CaseDesk desk, Clock clock) {
        this.desk = desk;
        this.clock = clock;
    }

    void register(Javalin a) {
        a.get("/api/v1/cases", ctx -> ctx.json(desk.search().search(CaseParams.parse(ctx::queryParam))));
        a.get("/api/v1/cases/{id}", this::detail);
        a.post("/api/v1/cases/{id}/events", this::post);
        a.get("/api/v1/reports/monthly", this::monthly);
    }

    /** 舆情办理情况月度通报: {@code month=yyyy-MM} (default: the last complete month, China time), JSON or HTML. */
    private void monthly(Context ctx) throws IOException {
        String format = ctx.queryParam("format");
        boolean html = "html".equals(format);
        if (format != null && !html && !"json".equals(format)) {
            throw ApiException.badParameter("format must be json or html");
        }
        Instant now = clock.instant();
        YearMonth month;
        String m = ctx.queryParam("month");
        if (m == null || m.isBlank()) {
            month = YearMonth.from(now.atZone(Json.CHINA)).minusMonths(1);
        } else {
            try {
                month = YearMonth.parse(m.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.badParameter("month must be yyyy-MM, e.g. 2026-05");
            }
            if (month.isAfter(YearMonth.from(now.atZone(Json.CHINA)))) {
                throw ApiException.badParameter("month " + month + " has not begun");
            }
        }
        Instant start = month.atDay(1).atStartOfDay(Json.CHINA).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(Json.CHINA).toInstant();
        CaseDesk.Active active = desk.month().active(start, end);
        MonthlyBulletin b = MonthlyBulletin.build(month, active.cases(), active.truncated(), now);
        if (html) {
            ctx.header("Content-Security-Policy", ReportHtml.CONTENT_SECURITY_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .contentType("text/html; charset=utf-8").result(MonthlyBulletinHtml.render(b));
        } else {
            ctx.json(b);
        }
    }

    /** The case file, with the response's effect (回应效果) once an official response is recorded. */
    private void detail(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        int hours = SearchParams.integer(ctx::queryParam, "hours", DEFAULT_EFFECT_HOURS);
        if (hours < 1 || hours > MAX_EFFECT_HOURS) {
            throw ApiException.badParameter("hours must be between 1 and " + MAX_EFFECT_HOURS);
        }
        CaseFile f = file(id);
        ObjectNode out = Json.mapper().valueToTree(f);
        Instant responded = f.respondedAt();
        if (responded != null) {
            Duration span = Duration.ofHours(hours);
            ResponseEffect effect = ResponseEffect.of(
                    desk.trend().between(f.topicId(), responded.minus(span), responded.plus(span)), responded, span,
                    clock.instant());
            out.set("response_effect", Json.mapper().valueToTree(effect));
        }
        ctx.json(out);
    }

    private CaseFile file(String id) throws IOException {
        checkId(id);
        return desk.store().get(id).orElseThrow(() -> ApiException.notFound("no case with id '" + id + "'"));
    }

    private void post(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        checkId(id);
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "too_large", "a case event is at most " + MAX_BODY_BYTES + " bytes");
        }
        CaseEvent e = event(id, body, clock.instant(), ctx.attribute(QueryService.PRINCIPAL));
        CaseFile f = desk.store().get(id).orElseThrow(() -> ApiException.notFound(
                "no case with id '" + id + "': a case opens on its topic's 首报"));
        if (f.status().finished() && e.type() != CaseEventType.NOTE && e.type() != CaseEventType.REOPENED) {
            throw new ApiException(409, "conflict", "case '" + id + "' is " + f.status().json() + " ("
                    + f.status().chinese() + "): reopen it before " + e.type().json());
        }
        if (e.type() == CaseEventType.REOPENED && !f.status().finished()) {
            throw new ApiException(409, "conflict", "case '" + id + "' is not closed (" + f.status().chinese() + ")");
        }
        CaseDesk.Written w = desk.writer().write(e);
        ctx.status(202).json(new Accepted(e.caseId(), e.eventId(), e.type().json(), w.topic(), w.partition(), w.offset(),
                desk.visibleWithin().toSeconds(), "/api/v1/cases/" + id,
                "accepted: the cases job folds it into the case file, usually within " + desk.visibleWithin().toSeconds()
                        + " s; it shows in GET /api/v1/cases/" + id + " as the timeline entry whose ref is " + e.eventId()));
    }

    /**
     * The body as a case event of this case: {@code case_id} from the path (a different one in the
     * body is refused), {@code event_id} generated when absent (send your own to make retries safe),
     * {@code at} now when absent.
     */
    static CaseEvent event(String caseId, byte[] body, Instant now) {
        return event(caseId, body, now, null);
    }

    /**
     * As above, done by the caller {@code who} (null: no token): the ledger's 留痕 names the token
     * that wrote the event ({@code actor.token_id}, whatever the body says); the token's role and
     * unit stand where the body gives none, and a token of one unit cannot act for another (403).
     */
    static CaseEvent event(String caseId, byte[] body, Instant now, Principal who) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (IOException ex) {
            throw new ApiException(400, "invalid_body", "the body is not JSON: " + ex.getMessage().lines().findFirst().orElse(""));
        }
        if (tree == null || !tree.isObject()) {
            throw new ApiException(400, "invalid_body", "the body must be a JSON object (a case event)");
        }
        ObjectNode o = (ObjectNode) tree;
        if (o.hasNonNull("case_id") && !caseId.equals(o.get("case_id").asText())) {
            throw new ApiException(400, "invalid_body", "case_id in the body differs from the path");
        }
        o.put("case_id", caseId);
        if (who != null) {
            ObjectNode actor = o.get("actor") instanceof ObjectNode a ? a : o.putObject("actor");
            boolean tokenUnit = who.unit() != null && !who.unit().isBlank();
            if (tokenUnit && actor.hasNonNull("unit") && !actor.get("unit").asText().equals(who.unit())) {
                throw new ApiException(403, "forbidden", "this token acts for " + who.unit() + ", not for "
                        + actor.get("unit").asText());
            }
            if (tokenUnit) {
                actor.put("unit", who.unit());
            }
            if (!actor.hasNonNull("role")) {
                actor.put("role", who.role().wireName());
            }
            actor.put("token_id", who.tokenId());
        }
        if (!o.hasNonNull("event_id")) {
            o.put("event_id", "ev-" + UUID.randomUUID());
        }
        if (!o.hasNonNull("at")) {
            o.put("at", Json.formatTime(now));
        }
        CaseEvent e;
        try {
            e = Json.mapper().treeToValue(o, CaseEvent.class);
        } catch (IOException | IllegalArgumentException ex) {
            throw new ApiException(400, "invalid_body", "not a valid case event: " + ex.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = e.problems();
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_body", String.join("; ", problems));
        }
        if (e.at().isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new ApiException(400, "invalid_body", "at lies in the future: " + Json.formatTime(e.at()));
        }
        return e;
    }

    private static void checkId(String id) {
        if (id.length() > QueryService.MAX_ID_CHARS) {
            throw ApiException.badParameter("id must be at most " + QueryService.MAX_ID_CHARS + " characters");
        }
        if (id.indexOf('|') >= 0) {
            throw ApiException.badParameter("id must not contain '|'");
        }
    }

    /** The answer to an accepted case event: where it is and when it will show. */
    record Accepted(String caseId, String eventId, String type, String topic, int partition, long offset,
                    long visibleWithinSeconds, String caseUrl, String detail) {}
}
