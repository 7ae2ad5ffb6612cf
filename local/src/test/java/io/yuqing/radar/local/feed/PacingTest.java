package io.yuqing.radar.local.feed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PacingTest {
    private static final Instant T0 = Instant.parse("2013-07-16T00:00:00Z");

    @Test
    void realTimeWaitsTheEventGapMinusElapsed() {
        assertThat(Pacing.waitBefore(T0, T0.plusSeconds(10), 1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Pacing.waitBefore(T0, T0.plusSeconds(10), 1, Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void speedUpDividesEventTime() {
        // 60×: one minute of event time per wall second
        assertThat(Pacing.waitBefore(T0, T0.plusSeconds(60), 60, Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Pacing.waitBefore(T0, T0.plusSeconds(3600), 60, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Pacing.due(T0, T0.plusMillis(1500), 0.5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void neverNegativeAndZeroSpeedMeansAsFastAsPossible() {
        assertThat(Pacing.waitBefore(T0, T0.plusSeconds(10), 1, Duration.ofSeconds(25))).isZero();
        assertThat(Pacing.waitBefore(T0, T0.plusSeconds(86_400), 0, Duration.ZERO)).isZero();
        assertThat(Pacing.waitBefore(T0, T0.minusSeconds(5), 1, Duration.ZERO)).as("older than the first").isZero();
        assertThat(Pacing.waitBefore(T0, T0, 1, Duration.ZERO)).isZero();
    }

    @Test
    void lagIsHowFarBehindSchedule() {
        assertThat(Pacing.lag(T0, T0.plusSeconds(10), 1, Duration.ofSeconds(25))).isEqualTo(Duration.ofSeconds(15));
        assertThat(Pacing.lag(T0, T0.plusSeconds(10), 1, Duration.ofSeconds(3))).isZero();
        assertThat(Pacing.lag(T0, T0.plusSeconds(10), 0, Duration.ofSeconds(30))).isZero();
    }

    @Test
    void rebasingKeepsASpedUpReplayOnItsOwnClock() {
        Instant first = Instant.parse("2013-04-01T08:00:00Z");
        Instant base = Instant.parse("2026-11-24T06:00:00Z");
        // an hour of 2013 at 60x arrives one minute after the replay began, stamped with that minute
        assertThat(Pacing.rebased(first, first.plusSeconds(3600), base, 60)).isEqualTo(base.plusSeconds(60));
        assertThat(Pacing.rebased(first, first.plusSeconds(3600), base, 60))
                .isEqualTo(base.plus(Pacing.due(first, first.plusSeconds(3600), 60)));
        // as fast as possible: the original spacing is kept
        assertThat(Pacing.rebased(first, first.plusSeconds(3600), base, 0)).isEqualTo(base.plusSeconds(3600));
        assertThat(Pacing.rebased(first, first, base, 60)).isEqualTo(base);
    }

    @Test
    void aLiveReplayNeverSendsARecordBeforeItsTime() {
        Instant now = Instant.parse("2026-11-24T06:00:00Z");
        assertThat(Pacing.untilDue(now.plusSeconds(90), now)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Pacing.untilDue(now.minusSeconds(90), now)).isZero();
        // history is caught up at the speed-up; the future waits for the clock, whichever is later
        assertThat(Pacing.later(Duration.ofSeconds(2), Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(Pacing.later(Duration.ofSeconds(2), Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    }
}
