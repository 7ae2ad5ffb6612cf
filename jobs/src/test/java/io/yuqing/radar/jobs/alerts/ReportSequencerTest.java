package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.ReportSequencer.Step;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.yuqing.radar.jobs.alerts.Snapshots.T0;
import static io.yuqing.radar.jobs.alerts.Snapshots.topic;
import static org.assertj.core.api.Assertions.assertThat;

/** 首报 / 续报 sequencing, hysteresis, the minimum interval and the closing report. */
class ReportSequencerTest {
    private static final AlertRulesConfig C = AlertRulesConfig.defaults();
    private static final Instant NOW = Instant.parse("2026-11-24T02:00:30Z");
    private static final Object[] WIDE = {"weibo", 500, "douyin", 50, "forum", 50};

    private TopicAlertState state;
    private final List<Alert> sent = new ArrayList<>();

    @BeforeEach
    void reset() {
        state = null;
        sent.clear();
    }

    /** Feeds a snapshot, {@code minutes} after T0; returns the report it caused, or null. */
    private Alert feed(int minutes, Snapshots s) {
        Step step = ReportSequencer.step(state, s.at(T0.plus(Duration.ofMinutes(minutes))).build(), C, NOW);
        state = step.state();
        step.report().ifPresent(sent::add);
        return step.alert();
    }

    private static Snapshots blue() { return topic().keywords("食品安全", "后厨"); }
    private static Snapshots yellow() { return blue().posts(100).negative(60); }
    private static Snapshots orange() { return blue().posts(600).negative(360).platforms(WIDE); }

    @Test
    void firstReportIsReport1WithoutPreviousLevel() {
        assertThat(feed(0, topic())).isNull(); // no concern: no report, only the baseline is remembered
        assertThat(state.reported()).isFalse();
        assertThat(state.baseline()).isEqualTo(new Baseline(10, 10, 1));
        Alert first = feed(10, blue());
        assertThat(first.reportSeq()).isEqualTo(1);
        assertThat(first.alertId()).isEqualTo("tp-test-1");
        assertThat(first.level()).isEqualTo(RiskLevel.BLUE);
        assertThat(first.previousLevel()).isNull();
        assertThat(first.reasons()).isNotEmpty();
        assertThat(first.organizations()).isEmpty();
        Alert second = feed(15, yellow().organizations("某区市场监督管理局", 12, "某连锁餐饮公司", 30));
        assertThat(second.organizations()).as("most named first").containsExactly("某连锁餐饮公司", "某区市场监督管理局");
        assertThat(first.detectedAt()).isEqualTo(NOW);
        assertThat(Json.toString(first)).doesNotContain("previous_level");
    }

    @Test
    void everyUpgradeIsAFollowUpAtOnce() {
        feed(0, blue());
        Alert y = feed(5, yellow());   // 5 minutes later: well within min-interval, but an upgrade
        Alert o = feed(10, orange());
        assertThat(y.reportSeq()).isEqualTo(2);
        assertThat(y.previousLevel()).isEqualTo(RiskLevel.BLUE);
        assertThat(y.level()).isEqualTo(RiskLevel.YELLOW);
        assertThat(o.reportSeq()).isEqualTo(3);
        assertThat(o.alertId()).isEqualTo("tp-test-3");
        assertThat(o.previousLevel()).isEqualTo(RiskLevel.YELLOW);
        assertThat(o.level()).isEqualTo(RiskLevel.ORANGE);
    }

    @Test
    void anUnchangedTopicIsNotReportedAgain() {
        feed(0, yellow());
        for (int m = 10; m <= 120; m += 10) {
            assertThat(feed(m, yellow())).as("minute " + m).isNull();
        }
        assertThat(sent).hasSize(1);
    }

    @Test
    void hysteresisKeepsAnOscillatingTopicAtItsLevel() {
        // orange at 10/min; the lower band is 10 × 0.8 = 8/min
        feed(0, orange());
        for (int m = 40; m <= 400; m += 40) {
            // 540 posts/h = 9/min: below orange, above the band
            assertThat(feed(m, blue().posts(540).negative(300).platforms(WIDE))).as("minute " + m).isNull();
            assertThat(feed(m + 20, orange())).as("minute " + (m + 20)).isNull();
        }
        assertThat(sent).hasSize(1);
        // 420 posts/h = 7/min: below the band, and the interval has passed: downgrade
        Alert down = feed(500, blue().posts(420).negative(300).platforms(WIDE));
        assertThat(down.level()).isEqualTo(RiskLevel.YELLOW);
        assertThat(down.previousLevel()).isEqualTo(RiskLevel.ORANGE);
        assertThat(down.reportSeq()).isEqualTo(2);
    }

    @Test
    void aDowngradeWaitsForTheMinimumInterval() {
        feed(0, orange());
        assertThat(feed(10, yellow())).isNull(); // 10 min < 30 min
        assertThat(feed(29, yellow())).isNull();
        Alert down = feed(30, yellow());
        assertThat(down.level()).isEqualTo(RiskLevel.YELLOW);
        assertThat(down.previousLevel()).isEqualTo(RiskLevel.ORANGE);
    }

