package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.RoundTrip;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.Emotion;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TermWindowTypeInfoTest {
    private static final Instant T = Instant.parse("2026-07-12T01:05:00.123456789Z");

    private static PostDigest full() {
        return new PostDigest("5082769310022456", 11L, 12L, 13L, "weibo", "广东", true, true, true, 120, 34, 560,
                T, "https://weibo.com/1a2b3c4d/PaQk8sT", "广州暴雨，地铁站进水，乘客被困", List.of("广州暴雨", "地铁", "广州地铁"),
                0b101, new PostCues(List.of("暴雨", "被困"), true, true, true, 2), Emotion.FEAR, 0b100);
    }

    private static TermWindow window(List<PostDigest> sample) {
        return new TermWindow("广州暴雨", T.minusSeconds(600), T, 412, 390, 377, 377, 7.25, true, T.minusSeconds(3600),
                sample, List.of(12L, 42L, -7L));
    }

    @Test
    void aTermWindowWithEveryFieldSetComesBackEqual() throws Exception {
        // every component set to something other than its default: a field added later and not
        // serialized comes back as its default, and this fails
        for (Object r : List.of(full(), full().cues(), window(List.of(full())))) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v = c.getAccessor().invoke(r);
                assertThat(v).as("%s.%s is set in the fixture", r.getClass().getSimpleName(), c.getName())
                        .isNotNull().isNotEqualTo(0).isNotEqualTo(0L).isNotEqualTo(false).isNotEqualTo(0.0)
                        .isNotEqualTo(List.of());
            }
        }
        TermWindow w = window(List.of(full(), full()));
        assertThat(RoundTrip.of(TermWindowTypeInfo.INSTANCE, w)).isEqualTo(w);
    }

    @Test
    void absentPartsStayAbsent() throws Exception {
        PostDigest bare = new PostDigest("p2", 1, 2, 3, "forum", null, false, false, false, 0, 0, 0, T, null, "",
                List.of(), 0, null, null, 0);
        TermWindow w = new TermWindow("积水", T, T, 1, 1, 1, 1, 0, false, null, List.of(bare), List.of());
        assertThat(RoundTrip.of(TermWindowTypeInfo.INSTANCE, w)).isEqualTo(w);
    }

    /** A sample's posts share words: each is written once, and read back as one String. */
    @Test
    void aSamplesSharedWordsAreWrittenOnceAndComeBackAsOne() throws Exception {
        PostDigest other = new PostDigest("5082769310022457", 21L, 22L, 23L, "weibo", "广东", false, false, false, 1, 2, 3,
                T, null, "//@广州日报:广州暴雨,地铁站进水", List.of("广州暴雨", "地铁站", "进水"), 0b1,
                new PostCues(List.of("暴雨"), false, false, false, 0), null, 0);
        TermWindow w = window(List.of(full(), other, full()));
        TermWindow back = RoundTrip.of(TermWindowTypeInfo.INSTANCE, w);
        assertThat(back).isEqualTo(w);
        assertThat(back.sample().get(1).keywords().get(0)).isSameAs(back.sample().get(0).keywords().get(0));
        assertThat(back.sample().get(2).cues().terms().get(0)).isSameAs(back.sample().get(0).cues().terms().get(0));

        DataOutputSerializer one = new DataOutputSerializer(256);
        TermWindowTypeInfo.Serializer.digest(one, full());
        TypeSerializer<TermWindow> s = TermWindowTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer once = new DataOutputSerializer(256);
        s.serialize(window(List.of(full())), once);
        DataOutputSerializer thrice = new DataOutputSerializer(256);
        s.serialize(window(List.of(full(), full(), full())), thrice);
        assertThat(thrice.length() - once.length()).as("two more copies of a digest in a window")
                .isLessThan(2 * one.length());
    }

    /** Mentions carry the same digest form; the fixture's every field is set (see above). */
    @Test
    void aTermMentionComesBackEqual() throws Exception {
        TypeSerializer<TermMention> s = TermMentionTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
        for (TermMention m : List.of(new TermMention("广州暴雨", full()), new TermMention("积水", new PostDigest("p2", 1, 2, 3,
                "forum", null, false, false, false, 0, 0, 0, T, null, "", List.of(), 0, null, null, 0)))) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            s.serialize(m, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(s.deserialize(in)).isEqualTo(m);
            assertThat(in.available()).as("bytes left after reading").isZero();
        }
    }
}
