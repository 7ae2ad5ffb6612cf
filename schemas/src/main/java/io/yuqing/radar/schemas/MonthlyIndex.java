package io.yuqing.radar.schemas;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The project's Elasticsearch indices are monthly, {@code <prefix>-yyyy.MM}, the month taken in
 * China time (the month the people reading them work in), so ILM can roll and drop whole months
 * and a document always lands in the same index however often it is rewritten.
 */
public final class MonthlyIndex {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(Json.CHINA);

    private MonthlyIndex() {}

    public static String indexFor(String prefix, Instant at) {
        return prefix + "-" + MONTH.format(at);
    }

    /** Every month of one prefix, for searches and templates. */
    public static String pattern(String prefix) {
        return prefix + "-*";
    }
}
