package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.RiskGrader.Grade;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.yuqing.radar.jobs.alerts.Snapshots.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grading of topics the topics job judged (they carry a category): the points table of alert-rules.yaml. */
class JudgedGradingTest {
    private static final AlertRulesConfig C = AlertRulesConfig.defaults();
    private static final Object[] WIDE = {"weibo", 500, "douyin", 50, "forum", 50};

    private static Optional<Grade> grade(Snapshots s) {
        return RiskGrader.grade(s.build(), C);
    }

    private static Optional<RiskLevel> level(Snapshots s) {
        return grade(s).map(Grade::level);
    }

    @Test
    void chatterIsNeverAlertedOnVolumeOrNegativityAlone() {
        Snapshots loud = topic().title("不要对一个人太好，太好了就会被当成理所当然").posts(20_000).authors(9000)
                .platforms(WIDE).regions("北京市", 10, "上海市", 10, "广东省", 10).negativeSurge()
                .category(Category.NONE, 0.9);
        assertThat(level(loud)).isEmpty();
        // the same numbers without judgement (an older producer) were an alert
        assertThat(RiskGrader.grade(topic().posts(20_000).authors(9000).platforms(WIDE)
                .regions("北京市", 10, "上海市", 10, "广东省", 10).negativeSurge().build(), C)).isPresent();
    }

    @Test
    void chatterStillAlertsOnAWatchListOrOfflineLinkage() {
        assertThat(level(topic().keywords("辟谣").category(Category.NONE, 0.9))).contains(RiskLevel.BLUE);
        assertThat(level(topic().title("粉丝聚集机场堵路").category(Category.NONE, 0.9))).contains(RiskLevel.BLUE);
    }

    @Test
    void aWarningOfADeadlyHazardPassedOnIsAConcernWithoutADomain() {
        // 注意：拔掉电源才能接电话！… 触电身亡，请转发: no domain's words, but deaths and a call to spread
        Snapshots hazard = topic().title("注意：拔掉电源才能接电话！充电时接听手机触电身亡，请大家转发").posts(60).negative(48)
                .category(Category.NONE, 0.6).signals("casualties", 0.9, "call_to_spread", 0.8).rumor(0.9);
        Optional<Grade> g = grade(hazard);
        assertThat(g.map(Grade::level)).contains(RiskLevel.ORANGE); // casualties 2 + spread 1 + 疑似不实 1 + tone 1
        assertThat(g.orElseThrow().reasons()).extracting(AlertReason::rule).containsExactly("spread_warning",
                "signal.casualties", "signal.call_to_spread", "rumor_suspected", "negative_ratio", "negative_count");
        assertThat(g.orElseThrow().reasons().get(0)).isEqualTo(new AlertReason("spread_warning", 0.8, 0.5));
        // a child and a call to spread are not enough: a found exam ticket's owner is sought so too
        assertThat(level(topic().title("捡到粗心小朋友的高考准考证，谁认识通知下，别耽误了高考大事").posts(60).negative(40)
                .category(Category.NONE, 0.6).signals("minors", 0.9, "call_to_spread", 0.9))).isEmpty();
        // a call to spread alone is a giveaway or a fan club's call, not a warning
        assertThat(level(topic().title("转发抽奖，送出十台手机").posts(60).negative(40)
                .category(Category.NONE, 0.9).signals("call_to_spread", 0.9))).isEmpty();
        // and a few posts in a topic of chatter that mention a death and ask to share are no warning
        assertThat(level(topic().posts(60).negative(40).category(Category.NONE, 0.9)
                .signals("casualties", 0.3, "call_to_spread", 0.9))).isEmpty();
        // an operator may turn it off
        AlertRulesConfig off = C.update("{\"judgement\": {\"spread-warning-share\": 0}}");
        assertThat(RiskGrader.grade(hazard.build(), off)).isEmpty();
    }

