package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a {@code note} case event records, when it is one of the parts the work plans ask of a case
 * file: the analysts' assessment, a measure taken, or the review after a serious case. A note
 * without a kind is a plain remark in the timeline.
 */
public enum NoteKind {
    /** 研判意见: the analysts' reading of the case (what it is, where it may go, what to do). */
    ASSESSMENT("研判意见"),
    /** 处置措施: one measure taken (a statement drafted, a unit contacted, a site visited …). */
    MEASURE("处置措施"),
    /** 复盘: the review after handling (what happened, what worked, what to change); meets the review deadline. */
    REVIEW("复盘");

    private final String chinese;

    NoteKind(String chinese) {
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
