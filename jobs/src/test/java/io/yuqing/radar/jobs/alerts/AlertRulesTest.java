package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.AlertRules.Hit;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.yuqing.radar.jobs.alerts.Snapshots.topic;
import static org.assertj.core.api.Assertions.assertThat;

/** Each rule on its own, at the shipped default thresholds (alert-rules.yaml). */
class AlertRulesTest {
    private static final AlertRulesConfig C = AlertRulesConfig.defaults();

    @Test
    void postCountFiresAtOrangeThenRedTier() {
        assertThat(AlertRules.postCount(topic().posts(999).build(), C, 1)).isEmpty();
        assertThat(AlertRules.postCount(topic().posts(1000).build(), C, 1))
                .contains(new Hit(new AlertReason("post_count", 1000, 1000), RiskLevel.ORANGE));
        assertThat(AlertRules.postCount(topic().posts(10_000).build(), C, 1))
                .contains(new Hit(new AlertReason("post_count", 10_000, 10_000), RiskLevel.RED));
    }

    @Test
    void authorCountFiresOnDistinctAuthors() {
        assertThat(AlertRules.authorCount(topic().posts(2000).authors(499).build(), C, 1)).isEmpty();
        assertThat(AlertRules.authorCount(topic().authors(500).build(), C, 1).map(Hit::supports)).contains(RiskLevel.ORANGE);
        assertThat(AlertRules.authorCount(topic().authors(5000).build(), C, 1).map(Hit::supports)).contains(RiskLevel.RED);
    }

    @Test
    void burstIsAgainstTheTopicsOwnBaseline() {
        Baseline b = new Baseline(40, 20, 3);
        assertThat(AlertRules.postBurst(topic().posts(120).build(), b, C, 1))
                .contains(new Hit(new AlertReason("post_burst", 3, 3), RiskLevel.ORANGE));
        assertThat(AlertRules.postBurst(topic().posts(119).build(), b, C, 1)).isEmpty();
        assertThat(AlertRules.authorBurst(topic().authors(60).build(), b, C, 1))
                .contains(new Hit(new AlertReason("author_burst", 3, 3), RiskLevel.ORANGE));
        // too little history, or too few posts, is no burst whatever the ratio
        assertThat(AlertRules.postBurst(topic().posts(120).build(), new Baseline(40, 20, 2), C, 1)).isEmpty();
        assertThat(AlertRules.postBurst(topic().posts(29).build(), new Baseline(1, 1, 3), C, 1)).isEmpty();
        // a topic out of nowhere is measured against one post a window
        assertThat(AlertRules.postBurst(topic().posts(30).build(), new Baseline(0, 0, 3), C, 1).map(h -> h.reason().value()))
                .contains(30.0);
    }

