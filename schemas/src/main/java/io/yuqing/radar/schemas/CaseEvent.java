package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What dispatch or an analyst did to a case, on {@code yuqing.cases.events} (key: {@link #caseId},
 * which is the topic id: one case per alerted topic, 一情一档). {@code eventId} is the writer's
 * idempotency key: the same event sent twice is kept once.
 *
 * <p>Per type: {@code assigned} needs {@code unit} (and may set {@code kind}); {@code responded}
 * needs {@code response} with channel and text (口径); {@code verified_false} needs
 * {@code response.url} (the 辟谣 link); {@code closed} needs {@code result}; {@code note} needs
 * {@code note}, and may say with {@code noteKind} that it is the assessment (研判意见), a measure
 * (处置措施) or the review (复盘). {@link #problems()} checks all of it, for the query service before it writes and
 * for the cases job when it reads (a writer other than the service may be wrong).
 *
 * @param at    when it was done (not when it was sent)
 * @param kind  on {@code assigned}: the case's kind when dispatch decides it (changes the closure deadline)
 * @param noteKind on {@code note}, optional: which part of the case file the note is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseEvent(
        String caseId,
        String eventId,
        CaseEventType type,
        Instant at,
        CaseActor actor,
        String unit,
        CaseKind kind,
        OfficialResponse response,
        String result,
        String note,
        NoteKind noteKind) {

    /** An event without a note kind (writers and tests from before note kinds existed). */
    public CaseEvent(String caseId, String eventId, CaseEventType type, Instant at, CaseActor actor, String unit,
                     CaseKind kind, OfficialResponse response, String result, String note) {
        this(caseId, eventId, type, at, actor, unit, kind, response, result, note, null);
    }

    public static final int MAX_ID_CHARS = 256;
    public static final int MAX_TEXT_CHARS = 5000;
    public static final int MAX_NAME_CHARS = 200;

    /** What is wrong with this event, one sentence per problem; empty when it is valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        id(p, "case_id", caseId);
        id(p, "event_id", eventId);
        if (type == null) {
            p.add("type is required: acknowledged, assigned, responded, verified_false, closed, reopened or note");
        }
        if (at == null) {
            p.add("at is required: when it was done");
        }
        if (actor == null || blank(actor.unit()) && blank(actor.role())) {
            p.add("actor needs a unit or a role (units and roles act on cases, never named persons)");
        } else {
            length(p, "actor.unit", actor.unit(), MAX_NAME_CHARS);
            length(p, "actor.role", actor.role(), MAX_NAME_CHARS);
            length(p, "actor.token_id", actor.tokenId(), MAX_NAME_CHARS);
        }
        length(p, "unit", unit, MAX_NAME_CHARS);
        length(p, "result", result, MAX_TEXT_CHARS);
        length(p, "note", note, MAX_TEXT_CHARS);
        if (response != null) {
            length(p, "response.channel", response.channel(), MAX_NAME_CHARS);
            length(p, "response.url", response.url(), MAX_NAME_CHARS * 10);
            length(p, "response.text", response.text(), MAX_TEXT_CHARS);
            if (!blank(response.url()) && !response.url().matches("(?i)https?://\\S+")) {
                p.add("response.url must be an http(s) link");
            }
        }
        if (kind != null && type != CaseEventType.ASSIGNED) {
            p.add("kind is set on assigned only");
        }
        if (noteKind != null && type != CaseEventType.NOTE) {
            p.add("note_kind is set on note only");
        }
        if (type != null) {
            switch (type) {
                case ASSIGNED -> require(p, "unit", unit, "assigned needs the unit the case goes to");
                case RESPONDED -> {
                    if (response == null || blank(response.channel()) || blank(response.text())) {
                        p.add("responded needs response.channel and response.text (the statement, 口径)");
                    }
                }
                case VERIFIED_FALSE -> {
                    if (response == null || blank(response.url())) {
                        p.add("verified_false needs response.url, the link to the rebuttal (辟谣)");
                    }
                }
                case CLOSED -> require(p, "result", result, "closed needs the result (办理结果)");
                case NOTE -> require(p, "note", note, "note needs the note");
                case ACKNOWLEDGED, REOPENED -> { }
            }
        }
        return p;
    }

    private static void id(List<String> p, String name, String v) {
        if (blank(v)) {
            p.add(name + " is required");
        } else if (v.length() > MAX_ID_CHARS) {
            p.add(name + " must be at most " + MAX_ID_CHARS + " characters");
        } else if (v.indexOf('|') >= 0 || !v.strip().equals(v)) {
            p.add(name + " must not contain '|' or surrounding spaces");
        }
    }

    private static void require(List<String> p, String name, String v, String why) {
        if (blank(v)) {
            p.add(why + " (" + name + ")");
        }
    }

    private static void length(List<String> p, String name, String v, int max) {
        if (v != null && v.length() > max) {
            p.add(name + " must be at most " + max + " characters");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
