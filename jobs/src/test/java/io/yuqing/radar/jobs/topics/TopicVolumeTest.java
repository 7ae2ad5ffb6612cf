package io.yuqing.radar.jobs.topics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicVolumeTest {
    static final long MINUTE = 60_000;
    /** A day's slide indexes start at a clock hour, so hour boundaries are easy to read. */
    static final long DAY0 = 480_000L * 60;

    @Test
    void aSlideSeenByManyWindowsCountsOnceAtItsLargestEstimate() {
        TopicVolume v = TopicVolume.EMPTY;
        // three 3-slide windows sliding by one: slide DAY0+2 is seen by all three
        v = v.observe(DAY0 + 2, new long[] {1, 2, 3}, MINUTE);
        v = v.observe(DAY0 + 3, new long[] {2, 5, 4}, MINUTE);
        v = v.observe(DAY0 + 4, new long[] {4, 4, 6}, MINUTE);
        assertThat(v.slides()).containsExactly(1L, 2L, 5L, 4L, 6L);
        assertThat(v.lastHour()).isEqualTo(18);
        assertThat(v.lastDay(MINUTE)).isEqualTo(18);
    }

    @Test
    void theLastHourSlidesOnAndOlderSlidesAddUpPerClockHourForADay() {
        TopicVolume v = TopicVolume.EMPTY;
        // 10 posts a minute for 30 hours
        for (long s = DAY0; s < DAY0 + 30 * 60; s++) {
            v = v.observe(s, new long[] {10}, MINUTE);
        }
        assertThat(v.slides()).hasSize(60);
        assertThat(v.lastHour()).isEqualTo(600);
        assertThat(v.hours()).hasSize(24);
        // 23 whole clock hours before the last hour (the day's first, partial hour is left out)
        assertThat(v.lastDay(MINUTE)).isEqualTo(600 + 23 * 600);
    }

    @Test
    void quietSlidesAdvanceTheViewsWithoutPosts() {
        TopicVolume v = TopicVolume.EMPTY.observe(DAY0 + 9, new long[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, MINUTE);
        assertThat(v.lastHour()).isEqualTo(50);
        v = v.observe(DAY0 + 9 + 55, new long[0], MINUTE);
        assertThat(v.lastHour()).isEqualTo(25); // the first five minutes left the hour
        assertThat(v.lastDay(MINUTE)).isEqualTo(50);
        v = v.observe(DAY0 + 9 + 25 * 60, new long[0], MINUTE);
        assertThat(v.lastHour()).isZero();
        assertThat(v.lastDay(MINUTE)).isZero();
    }
}
