package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.RoundTrip;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.Emotion;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The mentions' form: each post's digest encoded once by the writer and decoded once by the reader. */
class TermMentionTypeInfoTest {
    private static final Instant T = Instant.parse("2026-07-12T01:05:00.123456789Z");

    private static PostDigest post(int i) {
        return new PostDigest("50827693100224" + i, 11L * i, 12L * i, 13L * i, "weibo", "广东", i % 2 == 0, true,
                i % 3 == 0, 120 + i, 34, 560, T.plusSeconds(i), "https://weibo.com/1a2b3c4d/PaQk8s" + i,
                "广州暴雨，地铁站进水，乘客被困 " + i, List.of("广州暴雨", "地铁", "广州地铁", "乘客" + i), 0b101,
                new PostCues(List.of("暴雨", "被困"), true, i % 2 == 1, true, i % 5, i % 2 == 0, i % 3 == 0), Emotion.FEAR, 0b100);
    }

    private static TypeSerializer<TermMention> serializer() {
        return TermMentionTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
    }

    private static List<TermMention> mentions(PostDigest d) {
        List<TermMention> out = new ArrayList<>();
        for (String k : d.keywords()) {
            out.add(new TermMention(k, d));
        }
        out.add(new TermMention("进水", d));
        return out;
    }

