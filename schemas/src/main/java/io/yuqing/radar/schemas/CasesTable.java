package io.yuqing.radar.schemas;

import java.nio.charset.StandardCharsets;

/**
 * HBase table {@code cases}: the case ledger (台账), one row per case, row key = case id (the
 * topic id, UTF-8). Family {@code c}: {@code json} the latest {@link CaseFile} (source of truth for
 * reads), {@code status} and {@code level} as strings for ad-hoc scans, and one cell per timeline
 * entry, {@code e:<seq, 6 digits>} holding that {@link CaseEntry} as JSON. Entries are only ever
 * added (a replay rewrites the same cell with the same value), so the row keeps every event: 留痕.
 * Topic ids are hashes ({@code tp-} + hex), so the table is pre-split on the id's first hex digit.
 */
public final class CasesTable {
    public static final String DEFAULT_NAME = "cases";
    public static final byte[] FAMILY = bytes("c");
    public static final byte[] JSON = bytes("json");
    public static final byte[] STATUS = bytes("status");
    public static final byte[] LEVEL = bytes("level");
    public static final String ENTRY_PREFIX = "e:";

    private static final String HEX = "0123456789abcdef";

    private CasesTable() {}

    public static byte[] rowKey(String caseId) {
        return bytes(caseId);
    }

    public static byte[] entryQualifier(int seq) {
        return bytes(ENTRY_PREFIX + String.format("%06d", seq));
    }

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
