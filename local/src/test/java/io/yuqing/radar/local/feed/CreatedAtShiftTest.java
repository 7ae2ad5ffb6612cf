package io.yuqing.radar.local.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CreatedAtShiftTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shiftsIsoTimesAndKeepsOtherFields() throws IOException {
        byte[] in = utf8("{\"id\":\"m1\",\"platform\":\"weibo\",\"text\":\"转发\",\"created_at\":\"2013-07-16T05:59:29+08:00\",\"x_custom\":{\"a\":1}}");
        JsonNode out = Json.mapper().readTree(CreatedAtShift.apply(in, Duration.ofDays(1).plusSeconds(1)));
        assertThat(out.get("created_at").asText()).isEqualTo("2013-07-17T05:59:30+08:00");
        assertThat(out.get("x_custom").get("a").asInt()).isEqualTo(1);
        assertThat(out.get("text").asText()).isEqualTo("转发");
    }

    @Test
    void shiftsEpochMillisAsMillis() throws IOException {
        byte[] in = utf8("{\"id\":\"m2\",\"created_at\":1000}");
        JsonNode out = Json.mapper().readTree(CreatedAtShift.apply(in, Duration.ofSeconds(2)));
        assertThat(out.get("created_at").asLong()).isEqualTo(3000);
    }

    @Test
    void leavesUnreadableRecordsByteForByte() {
        byte[] badTime = utf8("{\"id\":\"m3\",\"created_at\":\"07月23日 11:47\"}");
        byte[] truncated = utf8("{\"id\":\"m4\",\"created_at\":\"2013-07-16T05:59:29+08:00\"");
        byte[] notUtf8 = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        for (byte[] b : new byte[][] {badTime, truncated, notUtf8, utf8("[]"), utf8("{\"id\":\"m5\"}")}) {
            assertThat(CreatedAtShift.apply(b, Duration.ofHours(3))).isSameAs(b);
        }
    }
}