    private static byte[] bytes(TypeSerializer<TermMention> s, TermMention m) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(m, out);
        return out.getCopyOfBuffer();
    }

    private static TermMention read(TypeSerializer<TermMention> s, byte[] b) throws Exception {
        DataInputDeserializer in = new DataInputDeserializer(b);
        TermMention m = s.deserialize(in);
        assertThat(in.available()).as("bytes left after reading").isZero();
        return m;
    }

    /** Posts' mentions in runs (as the terms operator emits them), then shuffled, with absent parts. */
    @Test
    void manyMentionsOfSeveralPostsInterleavedComeBackEqual() throws Exception {
        List<PostDigest> posts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            posts.add(post(i));
        }
        posts.add(new PostDigest("p2", 1, 2, 3, "forum", null, false, false, false, 0, 0, 0, T, null, "",
                List.of(), 0, null, null, 0));
        List<TermMention> runs = new ArrayList<>();
        for (PostDigest d : posts) {
            runs.addAll(mentions(d));
        }
        runs.addAll(mentions(posts.get(0))); // a post seen before, after others
        runs.addAll(mentions(post(1)));      // an equal digest, another instance
        List<TermMention> shuffled = new ArrayList<>(runs);
        java.util.Collections.shuffle(shuffled, new Random(7));
        for (List<TermMention> ms : List.of(runs, shuffled)) {
            assertThat(RoundTrip.ofAll(TermMentionTypeInfo.INSTANCE, ms)).containsExactlyElementsOf(ms);
        }
        for (TermMention m : runs) {
            assertThat(RoundTrip.withCopy(TermMentionTypeInfo.INSTANCE, m)).isEqualTo(m);
        }
    }

    @Test
    void consecutiveMentionsOfOnePostShareOneDigest() throws Exception {
        List<TermMention> in = new ArrayList<>(mentions(post(1)));
        in.addAll(mentions(post(2)));
        in.addAll(mentions(post(2))); // an equal digest, another instance: the same bytes
        List<TermMention> back = RoundTrip.ofAll(TermMentionTypeInfo.INSTANCE, in);
        assertThat(back).containsExactlyElementsOf(in);
        int first = mentions(post(1)).size();
        for (int i = 1; i < back.size(); i++) {
            if (i == first) {
                assertThat(back.get(i).post()).isNotSameAs(back.get(i - 1).post());
            } else {
                assertThat(back.get(i).post()).as("mention %d", i).isSameAs(back.get(i - 1).post());
            }
        }
    }

    /** The writer copies a digest's bytes for the mentions after the first: the same bytes as encoding it afresh. */
    @Test
    void aMemoisedDigestIsWrittenAsAFreshWriterWould() throws Exception {
        TypeSerializer<TermMention> memo = serializer();
        PostDigest d = post(3);
        bytes(memo, new TermMention("广州暴雨", d));
        TermMention next = new TermMention("地铁", d);
        assertThat(bytes(memo, next)).isEqualTo(bytes(serializer(), next));
        // a post written after it is not taken for it
        TermMention other = new TermMention("地铁", post(4));
        assertThat(bytes(memo, other)).isEqualTo(bytes(serializer(), other));
    }

    /** The reader compares the digest's bytes, not its hash: a post with the same hash but other content is read apart. */
    @Test
    void aDifferentPostWithTheSameHashIsDecodedApart() throws Exception {
        PostDigest a = post(5);
        PostDigest b = new PostDigest(a.id(), a.hash(), a.authorHash(), a.clusterHash(), a.platform(), a.region(),
                a.negative(), a.original(), a.verified(), a.reposts() + 1, a.comments(), a.likes(), a.createdAt(),
                a.url(), a.excerpt(), a.keywords(), a.names(), a.cues(), a.emotion(), a.organizations());
        PostDigest c = new PostDigest(a.id(), a.hash(), a.authorHash(), a.clusterHash(), a.platform(), a.region(),
                a.negative(), a.original(), a.verified(), a.reposts(), a.comments(), a.likes(), a.createdAt(),
                a.url(), a.excerpt().replace('暴', '大'), a.keywords(), a.names(), a.cues(), a.emotion(), a.organizations());
        List<TermMention> in = List.of(new TermMention("广州暴雨", a), new TermMention("地铁", a),
                new TermMention("广州暴雨", b), new TermMention("地铁", c), new TermMention("乘客", a));
        List<TermMention> back = RoundTrip.ofAll(TermMentionTypeInfo.INSTANCE, in);
        assertThat(back).containsExactlyElementsOf(in);
        assertThat(back.get(2).post().reposts()).isEqualTo(a.reposts() + 1);
        assertThat(back.get(2).post()).isNotSameAs(back.get(1).post());
        assertThat(back.get(3).post().excerpt()).contains("广州大雨");
        assertThat(back.get(4).post()).isEqualTo(a).isNotSameAs(back.get(1).post());
    }

    @Test
    void duplicatesHaveIndependentMemos() throws Exception {
        TypeSerializer<TermMention> s = serializer();
        TypeSerializer<TermMention> d = s.duplicate();
        assertThat(d).isNotSameAs(s).isEqualTo(s);
        assertThat(serializer()).as("each caller of the type information gets its own").isNotSameAs(s);

        // writers: one's memo is not the other's
        PostDigest a = post(1);
        PostDigest b = post(2);
        bytes(s, new TermMention("地铁", a));
        bytes(d, new TermMention("地铁", b));
        TermMention a2 = new TermMention("乘客", a);
        byte[] a2Bytes = bytes(s, a2);
        assertThat(a2Bytes).isEqualTo(bytes(serializer(), a2));

        // readers: reading b with the duplicate does not make the first forget a
        TermMention backA = read(s, bytes(serializer(), new TermMention("地铁", a)));
        TermMention backB = read(d, bytes(serializer(), new TermMention("地铁", b)));
        assertThat(backB.post()).isEqualTo(b);
        TermMention backA2 = read(s, a2Bytes);
        assertThat(backA2).isEqualTo(a2);
        assertThat(backA2.post()).isSameAs(backA.post());
    }

    /** Flink ships serializers in the job graph: one that has been used still serialises, and its copy works. */
    @Test
    void aUsedSerializerShipsAndRestores() throws Exception {
        TypeSerializer<TermMention> s = serializer();
        TermMention m = new TermMention("地铁", post(1));
        byte[] b = bytes(s, m);
        read(s, b);
        TypeSerializer<TermMention> shipped = InstantiationUtil.clone(s, getClass().getClassLoader());
        assertThat(read(shipped, bytes(shipped, m))).isEqualTo(m);
        TypeSerializer<TermMention> restored = s.snapshotConfiguration().restoreSerializer();
        assertThat(restored).isInstanceOf(TermMentionTypeInfo.Serializer.class).isNotSameAs(s);
        assertThat(read(restored, b)).isEqualTo(m);
    }
}
