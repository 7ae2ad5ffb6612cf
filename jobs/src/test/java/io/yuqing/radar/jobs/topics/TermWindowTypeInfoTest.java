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
                0b101, new PostCues(List.of("暴雨", "被困"), true, true, true, 2, true, true), Emotion.FEAR, 0b100);
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

    private static PostDigest other() {
        return new PostDigest("5082769310022457", 21L, 22L, 23L, "weibo", "广东", false, false, false, 1, 2, 3,
                T, null, "//@广州日报:广州暴雨,地铁站进水", List.of("广州暴雨", "地铁站", "进水"), 0b1,
                new PostCues(List.of("暴雨"), false, false, false, 0, false, false), null, 0);
    }

    /** Posts share words: read back, a word is one String across the digests, however many windows bring them. */
    @Test
    void sharedWordsComeBackAsOneString() throws Exception {
        List<TermWindow> in = List.of(window(List.of(full(), other(), full())), window(List.of(other())));
        List<TermWindow> back = RoundTrip.ofAll(TermWindowTypeInfo.INSTANCE, in);
        assertThat(back).containsExactlyElementsOf(in);
        PostDigest a = back.get(0).sample().get(0);
        PostDigest b = back.get(0).sample().get(1);
        assertThat(b.keywords().get(0)).isEqualTo("广州暴雨").isSameAs(a.keywords().get(0));
        assertThat(b.cues().terms().get(0)).isEqualTo("暴雨").isSameAs(a.cues().terms().get(0));
        assertThat(b.platform()).isSameAs(a.platform());
    }

    /**
     * A post's digest is in the samples of many windows (its terms', successive slides): read back,
     * every window holds the one instance, and the writer's copied bytes are what a fresh writer
     * encodes.
     */
    @Test
    void aDigestInManyWindowsIsDecodedOnce() throws Exception {
        PostDigest a = full();
        PostDigest b = other();
        List<TermWindow> in = List.of(window(List.of(a, b)), window(List.of(b)), window(List.of(a)), window(List.of(b, a)));
        List<TermWindow> back = RoundTrip.ofAll(TermWindowTypeInfo.INSTANCE, in);
        assertThat(back).containsExactlyElementsOf(in);
        assertThat(back.get(2).sample().get(0)).isSameAs(back.get(0).sample().get(0));
        assertThat(back.get(3).sample().get(1)).isSameAs(back.get(0).sample().get(0));
        assertThat(back.get(1).sample().get(0)).isSameAs(back.get(0).sample().get(1));

        TypeSerializer<TermWindow> memo = TermWindowTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
        memo.serialize(window(List.of(a, b)), new DataOutputSerializer(256));
        DataOutputSerializer copied = new DataOutputSerializer(256);
        memo.serialize(window(List.of(b, a)), copied);
        DataOutputSerializer fresh = new DataOutputSerializer(256);
        TermWindowTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()).serialize(window(List.of(b, a)), fresh);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(fresh.getCopyOfBuffer());
    }

    /**
     * The reader compares bytes, not hashes: a post whose digest changed (more reposts), another
     * post with the same hash, and posts that share a slot of the memo all come back as written.
     */
    @Test
    void digestsSharingAHashOrASlotAreReadApart() throws Exception {
        PostDigest a = full();
        PostDigest reposted = new PostDigest(a.id(), a.hash(), a.authorHash(), a.clusterHash(), a.platform(), a.region(),
                a.negative(), a.original(), a.verified(), a.reposts() + 1, a.comments(), a.likes(), a.createdAt(),
                a.url(), a.excerpt(), a.keywords(), a.names(), a.cues(), a.emotion(), a.organizations());
        PostDigest sameHash = new PostDigest("5082769310099999", a.hash(), 5L, 6L, "weibo", "广东", false, true, false,
                0, 0, 0, T, null, "广州暴雨，有人在地铁站拍到积水", List.of("广州暴雨", "积水"), 0, null, null, 0);
        List<PostDigest> slotMates = new java.util.ArrayList<>();
        for (long i = 1; i <= 3; i++) {
            long hash = a.hash() + (i << 13); // the same low bits: the same slot
            slotMates.add(new PostDigest("50827693100" + i, hash, i, i, "weibo", null, false, true, false, i, 0, 0, T,
                    null, "地铁站进水 " + i, List.of("地铁站", "进水"), 0, null, null, 0));
        }
        List<TermWindow> in = new java.util.ArrayList<>();
        in.add(window(List.of(a)));
        in.add(window(List.of(reposted)));
        in.add(window(List.of(sameHash, a)));
        in.add(window(slotMates));
        in.add(window(List.of(a, slotMates.get(0))));
        List<TermWindow> back = RoundTrip.ofAll(TermWindowTypeInfo.INSTANCE, in);
        assertThat(back).containsExactlyElementsOf(in);
        assertThat(back.get(1).sample().get(0).reposts()).isEqualTo(a.reposts() + 1);
        assertThat(back.get(2).sample().get(0).id()).isEqualTo("5082769310099999");
        assertThat(back.get(4).sample().get(1)).isEqualTo(slotMates.get(0));
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
