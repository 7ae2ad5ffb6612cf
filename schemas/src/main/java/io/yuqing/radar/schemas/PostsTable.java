package io.yuqing.radar.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HBase table {@code posts}: one row per post, written idempotently (the same post always lands
 * on the same row, so a replay overwrites rather than duplicates).
 *
 * <p>Row key: {@code <2 hex digits of MD5(id)>|<id>}, UTF-8. Post ids are often sequential (Weibo
 * mids grow with time), which would send all writes to one region; the two-digit salt spreads
 * them over 256 buckets while a point lookup by id stays one Get. The table is pre-split on the
 * first salt digit (16 regions).
 *
 * <p>Family {@code p}: {@code json} the full EnrichedPost (source of truth), plus {@code platform},
 * {@code created_at} (ISO-8601) and {@code text} for ad-hoc scans without parsing JSON.
 */
public final class PostsTable {
    public static final String DEFAULT_NAME = "posts";
    public static final byte[] FAMILY = bytes("p");
    public static final byte[] JSON = bytes("json");
    public static final byte[] PLATFORM = bytes("platform");
    public static final byte[] CREATED_AT = bytes("created_at");
    public static final byte[] TEXT = bytes("text");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PostsTable() {}

    public static byte[] rowKey(String postId) {
        return bytes(rowKeyString(postId));
    }

    public static String rowKeyString(String postId) {
        byte first = md5(postId)[0];
        return new StringBuilder(postId.length() + 3)
                .append(HEX[(first >> 4) & 0xf]).append(HEX[first & 0xf]).append('|').append(postId)
                .toString();
    }

    /** Split points for a new table: one region per first salt digit. */
    public static byte[][] splitKeys() {
        byte[][] splits = new byte[15][];
        for (int i = 1; i < 16; i++) {
            splits[i - 1] = new byte[] {(byte) HEX[i]};
        }
        return splits;
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes(s));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
