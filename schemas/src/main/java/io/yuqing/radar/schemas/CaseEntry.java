package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One line of a case's timeline (留痕): who (a unit or role, or the system), when, what. Every
 * alert, case event and reminder that touched the case has one; nothing is ever removed.
 *
 * @param seq  1, 2, ... in the order the cases job folded them in
 * @param type {@code opened}, {@code alert} (a 续报), {@code reopened_by_alert}, a case event type,
 *             {@code reminder}, {@code after_watch_ended}
 * @param ref  the alert id, event id or reminder id it came from
 * @param text what happened, in words (the statement's text, the result, the note ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseEntry(int seq, Instant at, String type, CaseActor actor, String ref, String text) {}
