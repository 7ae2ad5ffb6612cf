package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.EnrichedPost;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PostEnricherTest {
    private static final Instant NOW = Instant.parse("2026-07-01T04:00:00Z");

    private EnrichOutcome enrich(PostEnricher e, String json) {
        return e.enrich(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void enrichesATraditionalChinesePost() {
        EnrichOutcome o = enrich(new PostEnricher(EnrichmentLimits.defaults()), """
                {"id":"p1","platform":"forum","text":"#颱風# 臺北市多處淹水，請市民注意安全 https://t.cn/abc","created_at":"2026-07-01T11:00:00+08:00","likes":7}""");
        EnrichedPost p = ((EnrichOutcome.Enriched) o).post();
        assertThat(p.text()).contains("台北市").contains("请市民注意安全").doesNotContain("https://");
        assertThat(p.hashtags()).containsExactly("台风");
        assertThat(p.urls()).containsExactly("https://t.cn/abc");
        assertThat(p.terms()).contains("台风", "市民");
        assertThat(p.region()).isEqualTo("台北市");
        assertThat(p.likes()).isEqualTo(7);
        assertThat(p.reposts()).isZero();
        assertThat(p.enrichedAt()).isEqualTo(NOW);
    }

    @Test
    void aPlainRepostIsAnalysedByTheTextItReposts() {
        EnrichOutcome o = enrich(new PostEnricher(EnrichmentLimits.defaults()), """
                {"id":"r1","platform":"weibo","created_at":"2026-07-01T11:00:00+08:00","repost_of":"p0","repost_text":"暴雨导致城区多处积水","region":"湖北"}""");
        EnrichedPost p = ((EnrichOutcome.Enriched) o).post();
        assertThat(p.text()).isEmpty();
        assertThat(p.terms()).contains("暴雨", "积水");
        assertThat(p.region()).isEqualTo("湖北");
        assertThat(p.repostOf()).isEqualTo("p0");
    }

    @Test
    void refusesTextThatIsTooLongAfterNormalisation() {
        PostEnricher e = new PostEnricher(new EnrichmentLimits(1 << 20, 10, Duration.ofMinutes(10)));
        EnrichOutcome o = enrich(e, "{\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"暴雨导致城区多处积水市民出行受阻\",\"created_at\":\"2026-07-01T11:00:00+08:00\"}");
        assertThat(((Rejection) o).reason()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
    }
}
