package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.yuqing.radar.jobs.alerts.Snapshots.T0;
import static io.yuqing.radar.jobs.alerts.Snapshots.topic;
import static org.assertj.core.api.Assertions.assertThat;

/** The keyed operator: live rule updates through broadcast state, refused updates, state in checkpoints. */
class AlertFunctionTest {
    private KeyedBroadcastOperatorTestHarness<String, TopicSnapshot, RawRecord, Alert> harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(function(),
                TopicSnapshot::topicId, Types.STRING, AlertFunction.RULES); // opened
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static AlertFunction function() {
        return function(AlertRulesConfig.defaults());
    }

    private static AlertFunction function(AlertRulesConfig initial) {
        return new AlertFunction(initial.toJson(), Duration.ofDays(7));
    }

    private static KeyedBroadcastOperatorTestHarness<String, TopicSnapshot, RawRecord, Alert> restored(
            AlertFunction f, OperatorSubtaskState checkpoint) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, TopicSnapshot, RawRecord, Alert> h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(f, List.of(AlertFunction.RULES)), TopicSnapshot::topicId, Types.STRING, 1, 1, 0);
        h.initializeState(checkpoint);
        h.open();
        return h;
    }

    private void control(String value) throws Exception {
        harness.processBroadcastElement(new RawRecord("yuqing.alerts.control", 0, offset++, 0L, null,
                value.getBytes(StandardCharsets.UTF_8)), 0L);
    }

    private void snapshot(int minutes, Snapshots s) throws Exception {
        harness.processElement(s.at(T0.plus(Duration.ofMinutes(minutes))).build(), 0L);
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(AlertFunction.DEAD_LETTERS) == null ? List.of()
                : harness.getSideOutput(AlertFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aWatchListUpdateChangesBehaviourWithoutARestart() throws Exception {
        Snapshots ours = topic().id("tp-ours").title("网友吐槽某某燃气公司抄表乱收费").keywords("燃气", "收费");
        snapshot(0, ours);
        assertThat(harness.extractOutputValues()).isEmpty();

        control("{\"watch-lists\":[{\"id\":\"own-name\",\"terms\":[\"某某燃气\"]}]}");
        snapshot(1, ours);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(RiskLevel.YELLOW); // own-name's minimum level
            assertThat(a.reportSeq()).isEqualTo(1);
            assertThat(a.reasons()).extracting(r -> r.rule()).containsExactly("watch_list.own-name");
        });
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aThresholdUpdateChangesBehaviourWithoutARestart() throws Exception {
        control("{\"negative\":{\"min-count\":5}}");
        snapshot(0, topic().posts(10).negative(6));
        assertThat(harness.extractOutputValues()).extracting(Alert::level).containsExactly(RiskLevel.YELLOW);
    }

    @Test
    void aMalformedUpdateIsRefusedToTheDeadLetterTopicAndTheOldRulesStay() throws Exception {
        control("{\"negative\":{\"min-count\":5}}");
        control("{\"negative\":{\"min-count\":5");             // not JSON
        control("{\"negative\":{\"ratio\":2}}");               // invalid value
        control("{\"negative\":{\"min-count\":\"few\"}}");     // wrong type
        harness.processBroadcastElement(new RawRecord("yuqing.alerts.control", 0, offset++, 0L, "k",
                new byte[]{(byte) 0xff, (byte) 0xfe}), 0L);       // not UTF-8

        List<DeadLetter> refused = deadLetters();
        assertThat(refused).extracting(DeadLetter::reason).containsExactly(DeadLetterReason.NOT_JSON,
                DeadLetterReason.WRONG_TYPE, DeadLetterReason.WRONG_TYPE, DeadLetterReason.INVALID_UTF8);
        assertThat(refused).allSatisfy(d -> {
            assertThat(d.job()).isEqualTo("alerts");
            assertThat(d.sourceTopic()).isEqualTo("yuqing.alerts.control");
            assertThat(d.rawBase64()).isNotEmpty();
        });
        assertThat(refused.get(1).detail()).contains("negative.ratio");

        // the last good update (min-count 5) is still in force
        snapshot(0, topic().posts(10).negative(6));
        assertThat(harness.extractOutputValues()).extracting(Alert::level).containsExactly(RiskLevel.YELLOW);
    }

    @Test
    void rulesAndReportStateSurviveACheckpoint() throws Exception {
        control("{\"negative\":{\"min-count\":5}}");
        snapshot(0, topic().posts(10).negative(6));
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = restored(function(), checkpoint);
        snapshot(1, topic().posts(10).negative(6));          // same level: no report
        snapshot(2, topic().posts(10).negative(6).keywords("强拆")); // still yellow
        snapshot(3, topic().keywords("食品安全").posts(600).negative(360)
                .platforms("weibo", 500, "douyin", 50, "forum", 50)); // orange
        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.reportSeq()).isEqualTo(2);
            assertThat(a.previousLevel()).isEqualTo(RiskLevel.YELLOW);
            assertThat(a.level()).isEqualTo(RiskLevel.ORANGE);
        });
    }

    @Test
    void aChangedRulesFileTakesEffectOnRestoreWithTheControlUpdatesStillOnTop() throws Exception {
        control("{\"negative\":{\"min-count\":5}}");
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        // the deployment's rules file now names the organisation; the control update still applies
        AlertRulesConfig newFile = AlertRulesConfig.defaults()
                .update("{\"watch-lists\":[{\"id\":\"own-name\",\"terms\":[\"某某燃气\"]}]}");
        harness = restored(function(newFile), checkpoint);
        snapshot(0, topic().id("tp-a").posts(10).negative(6));
        snapshot(0, topic().id("tp-b").title("某某燃气抄表乱收费"));
        assertThat(harness.extractOutputValues()).extracting(Alert::topicId, Alert::level)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tp-a", RiskLevel.YELLOW),
                        org.assertj.core.groups.Tuple.tuple("tp-b", RiskLevel.YELLOW));
    }

    @Test
    void overridesThatNoLongerApplyAfterARestoreGiveWayToTheRulesFile() throws Exception {
        control("{\"volume\":{\"posts\":{\"red\":2000}}}");
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        // the new file raises posts.orange above the overridden red: the overrides are dropped
        AlertRulesConfig newFile = AlertRulesConfig.defaults().update("{\"volume\":{\"posts\":{\"orange\":3000,\"red\":30000}}}");
        harness = restored(function(newFile), checkpoint);
        snapshot(0, topic().posts(40).negative(20));
        assertThat(harness.extractOutputValues()).extracting(Alert::level).containsExactly(RiskLevel.YELLOW);
        // a later valid update starts the overrides afresh
        control("{\"negative\":{\"min-count\":5}}");
        snapshot(0, topic().id("tp-c").posts(10).negative(6));
        assertThat(harness.extractOutputValues()).extracting(Alert::topicId).containsExactly("tp-test", "tp-c");
        assertThat(deadLetters()).isEmpty();
    }
}
