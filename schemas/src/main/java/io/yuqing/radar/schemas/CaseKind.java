package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Which closure deadline a case has: general (36 h) or opinion/suggestion (4 working days). */
public enum CaseKind {
    /** 一般舆情: closed within hours (36 h by default). */
    GENERAL("一般类"),
    /** 意见建议类: closed within working days (4 by default). */
    OPINION("意见建议类");

    private final String chinese;

    CaseKind(String chinese) {
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
