package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The deadlines a case keeps, in the order they fall due. */
public enum DeadlineKind {
    /** 签收: the duty unit takes the case on (acknowledged, assigned or any handling). */
    ACKNOWLEDGE("签收"),
    /** 官方回应: an official statement (responded or verified_false), 12 h by default. */
    RESPOND("官方回应"),
    /** 办结: closed, 36 h (general) or 4 working days (opinion/suggestion) by default. */
    CLOSE("办结"),
    /** 后续监测: 24 h of watching after closure; no one's duty, so it never reminds: it archives. */
    AFTER_WATCH("后续监测"),
    /** 复盘: the review a serious case owes after its closure (a note of kind review), at the levels configured. */
    REVIEW("复盘");

    private final String chinese;

    DeadlineKind(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
