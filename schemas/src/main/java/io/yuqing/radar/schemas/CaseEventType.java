package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a case event records (a closed set: a new type needs contract version 2). */
public enum CaseEventType {
    /** 签收: the duty unit has seen the case and taken it on. */
    ACKNOWLEDGED("签收"),
    /** 指派: the case is assigned to a unit (指派专人办理); needs {@code unit}. */
    ASSIGNED("指派"),
    /** 回应: an official statement (口径) was published; needs {@code response} with channel and text. */
    RESPONDED("回应"),
    /** 核实不实: the story is false and was rebutted (辟谣); needs {@code response.url}, the rebuttal's link. */
    VERIFIED_FALSE("辟谣"),
    /** 办结: handling is finished; needs {@code result}, the outcome fed back. */
    CLOSED("办结"),
    /** 重新打开: a closed case is taken up again; {@code note} says why. */
    REOPENED("重新打开"),
    /** 备注: anything else worth keeping in the file (研判, 措施, 复盘); needs {@code note}. */
    NOTE("备注");

    private final String chinese;

    CaseEventType(String chinese) {
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
