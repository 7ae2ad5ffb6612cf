package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A 督办 reminder: a case missed a deadline, on {@code yuqing.cases.reminders} (key: case id),
 * written exactly once by the cases job. Step 1 goes to the unit responsible for the case (the
 * assigned unit, else the level's duty unit); step 2, when the deadline is still missed after the
 * level's escalation delay, goes to the level's escalation unit (升级督办).
 *
 * @param reminderId deterministic: {@code <case id>-<cycle>-<deadline>-<step>}, so consumers de-duplicate on it
 * @param cycle      1 for the case as opened, +1 for every reopening
 * @param dueAt      when the deadline fell due
 * @param issuedAt   when the job found it missed (the deadline's timer, or later after an outage)
 * @param unit       the unit this reminder is addressed to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseReminder(
        String reminderId,
        String caseId,
        int cycle,
        DeadlineKind deadline,
        int step,
        Instant dueAt,
        Instant issuedAt,
        String unit,
        RiskLevel level,
        String title,
        String text) {

    /** 督办 or 升级督办, from {@link #step}. */
    @JsonProperty("step_cn")
    public String stepCn() {
        return step <= 1 ? "督办" : "升级督办";
    }

    @JsonProperty("level_cn")
    public String levelCn() {
        return level == null ? null : level.chinese();
    }

    public static String id(String caseId, int cycle, DeadlineKind deadline, int step) {
        return caseId + "-" + cycle + "-" + deadline.json() + "-" + step;
    }
}
