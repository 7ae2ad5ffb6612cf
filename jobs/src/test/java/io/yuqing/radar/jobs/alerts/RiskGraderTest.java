package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.RiskGrader.Grade;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static io.yuqing.radar.jobs.alerts.Snapshots.topic;
import static org.assertj.core.api.Assertions.assertThat;

/** Each level boundary of the grading table, at the default thresholds. */
class RiskGraderTest {
    private static final AlertRulesConfig C = AlertRulesConfig.defaults();
    private static final Object[] WIDE = {"weibo", 500, "douyin", 50, "forum", 50};

    private static Optional<RiskLevel> level(Snapshots s) {
        return RiskGrader.grade(s.build(), C).map(Grade::level);
    }

    @Test
    void aPopularTopicWithoutConcernIsNoAlert() {
        assertThat(level(topic().posts(20_000).authors(9000).platforms(WIDE).regions("北京市", 10, "上海市", 10, "广东省", 10)))
                .isEmpty();
    }

    @Test
    void blueIsAWatchListHitAlone() {
        assertThat(level(topic().keywords("食品安全", "后厨"))).contains(RiskLevel.BLUE);
        assertThat(level(topic().keywords("辟谣"))).contains(RiskLevel.BLUE);
    }

    @Test
    void blueIsAnOfflineLinkageTermWithoutNegativeSurge() {
        assertThat(level(topic().title("市民自发聚集观看烟花"))).contains(RiskLevel.BLUE);
    }

    @Test
    void yellowBoundaryIsTheNegativeSurge() {
        assertThat(level(topic().posts(40).negative(20))).contains(RiskLevel.YELLOW);
        assertThat(level(topic().posts(40).negative(19))).isEmpty();
        assertThat(level(topic().posts(42).negative(20))).isEmpty(); // 0.476 < 0.5
    }

    @Test
    void orangeBoundaryIsFastAndWide() {
        Snapshots orange = topic().posts(600).negative(300).platforms(WIDE);
        assertThat(level(orange)).contains(RiskLevel.ORANGE);
        assertThat(level(topic().posts(599).negative(300).platforms(WIDE))).contains(RiskLevel.YELLOW); // not fast
        assertThat(level(topic().posts(600).negative(300).platforms("weibo", 600))).contains(RiskLevel.YELLOW); // not wide
        // wide by news media alone
        assertThat(level(topic().posts(600).negative(300).platforms("weibo", 597, "news", 3))).contains(RiskLevel.ORANGE);
        // a watch-list topic spreading fast and wide is orange without a negative surge
        assertThat(level(topic().keywords("爆炸").posts(1000).platforms(WIDE))).contains(RiskLevel.ORANGE);
    }

    @Test
    void aBurstAgainstTheBaselineIsFastButNeverLarge() {
        // 130 posts an hour: far below the absolute thresholds, but 3.25x the topic's baseline
        Snapshots s = topic().posts(130).negative(80).platforms(WIDE);
        assertThat(RiskGrader.grade(s.build(), Baseline.NONE, C, 1).map(Grade::level)).contains(RiskLevel.YELLOW);
        Grade g = RiskGrader.grade(s.build(), new Baseline(40, 40, 3), C, 1).orElseThrow();
        assertThat(g.level()).isEqualTo(RiskLevel.ORANGE);
        assertThat(g.reasons()).contains(new AlertReason("post_burst", 3.25, 3));
        // 100x the baseline is still only fast
        assertThat(RiskGrader.grade(topic().posts(1000).negative(600).platforms(WIDE).build(), new Baseline(10, 10, 3), C, 1)
                .map(Grade::level)).contains(RiskLevel.ORANGE);
    }

    @Test
    void redBoundaryIsLargeAndWide() {
        assertThat(level(topic().posts(6000).negative(3000).platforms(WIDE))).contains(RiskLevel.RED); // 100/min
        assertThat(level(topic().posts(5999).negative(3000).platforms(WIDE))).contains(RiskLevel.ORANGE);
        assertThat(level(topic().posts(6000).negative(3000).platforms("weibo", 6000))).contains(RiskLevel.YELLOW);
    }

    @Test
    void redByOfflineLinkageWithANegativeSurgeThatSpreads() {
        Snapshots linked = topic().title("业主聚集售楼处维权").posts(60).negative(40)
                .regions("广东省广州市", 20, "广东省佛山市", 20, "广东省深圳市", 20);
        Grade g = RiskGrader.grade(linked.build(), C).orElseThrow();
        assertThat(g.level()).isEqualTo(RiskLevel.RED);
        assertThat(g.reasons()).extracting(AlertReason::rule)
                .containsExactly("offline_linkage", "watch_list.mass-incident", "negative_ratio", "negative_count", "region_count");
        // the same without spread is a (negative) yellow
        assertThat(level(topic().title("业主聚集售楼处").posts(60).negative(40))).contains(RiskLevel.YELLOW);
    }

    @Test
    void watchListLevelIsAFloor() {
        // 征地拆迁 is listed at yellow: no negative surge needed
        assertThat(level(topic().keywords("强拆"))).contains(RiskLevel.YELLOW);
        // but it does not cap a higher level
        assertThat(level(topic().keywords("强拆").posts(6000).negative(3000).platforms(WIDE))).contains(RiskLevel.RED);
    }

    @Test
    void reasonsListEveryRuleThatFired() {
        Grade g = RiskGrader.grade(topic().posts(600).negative(300).platforms(WIDE).build(), C).orElseThrow();
        assertThat(g.reasons()).containsExactly(
                new AlertReason("negative_ratio", 0.5, 0.5),
                new AlertReason("negative_count", 300, 20),
                new AlertReason("posts_per_minute", 10, 10),
                new AlertReason("platform_count", 3, 3));
    }

    @Test
    void sensitivePeriodLowersEveryThreshold() {
        Instant nationalDay = Instant.parse("2026-10-03T02:00:00Z");
        // 14 of 20 negative: below the normal 20-post minimum, above 20 × 0.7 = 14
        Snapshots s = topic().posts(20).negative(14);
        assertThat(level(s)).isEmpty();
        Grade g = RiskGrader.grade(s.at(nationalDay).build(), C).orElseThrow();
        assertThat(g.level()).isEqualTo(RiskLevel.YELLOW);
        assertThat(g.reasons()).containsExactly(
                new AlertReason("negative_ratio", 0.7, 0.35),
                new AlertReason("negative_count", 14, 14),
                new AlertReason("sensitive_period.national-day", 1, 0.7));
        // orange comes at 420 posts an hour (7/min = 10 × 0.7) instead of 600
        assertThat(level(topic().at(nationalDay).posts(420).negative(210).platforms(WIDE))).contains(RiskLevel.ORANGE);
    }

    @Test
    void sensitivePeriodIsPickedByTheWindowEndInChinaTime() {
        // 2026-09-29T16:00Z is 2026-09-30 00:00 in China: the 国庆 period (09-30..10-08) has begun
        Snapshots s = topic().posts(20).negative(14);
        assertThat(level(s.at(Instant.parse("2026-09-29T15:59:59Z")))).isEmpty();
        assertThat(level(s.at(Instant.parse("2026-09-29T16:00:00Z")))).contains(RiskLevel.YELLOW);
    }
}
