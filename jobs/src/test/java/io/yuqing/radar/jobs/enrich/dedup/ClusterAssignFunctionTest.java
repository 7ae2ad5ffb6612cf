package io.yuqing.radar.jobs.enrich.dedup;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assigner in every order its two inputs can meet: the post and its band answers travel by
 * different shuffles, and a platform may deliver one post twice before its first copy's answers
 * are back (the copy must not be lost, nor its answers left waiting for a post that never comes).
 */
class ClusterAssignFunctionTest {
    static final String SIMHASH = "0f0f0f0f0f0f0f0f";

    private static EnrichedPost probed(String id, String text) {
        return NearDuplicatesFlinkTest.post(id, Duration.ZERO, text, null).withNearDuplicate(SIMHASH, null);
    }

    private static BandAnswer answer(String post, String cluster) {
        return new BandAnswer(post, cluster, NearDuplicatesFlinkTest.T0.toEpochMilli());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, EnrichedPost, BandAnswer, EnrichedPost> harness(
            OperatorSubtaskState from) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new ClusterAssignFunction(Duration.ofHours(24))),
                NearDuplicates::routingKey, BandAnswer::postId, Types.STRING);
        h.setup(JsonTypeInfo.of(EnrichedPost.class).createSerializer(h.getExecutionConfig().getSerializerConfig()));
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    private static List<EnrichedPost> emitted(KeyedTwoInputStreamOperatorTestHarness<String, EnrichedPost, BandAnswer, EnrichedPost> h) {
        return h.extractOutputValues();
    }

    private static void answers(KeyedTwoInputStreamOperatorTestHarness<String, EnrichedPost, BandAnswer, EnrichedPost> h,
                                String post, String cluster, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            h.processElement2(new StreamRecord<>(answer(post, cluster)));
        }
    }

    @Test
    void aPostWaitsForItsFourAnswersWhicheverComesFirst() throws Exception {
        try (var h = harness(null)) {
            h.processElement1(new StreamRecord<>(probed("a1", NearDuplicatesFlinkTest.ACCIDENT)));
            answers(h, "a1", "a1", NearDuplicateIndex.BANDS - 1);
            assertThat(emitted(h)).isEmpty();
            answers(h, "a1", "a1", 1);
            answers(h, "a2", "a1", NearDuplicateIndex.BANDS);
            assertThat(emitted(h)).hasSize(1);
            h.processElement1(new StreamRecord<>(probed("a2", "天哪！" + NearDuplicatesFlinkTest.ACCIDENT)));
            assertThat(emitted(h)).extracting(EnrichedPost::id, EnrichedPost::dupCluster)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", "a1"), org.assertj.core.groups.Tuple.tuple("a2", "a1"));
        }
    }

    @Test
    void aSecondCopyDeliveredWhileTheFirstAwaitsItsAnswersIsEmittedToo() throws Exception {
        String first = NearDuplicatesFlinkTest.ACCIDENT;
        String edited = first + "（更新）";
        try (var h = harness(null)) {
            h.processElement1(new StreamRecord<>(probed("d1", first)));
            answers(h, "d1", "d1", 2);
            h.processElement1(new StreamRecord<>(probed("d1", edited)));
            // a repost of it waits for the source's cluster
            h.processElement1(new StreamRecord<>(NearDuplicatesFlinkTest.post("r1", Duration.ofMinutes(1), "", "d1")));
            answers(h, "d1", "d1", 2);
            assertThat(emitted(h)).extracting(EnrichedPost::id).containsExactly("d1", "r1");
            assertThat(emitted(h).get(0).text()).isEqualTo(first);
            answers(h, "d1", "d1", NearDuplicateIndex.BANDS);
            assertThat(emitted(h)).extracting(EnrichedPost::id).containsExactly("d1", "r1", "d1");
            assertThat(emitted(h).get(2).text()).isEqualTo(edited);
            assertThat(emitted(h)).allSatisfy(p -> assertThat(p.dupCluster()).isEqualTo("d1"));
        }
    }

    @Test
    void aCopyWaitingAtACheckpointIsEmittedAfterRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.processElement1(new StreamRecord<>(probed("d1", NearDuplicatesFlinkTest.ACCIDENT)));
            h.processElement1(new StreamRecord<>(probed("d1", NearDuplicatesFlinkTest.ACCIDENT)));
            answers(h, "d1", "d1", 1);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot)) {
            answers(h, "d1", "d1", 2 * NearDuplicateIndex.BANDS - 1);
            assertThat(emitted(h)).extracting(EnrichedPost::id).containsExactly("d1", "d1");
        }
    }
}
