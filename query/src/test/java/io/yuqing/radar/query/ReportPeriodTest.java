package io.yuqing.radar.query;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportPeriodTest {

    @Test
    void dailyIsTheTwentyFourHoursEndingAtFivePmChinaTime() {
        ReportPeriod p = ReportPeriod.of(ReportPeriod.Kind.DAILY, LocalDate.of(2026, 11, 5));
        assertThat(p.end()).isEqualTo(Instant.parse("2026-11-05T09:00:00Z"));
        assertThat(p.start()).isEqualTo(Instant.parse("2026-11-04T09:00:00Z"));
        assertThat(p.buckets()).hasSize(24).startsWith(p.start());
    }

    @Test
    void weeklyIsSevenDaysInSixHourBuckets() {
        ReportPeriod p = ReportPeriod.of(ReportPeriod.Kind.WEEKLY, LocalDate.of(2026, 11, 5));
        assertThat(p.start()).isEqualTo(Instant.parse("2026-10-29T09:00:00Z"));
        assertThat(p.buckets()).hasSize(28);
        // 09:00 UTC is 3 h past a 6 h boundary: the histogram is shifted to start with the period
        assertThat(EsReportSource.offsetMinutes(p)).isEqualTo(180);
    }

    @Test
    void theLatestDueReportIsTodaysOnlyFromFivePm() {
        assertThat(ReportPeriod.latestDue(Instant.parse("2026-11-05T08:59:59Z"))).isEqualTo(LocalDate.of(2026, 11, 4));
        assertThat(ReportPeriod.latestDue(Instant.parse("2026-11-05T09:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 5));
        // 23:30 UTC is already the next day in China
        assertThat(ReportPeriod.latestDue(Instant.parse("2026-11-05T23:30:00Z"))).isEqualTo(LocalDate.of(2026, 11, 5));
    }

    @Test
    void dateParameterIsValidated() {
        Instant now = Instant.parse("2026-11-05T10:00:00Z");
        assertThat(ReportPeriod.parse(ReportPeriod.Kind.DAILY, Map.<String, String>of()::get, now).date())
                .isEqualTo(LocalDate.of(2026, 11, 5));
        assertThat(ReportPeriod.parse(ReportPeriod.Kind.DAILY, Map.of("date", "2026-11-01")::get, now).date())
                .isEqualTo(LocalDate.of(2026, 11, 1));
 // the report in progress (due 2026-11-06 17:00) can be previewed; the one after cannot
        assertThat(ReportPeriod.parse(ReportPeriod.Kind.DAILY, Map.of("date", "2026-11-06")::get, now).end())
                .isAfter(now);
        assertThat(ReportPeriod.covering(now)).isEqualTo(LocalDate.of(2026, 11, 6));
        for (String bad : new String[] {"2026-11-07", "2026-11-5", "昨天", "2026-11-05T00:00", "1999-12-31"}) {
            assertThatThrownBy(() -> ReportPeriod.parse(ReportPeriod.Kind.DAILY, Map.of("date", bad)::get, now))
                    .as(bad).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> ReportPeriod.Kind.parse("monthly")).isInstanceOf(ApiException.class);
    }
}