    @Test
    void heldLevelIsReportedWithTheReasonsThatHoldIt() {
        feed(0, orange());
        // a new region, while 540 posts/h = 9/min is orange only within the band (8/min)
        Alert a = feed(30, blue().posts(540).negative(300).platforms(WIDE).regions("北京市", 500, "上海市", 40));
        assertThat(a.level()).isEqualTo(RiskLevel.ORANGE);
        assertThat(a.previousLevel()).isEqualTo(RiskLevel.ORANGE);
        assertThat(a.reasons()).contains(new AlertReason("posts_per_minute", 9, 8), new AlertReason("new_region", 1, 1));
    }

    @Test
    void materialChangesAreFollowUpsAfterTheInterval() {
        feed(0, yellow());
        // volume doubles 10 minutes later: held back by the interval, not lost
        assertThat(feed(10, blue().posts(200).negative(120))).isNull();
        Alert grown = feed(30, blue().posts(200).negative(120));
        assertThat(grown.level()).isEqualTo(RiskLevel.YELLOW);
        assertThat(grown.previousLevel()).isEqualTo(RiskLevel.YELLOW);
        assertThat(grown.reasons()).contains(new AlertReason("volume_growth", 200, 200));

        Alert region = feed(60, blue().posts(200).negative(120).regions("北京市", 190, "河北省", 10));
        assertThat(region.reasons()).contains(new AlertReason("new_region", 1, 1));
        Alert platform = feed(90, blue().posts(200).negative(120).regions("北京市", 190, "河北省", 10)
                .platforms("weibo", 190, "douyin", 10));
        assertThat(platform.reasons()).contains(new AlertReason("new_platform", 1, 1));
        assertThat(platform.platforms()).containsExactly("weibo", "douyin");
        // a region already reported is no news
        assertThat(feed(120, blue().posts(200).negative(120).regions("河北省", 10)
                .platforms("weibo", 190, "douyin", 10))).isNull();
        assertThat(sent).extracting(Alert::reportSeq).containsExactly(1, 2, 3, 4);
    }

    @Test
    void theBaselineComesFromTheTopicsEarlierWindows() {
        Snapshots steady = blue().posts(40).authors(40).negative(25).platforms(WIDE);
        feed(0, steady);                                  // yellow: 首报
        assertThat(feed(1, steady)).isNull();
        assertThat(feed(2, steady)).isNull();
        assertThat(state.baseline()).isEqualTo(new Baseline(40, 40, 3));
        Alert burst = feed(3, blue().posts(130).authors(130).negative(80).platforms(WIDE));
        assertThat(burst.level()).isEqualTo(RiskLevel.ORANGE);
        assertThat(burst.reasons()).extracting(AlertReason::rule).contains("post_burst", "author_burst");
    }

    @Test
    void aTopicThatEndsGetsOneClosingReport() {
        feed(0, yellow());
        feed(10, orange());
        Alert closing = feed(20, orange().lifecycle(Lifecycle.ENDED));
        assertThat(closing.reportSeq()).isEqualTo(3);
        assertThat(closing.level()).isEqualTo(RiskLevel.ORANGE);
        assertThat(closing.previousLevel()).isEqualTo(RiskLevel.ORANGE);
        assertThat(closing.reasons()).containsExactly(new AlertReason("topic_ended", 1, 1));
        assertThat(state.closed()).isTrue();
        assertThat(feed(30, orange().lifecycle(Lifecycle.ENDED))).isNull();
        // if it comes back it is reported again at once
        Alert revived = feed(40, yellow());
        assertThat(revived.reportSeq()).isEqualTo(4);
        assertThat(revived.previousLevel()).isEqualTo(RiskLevel.ORANGE);
        assertThat(revived.level()).isEqualTo(RiskLevel.YELLOW);
        assertThat(state.closed()).isFalse();
    }

    @Test
    void aTopicNeverReportedEndsSilently() {
        assertThat(feed(0, topic().lifecycle(Lifecycle.ENDED))).isNull();
        assertThat(state).isNull();
    }

    @Test
    void staleOrRepeatedSnapshotsAreIgnored() {
        feed(10, yellow());
        assertThat(feed(10, orange())).isNull();
        assertThat(feed(5, orange())).isNull();
        assertThat(sent).hasSize(1);
    }

    @Test
    void aReplayYieldsTheSameReportsAndIds() {
        List<TopicSnapshot> story = new ArrayList<>();
        Snapshots[] steps = {topic(), blue(), yellow(), yellow(), orange(), blue().posts(540).negative(300).platforms(WIDE),
                orange().lifecycle(Lifecycle.ENDED)};
        for (int i = 0; i < steps.length; i++) {
            story.add(steps[i].at(T0.plus(Duration.ofMinutes(10L * i))).build());
        }
        List<Alert> once = run(story);
        assertThat(run(story)).isEqualTo(once);
        assertThat(once).extracting(Alert::alertId).containsExactly("tp-test-1", "tp-test-2", "tp-test-3", "tp-test-4");
        assertThat(once).extracting(Alert::level)
                .containsExactly(RiskLevel.BLUE, RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.ORANGE);
    }

    private static List<Alert> run(List<TopicSnapshot> story) {
        TopicAlertState s = null;
        List<Alert> out = new ArrayList<>();
        for (TopicSnapshot snap : story) {
            Step step = ReportSequencer.step(s, snap, C, NOW);
            s = step.state();
            step.report().ifPresent(out::add);
        }
        return out;
    }

    @Test
    void stateSurvivesItsJsonForm() {
        feed(0, yellow());
        TopicAlertState copy = Json.fromBytes(Json.toBytes(state), TopicAlertState.class);
        assertThat(copy).isEqualTo(state);
    }
}
