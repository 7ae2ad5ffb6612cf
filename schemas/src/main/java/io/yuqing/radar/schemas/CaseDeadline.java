package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One deadline of one cycle of a case.
 *
 * @param doneAt     when it was met (the event's {@code at}); absent while pending or missed
 * @param reminders  督办 reminders sent for it so far (0, 1, or 2 once escalated)
 * @param escalateAt when a still-missed deadline is escalated (due + the level's escalation delay)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseDeadline(
        DeadlineKind kind,
        int cycle,
        Instant dueAt,
        DeadlineStatus status,
        Instant doneAt,
        int reminders,
        Instant escalateAt) {

    public CaseDeadline with(DeadlineStatus s, Instant done, int reminders) {
        return new CaseDeadline(kind, cycle, dueAt, s, done, reminders, escalateAt);
    }

    public CaseDeadline withDue(Instant due, Instant escalate) {
        return new CaseDeadline(kind, cycle, due, status, doneAt, reminders, escalate);
    }

    public boolean open() {
        return status == DeadlineStatus.PENDING || status == DeadlineStatus.MISSED;
    }
}
