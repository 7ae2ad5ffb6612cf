package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The four public-opinion risk levels, lowest first. Ordinal order is severity order.
 */
public enum RiskLevel {
    /** 一般: sensitive, monitor only. */
    BLUE("一般"),
    /** 较大: negative opinion in a small range, guide. */
    YELLOW("较大"),
    /** 重大: spreading fast over a wider range, intervene. */
    ORANGE("重大"),
    /** 特别重大: a formed public-opinion event, possibly with offline linkage; joint response. */
    RED("特别重大");

    private final String chinese;

    RiskLevel(String chinese) {
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
