package io.yuqing.radar.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * HBase table {@code topic_trend}: a topic's time series, one row per topic snapshot (one topic,
 * one window), written idempotently (the same snapshot always lands on the same row).
 *
 * <p>Row key: {@code <topic id>|<Long.MAX_VALUE - window end in epoch millis, 19 zero-padded
 * digits>}, UTF-8. All rows of a topic share the prefix {@code <topic id>|}, so its whole history
 * is one prefix scan, and the reversed window end sorts it newest first (the latest snapshot is the
 * first row; "the last N windows" is a scan with a limit). Topic ids are hashes ({@code tp-} + 12
 * hex digits), which already spread topics evenly over regions, so no salt is needed; the table
 * is pre-split on the first hex digit of the id.
 *
 * <p>Family {@code t}: {@code json} the full TopicSnapshot (source of truth), plus
 * {@code window_end} (ISO-8601), {@code post_count}, {@code heat} and {@code lifecycle} as strings
 * for ad-hoc scans without parsing JSON.
 */
public final class TopicTrendTable {
    public static final String DEFAULT_NAME = "topic_trend";
    public static final byte[] FAMILY = bytes("t");
    public static final byte[] JSON = bytes("json");
    public static final byte[] WINDOW_END = bytes("window_end");
    public static final byte[] POST_COUNT = bytes("post_count");
    public static final byte[] HEAT = bytes("heat");
    public static final byte[] LIFECYCLE = bytes("lifecycle");

    private static final String HEX = "0123456789abcdef";

    private TopicTrendTable() {}

    public static byte[] rowKey(String topicId, Instant windowEnd) {
        return bytes(rowKeyString(topicId, windowEnd));
    }

    public static String rowKeyString(String topicId, Instant windowEnd) {
        return prefix(topicId) + String.format("%019d", Long.MAX_VALUE - windowEnd.toEpochMilli());
    }

    /** The prefix of every row of one topic: scan with it to read the topic's history, newest first. */
    public static String prefix(String topicId) {
        return topicId + "|";
    }

    /** The window end a row key encodes. */
    public static Instant windowEnd(String rowKey) {
        return Instant.ofEpochMilli(Long.MAX_VALUE - Long.parseLong(rowKey.substring(rowKey.lastIndexOf('|') + 1)));
    }

    /** Split points for a new table: {@code tp-0}..{@code tp-f}, one region per first hex digit of the id. */
    public static byte[][] splitKeys() {
        byte[][] splits = new byte[15][];
        for (int i = 1; i < 16; i++) {
            splits[i - 1] = bytes("tp-" + HEX.charAt(i));
        }
        return splits;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
