package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a case stands. A reopened case is {@link #OPEN} again (its file keeps the earlier cycles). */
public enum CaseStatus {
    /** 待签收: opened on a 首报 (or reopened), nobody has taken it on yet. */
    OPEN("待签收"),
    /** 办理中: acknowledged or assigned. */
    HANDLING("办理中"),
    /** 已回应: an official statement (or 辟谣) is out, not yet closed. */
    RESPONDED("已回应"),
    /** 已办结: closed with a result; the topic is still watched (after-watch, 24 h by default). */
    CLOSED("已办结"),
    /** 已归档: closed and the after-watch passed without the topic coming back. */
    ARCHIVED("已归档");

    private final String chinese;

    CaseStatus(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Closed or archived: handling is over. */
    public boolean finished() {
        return this == CLOSED || this == ARCHIVED;
    }
}
