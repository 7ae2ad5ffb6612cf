package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a case's deadline stands. */
public enum DeadlineStatus {
    /** Not yet due, not yet done. */
    PENDING,
    /** Done on time. */
    MET,
    /** Done, after it fell due (counted against the unit: 迟报). */
    MET_LATE,
    /** Due and not done: 督办 sent (and 升级督办 after the escalation delay). */
    MISSED,
    /** No longer owed: the case was closed (or reopened) before it was done or due. */
    CANCELLED,
    /** The after-watch ran its course. */
    ENDED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
