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
 * @param unit on {@code assigned}: the unit the case went to, so that who held the case at any time
 *             can be read back (the monthly bulletin charges a deadline to the unit holding the case
 *             when it fell due); null on other entries
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseEntry(int seq, Instant at, String type, CaseActor actor, String ref, String text, String unit) {

    /** An entry that names no unit (every type but assigned). */
    public CaseEntry(int seq, Instant at, String type, CaseActor actor, String ref, String text) {
        this(seq, at, type, actor, ref, text, null);
    }
}
