package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.schemas.CaseKind;
import io.yuqing.radar.schemas.DeadlineKind;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlinesTest {
    private static final CaseDeadlines C = CaseDeadlines.defaults();

    @Test
    void workingDaysSkipWeekendsHolidaysAndCountDaysWorkedInLieu() {
        // Friday 2026-05-29 18:00 China time: Mon, Tue, Wed, Thu -> end of Thursday 06-04
        Instant friday = Instant.parse("2026-05-29T10:00:00Z");
        assertThat(Deadlines.workingDaysAfter(friday, 4, C)).isEqualTo(Instant.parse("2026-06-04T16:00:00Z"));
        // 端午 on Friday 2026-06-19 off, Sunday 06-21 worked in lieu (illustrative calendar)
        CaseDeadlines dragonBoat = CaseDeadlines.withOverrides("holidays: [2026-06-19]\nextra-working-days: [2026-06-21]\n");
        Instant wednesday = Instant.parse("2026-06-17T02:00:00Z");
        // Thu 18, (Fri 19 holiday), (Sat 20), Sun 21 worked, Mon 22, Tue 23 -> end of Tuesday 06-23
        assertThat(Deadlines.workingDaysAfter(wednesday, 4, dragonBoat)).isEqualTo(Instant.parse("2026-06-23T16:00:00Z"));
        // without the calendar: Thu, Fri, Mon, Tue as well, but for other reasons; Sat 06-20 is no working day
        assertThat(Deadlines.isWorkingDay(java.time.LocalDate.parse("2026-06-21"), C)).isFalse();
        assertThat(Deadlines.isWorkingDay(java.time.LocalDate.parse("2026-06-21"), dragonBoat)).isTrue();
        assertThat(Deadlines.isWorkingDay(java.time.LocalDate.parse("2026-06-19"), dragonBoat)).isFalse();
    }

    @Test
    void perLevelDurationsFromTheShippedFile() {
        Instant t = Instant.parse("2026-05-20T13:00:00Z");
        assertThat(Deadlines.due(DeadlineKind.ACKNOWLEDGE, t, RiskLevel.RED, CaseKind.GENERAL, C)).isEqualTo(t.plus(Duration.ofMinutes(15)));
        assertThat(Deadlines.due(DeadlineKind.RESPOND, t, RiskLevel.ORANGE, CaseKind.GENERAL, C)).isEqualTo(t.plus(Duration.ofHours(12)));
        assertThat(Deadlines.due(DeadlineKind.RESPOND, t, RiskLevel.BLUE, CaseKind.GENERAL, C)).isNull();
        assertThat(Deadlines.due(DeadlineKind.CLOSE, t, RiskLevel.YELLOW, CaseKind.GENERAL, C)).isEqualTo(t.plus(Duration.ofHours(36)));
        assertThat(Deadlines.due(DeadlineKind.AFTER_WATCH, t, RiskLevel.YELLOW, CaseKind.GENERAL, C)).isEqualTo(t.plus(Duration.ofHours(24)));
        assertThat(C.describe()).hasSize(5).first().asString().contains("签收 2h");
    }

    @Test
    void aDemoFileShortensEverythingIncludingOpinionClosure() {
        CaseDeadlines demo = CaseDeadlines.withOverrides(
                "levels: {yellow: {acknowledge: PT1M, respond: PT3M, close: PT6M, close-opinion: PT8M, escalate-after: PT1M}}\n"
                        + "after-watch: PT5M\n");
        Instant t = Instant.parse("2026-05-20T13:00:00Z");
        assertThat(Deadlines.due(DeadlineKind.CLOSE, t, RiskLevel.YELLOW, CaseKind.OPINION, demo)).isEqualTo(t.plus(Duration.ofMinutes(8)));
        assertThat(Deadlines.forCycle(1, t, RiskLevel.YELLOW, CaseKind.GENERAL, demo))
                .extracting(d -> d.escalateAt()).containsExactly(t.plusSeconds(120), t.plusSeconds(240), t.plusSeconds(420));
        // the other levels keep the defaults
        assertThat(Deadlines.due(DeadlineKind.ACKNOWLEDGE, t, RiskLevel.RED, CaseKind.GENERAL, demo)).isEqualTo(t.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aBadFileIsRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> CaseDeadlines.withOverrides("levels: {red: {acknowledge: PT0S, escalation-unit: ''}}"))
                .hasMessageContaining("levels.red.acknowledge must be positive")
                .hasMessageContaining("levels.red.escalation-unit is required");
        assertThatThrownBy(() -> CaseDeadlines.withOverrides("levels: {purple: {acknowledge: PT1H}}"))
                .hasMessageContaining("purple");
        assertThatThrownBy(() -> CaseDeadlines.withOverrides("after-wach: PT1H")).hasMessageContaining("after-wach");
    }
}
