package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HotTopicsParamsTest {

    private static HotTopicsParams parse(Map<String, String> params) {
        return HotTopicsParams.parse(params::get);
    }

    private static void rejects(Map<String, String> params, String mentioning) {
        assertThatThrownBy(() -> parse(params))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body().error()).isEqualTo("invalid_parameter");
                })
                .hasMessageContaining(mentioning);
    }

    @Test
    void defaults() {
        HotTopicsParams p = parse(Map.of());
        assertThat(p).isEqualTo(new HotTopicsParams(24, null, null, null, null, 20));
    }

    @Test
    void acceptsEveryFilter() {
        HotTopicsParams p = parse(Map.of("hours", "72", "platform", "Weibo", "region", " 广东 ", "level", "Orange",
                "category", "disaster", "size", "50"));
        assertThat(p).isEqualTo(new HotTopicsParams(72, Platform.WEIBO, "广东", RiskLevel.ORANGE, Category.DISASTER, 50));
        assertThat(parse(Map.of("hours", "1", "region", "  ")).region()).isNull();
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        rejects(Map.of("hours", "0"), "hours");
        rejects(Map.of("hours", "73"), "hours");
        rejects(Map.of("hours", "abc"), "hours must be an integer");
        rejects(Map.of("size", "0"), "size");
        rejects(Map.of("size", "51"), "size");
        rejects(Map.of("size", "99999999999"), "size must be an integer");
    }

    @Test
    void rejectsUnknownPlatform() {
        rejects(Map.of("platform", "twitter"), "platform must be one of");
    }

    @Test
    void rejectsUnknownLevel() {
        rejects(Map.of("level", "紧急"), "level must be one of blue, yellow, orange, red");
        rejects(Map.of("level", "red*"), "level must be one of");
    }

    @Test
    void rejectsUnknownCategoryListingTheCodes() {
        rejects(Map.of("category", "自然灾害与气象"), "category must be one of accident, disaster, health, food,");
        rejects(Map.of("category", "rumor"), "economy, none");
    }

    @Test
    void regionCannotBeAFieldPathOrPattern() {
        rejects(Map.of("region", "广东.x"), "region");
        rejects(Map.of("region", "*"), "region");
        rejects(Map.of("region", "a b"), "region");
        rejects(Map.of("region", "\"}"), "region");
        rejects(Map.of("region", "广".repeat(33)), "region");
    }
}
