package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Platform;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchParamsTest {

    private static SearchParams parse(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return SearchParams.parse(m::get);
    }

    private static void assertBad(String expectedInDetail, String... kv) {
        assertThatThrownBy(() -> parse(kv))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body().error()).isEqualTo("invalid_parameter");
                    assertThat(e.body().detail()).contains(expectedInDetail);
                });
    }

    @Test
    void defaults() {
        SearchParams p = parse("q", " 积水 ");
        assertThat(p.q()).isEqualTo("积水");
        assertThat(p.platform()).isNull();
        assertThat(p.from()).isNull();
        assertThat(p.to()).isNull();
        assertThat(p.page()).isZero();
        assertThat(p.size()).isEqualTo(20);
        assertThat(p.offset()).isZero();
    }

    @Test
    void everyParameter() {
        SearchParams p = parse("q", "积水", "platform", "WeiBo", "from", "2026-11-01T00:00:00+08:00",
                "to", "2026-11-02T00:00:00Z", "page", "3", "size", "50");
        assertThat(p.platform()).isEqualTo(Platform.WEIBO);
        assertThat(p.from()).isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(p.offset()).isEqualTo(150);
    }

    @Test
    void queryTextIsKeptVerbatimWhateverSyntaxItHolds() {
        // it goes into a match query as data; nothing here may be stripped or interpreted
        assertThat(parse("q", "积水\" OR *:*").q()).isEqualTo("积水\" OR *:*");
        assertThat(parse("q", "text:* OR 1=1").q()).isEqualTo("text:* OR 1=1");
    }

    @Test
    void epochMillisAndAnUnencodedPlus() {
        assertThat(parse("q", "x", "from", "1793462400000").from()).isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
        // '+' sent unencoded arrives as a space
        assertThat(parse("q", "x", "from", "2026-11-01T00:00:00 08:00").from())
                .isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
    }

    @Test
    void emptyOrMissingOrOverlongQuery() {
        assertBad("q is required");
        assertBad("q is required", "q", "");
        assertBad("q is required", "q", "   ");
        assertBad("at most 200", "q", "积".repeat(201));
        assertThat(parse("q", "积".repeat(200)).q()).hasSize(200);
    }

    @Test
    void unknownPlatform() {
        assertBad("platform must be one of weibo, wechat, news, forum, douyin, other", "q", "x", "platform", "twitter");
    }

    @Test
    void badDates() {
        assertBad("from must be ISO-8601", "q", "x", "from", "yesterday");
        assertBad("to must be ISO-8601", "q", "x", "to", "2026-11-01");            // no time
        assertBad("to must be ISO-8601", "q", "x", "to", "2026-11-01T00:00:00");   // no offset
        assertBad("from must be ISO-8601", "q", "x", "from", "2026-13-01T00:00:00Z");
        assertBad("from must be ISO-8601", "q", "x", "from", "99999999999999999999999");
        assertBad("from must be before to", "q", "x", "from", "2026-11-02T00:00:00Z", "to", "2026-11-01T00:00:00Z");
        assertBad("from must be before to", "q", "x", "from", "2026-11-01T00:00:00Z", "to", "2026-11-01T00:00:00Z");
    }

    @Test
    void badPaging() {
        assertBad("size must be between 1 and 100", "q", "x", "size", "0");
        assertBad("size must be between 1 and 100", "q", "x", "size", "101");
        assertBad("size must be between 1 and 100", "q", "x", "size", "-5");
        assertBad("size must be an integer", "q", "x", "size", "ten");
        assertBad("page must be an integer", "q", "x", "page", "1.5");
        assertBad("page must be >= 0", "q", "x", "page", "-1");
        assertBad("page must be an integer", "q", "x", "page", "99999999999");
        assertBad("(page + 1) * size must be at most 10000", "q", "x", "page", "100", "size", "100");
        assertBad("(page + 1) * size must be at most 10000", "q", "x", "page", "2147483647", "size", "100");
        assertThat(parse("q", "x", "page", "99", "size", "100").offset()).isEqualTo(9900);
        assertThat(parse("q", "x", "page", "499", "size", "20").offset()).isEqualTo(9980);
    }
}
