package io.yuqing.radar.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The time a report covers. Reports are due at 17:00 China time (the 舆情日报 goes out before the
 * end of the working day): the daily report of a date covers the 24 hours ending at 17:00 that
 * day, the weekly one the 7 days ending then.
 *
 * @param date  the date (China time) whose 17:00 ends the period
 * @param start inclusive
 * @param end   exclusive
 */
record ReportPeriod(Kind kind, LocalDate date, Instant start, Instant end) {
    static final ZoneId CHINA = ZoneOffset.ofHours(8);
    static final LocalTime DUE = LocalTime.of(17, 0);
    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    /** Daily or weekly; each with its Chinese name and the width of its sparkline buckets. */
    enum Kind {
        DAILY("daily", "舆情日报", Duration.ofDays(1), Duration.ofHours(1)),
        WEEKLY("weekly", "舆情周报", Duration.ofDays(7), Duration.ofHours(6));

        private final String json;
        private final String chinese;
        private final Duration length;
        private final Duration bucket;

        Kind(String json, String chinese, Duration length, Duration bucket) {
            this.json = json;
            this.chinese = chinese;
            this.length = length;
            this.bucket = bucket;
        }

        String json() {
            return json;
        }

        String chinese() {
            return chinese;
        }

        Duration bucket() {
            return bucket;
        }

        static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.json.equals(s)) {
                    return k;
                }
            }
            throw ApiException.badParameter("report kind must be daily or weekly");
        }
    }

    static ReportPeriod of(Kind kind, LocalDate date) {
        Instant end = ZonedDateTime.of(date, DUE, CHINA).toInstant();
        return new ReportPeriod(kind, date, end.minus(kind.length), end);
    }

    /** The date of the latest report already due at {@code now}: today after 17:00, else yesterday. */
    static LocalDate latestDue(Instant now) {
        ZonedDateTime local = now.atZone(CHINA);
        return local.toLocalTime().isBefore(DUE) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    }

    /** The date of the report whose period contains {@code t}. */
    static LocalDate covering(Instant t) {
        return latestDue(t).plusDays(1);
    }

    /**
     * The period {@code ?date=YYYY-MM-DD} asks for, default the latest due. The report in progress
     * (the next one due) may be asked for too: a duty officer previews the 日报 before 17:00.
     *
     * @throws ApiException 400 for a malformed date or one after the report in progress
     */
    static ReportPeriod parse(Kind kind, Function<String, String> param, Instant now) {
        LocalDate latest = latestDue(now);
        String d = param.apply("date");
        if (d == null || d.isBlank()) {
            return of(kind, latest);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(d.strip(), DateTimeFormatter.ISO_LOCAL_DATE.withLocale(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter("date must be YYYY-MM-DD (e.g. 2026-11-05)");
        }
        LocalDate inProgress = covering(now);
        if (date.isAfter(inProgress)) {
            throw ApiException.badParameter("date must be at most " + inProgress + ", the report in progress"
                    + " (reports are due at 17:00 China time; the latest due is " + latest + ")");
        }
        if (date.isBefore(EARLIEST)) {
            throw ApiException.badParameter("date must be " + EARLIEST + " or later");
        }
        return of(kind, date);
    }

    /** The start of every sparkline bucket of the period, oldest first. */
    List<Instant> buckets() {
        List<Instant> out = new ArrayList<>();
        for (Instant t = start; t.isBefore(end); t = t.plus(kind.bucket)) {
            out.add(t);
        }
        return out;
    }
}
