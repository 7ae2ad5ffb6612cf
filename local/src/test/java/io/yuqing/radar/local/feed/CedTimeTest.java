package io.yuqing.radar.local.feed;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CedTimeTest {
    @Test
    void readsChinaTime() {
        assertThat(CedTime.parseFull("2013-07-16 05:59:29")).isEqualTo(Instant.parse("2013-07-15T21:59:29Z"));
        assertThat(CedTime.parseFull("2013-02-30 05:59:29")).isNull();
        assertThat(CedTime.parseFull("07月23日 11:47")).isNull();
        assertThat(CedTime.parseFull("")).isNull();
    }

    @Test
    void yearlessTimesTakeTheSourcesYearOrTheNext() {
        Instant source = CedTime.parseFull("2013-07-16 05:59:29");
        assertThat(CedTime.parseYearless("07月23日 11:47", source)).isEqualTo(Instant.parse("2013-07-23T03:47:00Z"));
        assertThat(CedTime.parseYearless("01月02日 08:00", source)).isEqualTo(Instant.parse("2014-01-02T00:00:00Z"));
        assertThat(CedTime.parseYearless("07月23日 11:47", null)).isNull();
        assertThat(CedTime.parseYearless("13月23日 11:47", source)).isNull();
    }
}
