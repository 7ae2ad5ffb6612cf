package io.yuqing.radar.jobs.judgement;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Content signals the alert rules weigh beside a topic's domain: what its posts say happened or
 * ask for, not how many posts there are. {@link #QUESTIONING} comes from the reactions (reposts'
 * own words that question or deny), the others from the lexicon's {@code signal.*} sections.
 */
public enum Signal {
    /** 伤亡: deaths or injuries. */
    CASUALTIES,
    /** 求扩散 / 求转发: calls to spread. */
    CALL_TO_SPREAD,
    /** 未成年人: children and minors. */
    MINORS,
    /** 公职人员: officials and public bodies. */
    OFFICIALS,
    /** 聚集 / 线下行动: gatherings, protests, offline action. */
    GATHERING,
    /** 质疑 / 求证: reactions that question or deny the story. */
    QUESTIONING;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String section() {
        return "signal." + json();
    }

    /** The signals with a lexicon section (all but questioning). */
    static List<String> names() {
        return Arrays.stream(values()).filter(s -> s != QUESTIONING).map(Signal::json).toList();
    }
}