    @Test
    void aSpreadWarningShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> C.update("{\"judgement\": {\"spread-warning-share\": 1.5}}"))
                .isInstanceOf(InvalidRulesException.class).hasMessageContaining("judgement.spread-warning-share");
    }

    @Test
    void aSensitiveDomainAloneIsBlueAndItsReasonNamesTheDomain() {
        Optional<Grade> g = grade(topic().title("某地化工厂突发事故").tone(0.4).category(Category.ACCIDENT, 0.8));
        assertThat(g.map(Grade::level)).contains(RiskLevel.BLUE);
        assertThat(g.orElseThrow().reasons()).containsExactly(new AlertReason("category.accident", 0.8, 0.3));
    }

    @Test
    void aLesserDomainNeedsAFindingBesides() {
        assertThat(level(topic().category(Category.LIVELIHOOD, 0.8))).isEmpty();
        assertThat(level(topic().posts(40).negativeSurge().category(Category.LIVELIHOOD, 0.8))).contains(RiskLevel.BLUE);
    }

    @Test
    void aMattersNegativeToneCountsBelowTheSurgesVolume() {
        // 14 of 20 posts negative: no surge (20 negative posts), but the tone of a matter (5)
        Snapshots complaint = topic().title("传移动将对微信收费").posts(20).negative(14).category(Category.LIVELIHOOD, 0.8);
        assertThat(grade(complaint).orElseThrow().reasons()).extracting(AlertReason::rule)
                .containsExactly("category.livelihood", "negative_ratio", "negative_count");
        assertThat(level(complaint)).contains(RiskLevel.BLUE);
        assertThat(level(complaint.posts(6).negative(4))).isEmpty(); // 4 negative posts say little yet
        // without a domain, tone is nothing: chatter stays chatter
        assertThat(level(topic().posts(20).negative(14).category(Category.NONE, 0.9))).isEmpty();
    }

    @Test
    void aDomainBelowMinConfidenceIsNoConcern() {
        assertThat(level(topic().category(Category.CRIME, 0.29).signals("casualties", 0.9))).isEmpty();
    }

    @Test
    void contentSignalsRaiseTheLevelAndAreNamed() {
        Optional<Grade> g = grade(topic().tone(0.4).category(Category.CRIME, 0.7).signals("minors", 0.6, "call_to_spread", 0.5));
        assertThat(g.map(Grade::level)).contains(RiskLevel.YELLOW); // 2 + 1 + 1 = 4
        assertThat(g.orElseThrow().reasons()).extracting(AlertReason::rule)
                .containsExactly("category.crime", "signal.call_to_spread", "signal.minors");
        // a signal carried by too few posts does not count
        assertThat(level(topic().tone(0.4).category(Category.CRIME, 0.7).signals("minors", 0.1))).contains(RiskLevel.BLUE);
    }

    @Test
    void deathsSpreadingFastAndWideAreOrangeThenRedWhenLarge() {
        Snapshots s = topic().category(Category.ACCIDENT, 0.9).signals("casualties", 0.5).posts(1200).authors(600)
                .platforms(WIDE);
        assertThat(level(s)).contains(RiskLevel.ORANGE); // 2 + 2 + fast 1 + wide 1 = 6
        assertThat(level(s.posts(12_000).authors(6000).negativeSurge())).contains(RiskLevel.RED); // + large 1 + negative 1
    }

    @Test
    void aSuspectedRumourIsNamedAsSuch() {
        Optional<Grade> g = grade(topic().tone(0.4).category(Category.FOOD, 0.7).rumor(0.8));
        assertThat(g.map(Grade::level)).contains(RiskLevel.YELLOW);
        assertThat(g.orElseThrow().reasons()).contains(new AlertReason("rumor_suspected", 0.8, 0.5));
        assertThat(level(topic().tone(0.4).category(Category.FOOD, 0.7).rumor(0.49))).contains(RiskLevel.BLUE);
    }

    @Test
    void ethnicAndReligiousMattersAreYellowByThemselves() {
        assertThat(level(topic().tone(0.4).category(Category.ETHNIC_RELIGION, 0.6))).contains(RiskLevel.YELLOW);
    }

    @Test
    void aDomainsNewsToldCalmlyLosesItsPointsAndAFinding() {
        // a rescue, a launch, a reform announced: under calm-below (0.25) of the posts negative
        Snapshots rescue = topic().title("民警跳河救起落水男子").tone(0.1).category(Category.CRIME, 0.8);
        assertThat(level(rescue)).isEmpty(); // 2 - 1 = 1 < blue
        assertThat(level(rescue.signals("casualties", 0.5))).contains(RiskLevel.YELLOW); // 2 - 1 + 2 = 3
        assertThat(level(topic().title("民警跳河救起落水男子").tone(0.3).category(Category.CRIME, 0.8)))
                .contains(RiskLevel.BLUE);
    }

    @Test
    void spreadRaisesAMattersLevelButDoesNotMakeCalmNewsOne() {
        // a reform announced, told calmly and everywhere: 1 - 1 + fast 1 + wide 1 = 2 points, but no matter
        Snapshots reform = topic().title("国家工商总局决定停止企业年检").posts(1200).authors(600).platforms(WIDE)
                .tone(0.1).category(Category.ECONOMY, 0.8);
        assertThat(level(reform)).isEmpty();
        // the same spread on a contested story (not calm) makes a lesser domain's topic a matter
        assertThat(level(reform.tone(0.3))).contains(RiskLevel.YELLOW); // 1 + fast 1 + wide 1 = 3
        // and on calm news that is a matter for what it says, spread raises its level
        assertThat(level(reform.tone(0.1).rumor(0.8).signals("call_to_spread", 0.5))).contains(RiskLevel.YELLOW); // 0 + 1 + 1 + 2 = 4
    }

    @Test
    void aWatchListStillSetsTheMinimumLevel() {
        assertThat(level(topic().keywords("强拆").category(Category.LIVELIHOOD, 0.8))).contains(RiskLevel.YELLOW);
    }
}
