package io.yuqing.radar.schemas;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Json#parseTime} reads its common form by hand; it must read exactly what the general ISO parser reads. */
class JsonTimeTest {

    private static Instant general(String s) {
        return OffsetDateTime.parse(s.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @Test
    void readsTheCommonFormAsTheIsoParserDoes() {
        SplittableRandom r = new SplittableRandom(15);
        List<ZoneOffset> offsets = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(8), ZoneOffset.ofHoursMinutes(-3, -30),
                ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHours(18), ZoneOffset.ofHours(-18));
        for (int i = 0; i < 20_000; i++) {
            // years 0000–9999, any nanosecond, so fractions of every length appear in the written form
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_167_219_200L, 253_402_214_400L - 86_400),
                    r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
            if (r.nextBoolean()) {
                t = Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() / 1_000_000 * 1_000_000);
            }
            for (String s : List.of(Json.formatTime(t),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(offsets.get(r.nextInt(offsets.size())))))) {
                assertThat(Json.parseTime(s)).as(s).isEqualTo(general(s)).isEqualTo(t);
            }
        }
    }

    @Test
    void edgeFormsReadAsTheIsoParserReadsThem() {
        for (String s : List.of("2026-03-01T08:00:00+08:00", "2026-03-01T00:00:00Z", " 2026-03-01T08:00:00.5+08:00 ",
                "2024-02-29T23:59:59.999999999-00:00", "2026-03-01T08:00+08:00", "2026-03-01t08:00:00z",
                "2026-03-01T08:00:00.+08:00", "2026-03-01T08:00:00+08:00:30", "0000-01-01T00:00:00Z",
                "2026-12-31T23:59:59-18:00", "2026-03-01T08:00:00,5+08:00")) {
            Instant expected;
            try {
                expected = general(s);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> Json.parseTime(s)).as(s).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(Json.parseTime(s)).as(s).isEqualTo(expected);
        }
        assertThat(Json.parseTime("1782878400000")).isEqualTo(Instant.parse("2026-07-01T04:00:00Z"));
    }

    @Test
    void refusesWhatTheIsoParserRefuses() {
        for (String s : List.of("2026-02-29T08:00:00+08:00", "2026-13-01T08:00:00+08:00", "2026-04-31T08:00:00Z",
                "2026-03-01T24:00:00+08:00", "2026-03-01T08:60:00+08:00", "2026-03-01T08:00:60+08:00",
                "2026-03-01T08:00:00+19:00", "2026-03-01T08:00:00+18:30", "2026-03-01T08:00:00.1234567891+08:00",
                "2026-03-01T08:00:00", "2026-03-01 08:00:00+08:00", "2026-3-01T08:00:00+08:00", "２０２６-03-01T08:00:00Z",
                "2026-03-01T08:00:00+0800", "2026-03-01T08:00:00+08:00x", "", "  ")) {
            assertThatThrownBy(() -> general(s)).as("the ISO parser refuses %s", s).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Json.parseTime(s)).as(s).isInstanceOf(DateTimeParseException.class);
        }
    }
}
