package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Sentiment;
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
        assertThat(p.province()).isEqualTo("台湾");
        assertThat(p.city()).isEqualTo("台北");
        assertThat(p.sentiment()).isNotNull();
        assertThat(p.emojis()).isEmpty();
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
        assertThat(p.province()).isEqualTo("湖北");
        assertThat(p.city()).isNull();
        assertThat(p.repostOf()).isEqualTo("p0");
        assertThat(p.repostText()).isEqualTo("暴雨导致城区多处积水");
    }

    @Test
    void aRepostWithACommentCountsUnderTheStoryItSpreadsAndKeepsItsOwnTone() {
        EnrichOutcome o = enrich(new PostEnricher(EnrichmentLimits.defaults()), """
                {"id":"r2","platform":"weibo","created_at":"2026-07-01T11:00:00+08:00","text":"太过分了,苦了老百姓[怒]","repost_of":"p0","repost_text":"中江县红十字会要求药厂多开救灾发票,开了一万多元"}""");
        EnrichedPost p = ((EnrichOutcome.Enriched) o).post();
        assertThat(p.text()).isEqualTo("太过分了,苦了老百姓[怒]");
        assertThat(p.terms()).contains("老百姓", "发票");
        assertThat(p.entities().organizations()).anyMatch(org -> org.contains("红十字会"));
        // the story it passes on travels with it, for the topics job to judge the repost by
        assertThat(p.repostText()).isEqualTo("中江县红十字会要求药厂多开救灾发票,开了一万多元");
        assertThat(p.sentiment()).isEqualTo(Sentiment.NEGATIVE);
    }

    @Test
    void thePlatformsRepostPlaceholderIsAPlainRepost() {
        EnrichOutcome o = enrich(new PostEnricher(EnrichmentLimits.defaults()), """
                {"id":"r3","platform":"weibo","created_at":"2026-07-01T11:00:00+08:00","text":"转发微博","repost_of":"p0","repost_text":"暴雨导致城区多处积水"}""");
        EnrichedPost p = ((EnrichOutcome.Enriched) o).post();
        assertThat(p.text()).isEmpty();
        assertThat(p.terms()).contains("暴雨", "积水");
    }

    @Test
    void sentimentRegionAndEmojiOfAComplaint() {
        EnrichOutcome o = enrich(new PostEnricher(EnrichmentLimits.defaults()), """
                {"id":"c1","platform":"weibo","text":"小区又停水三天了,物业一直推诿,打12345投诉也没人管!太气人了[怒]😡","created_at":"2026-07-01T11:00:00+08:00","region":"420111"}""");
        EnrichedPost p = ((EnrichOutcome.Enriched) o).post();
        assertThat(p.sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(p.sentimentScore()).isLessThan(-0.5).isGreaterThanOrEqualTo(-1);
        assertThat(p.region()).isEqualTo("420111");
        assertThat(p.province()).isEqualTo("湖北");
        assertThat(p.city()).isEqualTo("武汉");
        assertThat(p.emojis()).containsExactly("[怒]", "😡");
        assertThat(p.text()).contains("[怒]").doesNotContain("😡");
    }

    @Test
    void withoutARegionFieldTheProvinceComesFromThePlacesInTheText() {
        EnrichOutcome o = enrich(new PostEnricher(EnrichmentLimits.defaults()), """
                {"id":"g1","platform":"news","text":"感谢消防员!广州市天河区昨夜暴雨后积水已经排干,交通恢复正常👍","created_at":"2026-07-01T11:00:00+08:00"}""");
        EnrichedPost p = ((EnrichOutcome.Enriched) o).post();
        assertThat(p.province()).isEqualTo("广东");
        assertThat(p.city()).isEqualTo("广州");
        assertThat(p.sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(p.emojis()).containsExactly("👍");
    }

    @Test
    void aRegionFieldThatNamesNoKnownPlaceFallsBackToTheText() {
        EnrichOutcome o = enrich(new PostEnricher(EnrichmentLimits.defaults()), """
                {"id":"g2","platform":"weibo","text":"成都今天的雾有点大","created_at":"2026-07-01T11:00:00+08:00","region":"其他"}""");
        EnrichedPost p = ((EnrichOutcome.Enriched) o).post();
        assertThat(p.region()).isEqualTo("其他");
        assertThat(p.province()).isEqualTo("四川");
        assertThat(p.city()).isEqualTo("成都");
    }

    @Test
    void refusesTextThatIsTooLongAfterNormalisation() {
        PostEnricher e = new PostEnricher(new EnrichmentLimits(1 << 20, 10, Duration.ofMinutes(10)));
        EnrichOutcome o = enrich(e, "{\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"暴雨导致城区多处积水市民出行受阻\",\"created_at\":\"2026-07-01T11:00:00+08:00\"}");
        assertThat(((Rejection) o).reason()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
    }
}
