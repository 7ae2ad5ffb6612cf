package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PostParserTest {
    private static final Instant NOW = Instant.parse("2026-07-01T04:00:00Z");
    private final PostParser parser = new PostParser(4096, Duration.ofMinutes(10));

    private ParseOutcome parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private Post valid(String json) {
        ParseOutcome o = parse(json);
        assertThat(o).isInstanceOf(ParseOutcome.Valid.class);
        return ((ParseOutcome.Valid) o).post();
    }

    private void rejected(String json, DeadLetterReason reason) {
        ParseOutcome o = parse(json);
        assertThat(o).isInstanceOf(Rejection.class);
        assertThat(((Rejection) o).reason()).isEqualTo(reason);
        assertThat(((Rejection) o).detail()).isNotBlank();
    }

    @Test
    void readsAFullPostKeepingUnknownFields() {
        Post p = valid("""
                {"id":"4830001","platform":"weibo","text":"暴雨导致城区多处积水，市民出行受阻",
                 "created_at":"2026-07-01T11:30:00+08:00","author":{"id":"u1","name":"晴天小鱼","followers":1200,"verified":false},
                 "reposts":3,"comments":5,"likes":20,"region":"湖北 武汉","source_app":"iPhone客户端"}""");
        assertThat(p.id()).isEqualTo("4830001");
        assertThat(p.platform()).isEqualTo(Platform.WEIBO);
        assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-07-01T03:30:00Z"));
        assertThat(p.author().followers()).isEqualTo(1200L);
        assertThat(p.extra()).containsKey("source_app");
        assertThat(p.extra().get("source_app").asText()).isEqualTo("iPhone客户端");
    }

    @Test
    void acceptsNumericIdsAndEpochMillis() {
        Post p = valid("{\"id\":3500123456789012,\"platform\":\"news\",\"text\":\"食品安全抽检结果公布\",\"created_at\":1782873000000}");
        assertThat(p.id()).isEqualTo("3500123456789012");
        assertThat(p.createdAt()).isEqualTo(Instant.ofEpochMilli(1782873000000L));
    }

    @Test
    void aPlainRepostMayHaveNoText() {
        Post p = valid("{\"id\":\"r1\",\"platform\":\"weibo\",\"created_at\":\"2026-07-01T11:00:00+08:00\",\"repost_of\":\"4830001\",\"repost_text\":\"暴雨导致城区多处积水\"}");
        assertThat(p.isPlainRepost()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing id          | {\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":\"2026-07-01T11:00:00+08:00\"}                       | MISSING_ID",
            "blank id            | {\"id\":\" \",\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":\"2026-07-01T11:00:00+08:00\"}          | MISSING_ID",
            "id is an object     | {\"id\":{},\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":\"2026-07-01T11:00:00+08:00\"}            | WRONG_TYPE",
            "missing platform    | {\"id\":\"1\",\"text\":\"积水\",\"created_at\":\"2026-07-01T11:00:00+08:00\"}                              | MISSING_PLATFORM",
            "unknown platform    | {\"id\":\"1\",\"platform\":\"myspace\",\"text\":\"积水\",\"created_at\":\"2026-07-01T11:00:00+08:00\"}        | UNKNOWN_PLATFORM",
            "missing created_at  | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\"}                                                     | MISSING_CREATED_AT",
            "no offset           | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":\"2026-07-01 11:00:00\"}                | BAD_CREATED_AT",
            "boolean created_at  | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":true}                                  | BAD_CREATED_AT",
            "a day ahead         | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":\"2026-07-02T12:00:00+08:00\"}          | FUTURE_CREATED_AT",
            "empty text          | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"  \",\"created_at\":\"2026-07-01T11:00:00+08:00\"}           | EMPTY_TEXT",
            "text is a number    | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":42,\"created_at\":\"2026-07-01T11:00:00+08:00\"}               | WRONG_TYPE",
            "negative reposts    | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\",\"reposts\":-1,\"created_at\":\"2026-07-01T11:00:00+08:00\"} | WRONG_TYPE",
            "author is a string  | {\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\",\"author\":\"某人\",\"created_at\":\"2026-07-01T11:00:00+08:00\"} | WRONG_TYPE",
            "not json            | {\"id\":\"1\",\"platform\":                                                                               | NOT_JSON",
            "an array            | [1,2,3]                                                                                                   | NOT_AN_OBJECT",
            "a bare string       | \"暴雨\"                                                                                                   | NOT_AN_OBJECT",
    })
    void refusesEachFaultWithItsOwnReason(String name, String json, DeadLetterReason reason) {
        rejected(json, reason);
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bad = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ParseOutcome o = parser.parse(bad, NOW);
        assertThat(((Rejection) o).reason()).isEqualTo(DeadLetterReason.INVALID_UTF8);
    }

    @Test
    void refusesOversizedMessagesBeforeParsing() {
        String big = "{\"id\":\"1\",\"platform\":\"weibo\",\"created_at\":\"2026-07-01T11:00:00+08:00\",\"text\":\""
                + "积水".repeat(2000) + "\"}";
        rejected(big, DeadLetterReason.MESSAGE_TOO_LARGE);
    }

    @Test
    void toleratesSmallClockSkew() {
        valid("{\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":\"2026-07-01T12:05:00+08:00\"}");
    }
}