    @Test
    void baselineIsAnExponentiallyWeightedMean() {
        Baseline b = Baseline.NONE.add(topic().posts(100).authors(50).build(), 0.3);
        assertThat(b).isEqualTo(new Baseline(100, 50, 1));
        b = b.add(topic().posts(200).authors(50).build(), 0.3);
        assertThat(b.posts()).isCloseTo(130, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(b.windows()).isEqualTo(2);
    }

    @Test
    void thresholdsScale() {
        // 700 = 1000 × 0.7, as in a sensitive period
        assertThat(AlertRules.postCount(topic().posts(700).build(), C, 0.7))
                .contains(new Hit(new AlertReason("post_count", 700, 700), RiskLevel.ORANGE));
        assertThat(AlertRules.postCount(topic().posts(699).build(), C, 0.7)).isEmpty();
    }

    @Test
    void negativeSurgeNeedsBothShareAndCount() {
        assertThat(AlertRules.negativeSurge(topic().posts(40).negative(20).build(), C, 1))
                .extracting(Hit::reason)
                .containsExactly(new AlertReason("negative_ratio", 0.5, 0.5), new AlertReason("negative_count", 20, 20));
        assertThat(AlertRules.negativeSurge(topic().posts(40).negative(20).build(), C, 1))
                .allMatch(h -> h.supports() == RiskLevel.YELLOW);
        // share reached, count not: 3 angry posts out of 4 are no surge
        assertThat(AlertRules.negativeSurge(topic().posts(4).negative(3).build(), C, 1)).isEmpty();
        // count reached, share not
        assertThat(AlertRules.negativeSurge(topic().posts(100).negative(49).build(), C, 1)).isEmpty();
    }

    @Test
    void postsPerMinuteUsesTheWindowLength() {
        // 600 posts in an hour = 10 per minute
        assertThat(AlertRules.postsPerMinute(topic().posts(600).build(), C, 1))
                .contains(new Hit(new AlertReason("posts_per_minute", 10, 10), RiskLevel.ORANGE));
        assertThat(AlertRules.postsPerMinute(topic().posts(599).build(), C, 1)).isEmpty();
        // the same 600 posts in 5 minutes = 120 per minute
        assertThat(AlertRules.postsPerMinute(topic().posts(600).window(Duration.ofMinutes(5)).build(), C, 1)
                .map(Hit::supports)).contains(RiskLevel.RED);
        assertThat(AlertRules.postsPerMinute(topic().posts(600).window(Duration.ZERO).build(), C, 1)).isEmpty();
    }

    @Test
    void platformBreadthCountsPlatformsWithEnoughPosts() {
        assertThat(AlertRules.platformCount(topic().platforms("weibo", 10, "douyin", 3, "forum", 3).build(), C, 1))
                .contains(new Hit(new AlertReason("platform_count", 3, 3), RiskLevel.ORANGE));
        // a platform with 2 posts (< min-posts 3) does not count
        assertThat(AlertRules.platformCount(topic().platforms("weibo", 10, "douyin", 3, "forum", 2).build(), C, 1)).isEmpty();
    }

    @Test
    void regionBreadthCountsRegionsWithEnoughPosts() {
        assertThat(AlertRules.regionCount(topic().regions("北京市", 5, "天津市", 3, "河北省", 3).build(), C, 1)
                .map(Hit::supports)).contains(RiskLevel.ORANGE);
        assertThat(AlertRules.regionCount(topic().regions("北京市", 5, "天津市", 3).build(), C, 1)).isEmpty();
    }

    @Test
    void newsMediaPresence() {
        assertThat(AlertRules.newsMedia(topic().platforms("weibo", 10, "news", 3).build(), C, 1))
                .contains(new Hit(new AlertReason("news_media", 3, 3), RiskLevel.ORANGE));
        assertThat(AlertRules.newsMedia(topic().platforms("weibo", 10, "news", 2).build(), C, 1)).isEmpty();
        assertThat(AlertRules.newsMedia(topic().platforms("weibo", 100).build(), C, 1)).isEmpty();
    }

    @Test
    void watchListsMatchTitleOrKeywordsAndCarryTheirLevel() {
        List<Hit> food = AlertRules.watchLists(topic().title("网传某连锁餐饮门店后厨卫生问题").keywords("食品安全", "门店").build(), C);
        assertThat(food).containsExactly(new Hit(new AlertReason("watch_list.food-safety", 2, 1), RiskLevel.BLUE));
        List<Hit> land = AlertRules.watchLists(topic().title("村民质疑征地补偿款发放").keywords("村民").build(), C);
        assertThat(land).extracting(Hit::supports).containsExactly(RiskLevel.YELLOW);
        assertThat(AlertRules.watchLists(topic().build(), C)).isEmpty();
        // own name is empty by default; a deployment adds it (Latin terms match case-insensitively)
        AlertRulesConfig own = C.update("{\"watch-lists\":[{\"id\":\"own-name\",\"terms\":[\"ACME\",\"艾克米\"]}]}");
        assertThat(AlertRules.watchLists(topic().keywords("acme集团").build(), own))
                .containsExactly(new Hit(new AlertReason("watch_list.own-name", 1, 1), RiskLevel.YELLOW));
    }

    @Test
    void offlineLinkageTerms() {
        Optional<Hit> hit = AlertRules.offlineLinkage(topic().title("业主聚集小区门口拉横幅维权").build(), C);
        assertThat(hit).contains(new Hit(new AlertReason("offline_linkage", 2, 1), RiskLevel.RED));
        assertThat(AlertRules.offlineLinkage(topic().build(), C)).isEmpty();
    }
}
