package io.yuqing.radar.local.feed;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads CED's {@code time_cst} (China time, UTC+8) by hand: {@code 2013-07-16 05:59:29}, or, for a
 * handful of reposts, {@code 07月23日 11:47} without a year. A yearless time takes the year that
 * puts it at or after its event's source post (a repost cannot precede what it reposts), i.e. the
 * source's year, or the next one when the date would otherwise fall before the source.
 */
final class CedTime {
    static final ZoneOffset CST = ZoneOffset.ofHours(8);
    /** Slack for clock skew between a source and its first reposts before moving to next year. */
    private static final long SKEW_MILLIS = 24 * 3600_000L;

    private CedTime() {}

    /** The full form; null when {@code s} is not {@code yyyy-MM-dd HH:mm:ss}. */
    static Instant parseFull(String s) {
        if (s.length() != 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' '
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int y = digits(s, 0, 4);
        int mo = digits(s, 5, 2);
        int d = digits(s, 8, 2);
        int h = digits(s, 11, 2);
        int mi = digits(s, 14, 2);
        int se = digits(s, 17, 2);
        return of(y, mo, d, h, mi, se);
    }

    /** The yearless form {@code MM月dd日 HH:mm}, placed in time by its event's source time. */
    static Instant parseYearless(String s, Instant source) {
        if (source == null || s.length() != 12 || s.charAt(2) != '月' || s.charAt(5) != '日' || s.charAt(6) != ' '
                || s.charAt(9) != ':') {
            return null;
        }
        int mo = digits(s, 0, 2);
        int d = digits(s, 3, 2);
        int h = digits(s, 7, 2);
        int mi = digits(s, 10, 2);
        int year = source.atOffset(CST).getYear();
        Instant t = of(year, mo, d, h, mi, 0);
        if (t != null && t.toEpochMilli() < source.toEpochMilli() - SKEW_MILLIS) {
            t = of(year + 1, mo, d, h, mi, 0);
        }
        return t;
    }

    private static Instant of(int y, int mo, int d, int h, int mi, int s) {
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(y, mo, d, h, mi, s).toInstant(CST);
        } catch (java.time.DateTimeException e) {
            return null; // 02-30 and the like
        }
    }

    /** The number in s[from, from+n), or -1 when a character is not a digit. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
