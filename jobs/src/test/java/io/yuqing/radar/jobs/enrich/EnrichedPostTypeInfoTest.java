package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.jobs.RoundTrip;
import io.yuqing.radar.connectors.posts.PostJson;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Sentiment;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnrichedPostTypeInfoTest {
    private static final Instant T = Instant.parse("2026-07-12T00:17:42.123456789Z");

    /** Every component set to something other than its default. */
    static EnrichedPost full() {
        return new EnrichedPost("5082731946501234", Platform.WEIBO,
                "#广州暴雨# 早上七点多出门,天河路口积水已经没过小腿,公交停运。大家出门注意安全![泪]", "广州暴雨最新情况", T,
                new Author("u-6f1c0a93", "天河打工人小陈", 1283L, true), "https://weibo.com/6f1c0a93/Pb7xQ2kLm",
                356, 128, 2041, "5082731946500000", "广东省广州市", "zh-CN", List.of("广州", "暴雨", "积水"),
                List.of("积水", "暴雨"), List.of("广州暴雨"), List.of("广州日报"), List.of("https://t.cn/A6x"),
                new Entities(List.of("广州", "天河"), List.of("广州地铁"), List.of("小陈")), Sentiment.NEGATIVE, -0.62,
                "9f3a6c01d47be258", "5082731946500000", T.plusMillis(2315), "广东", "广州", List.of("[泪]", "😭"),
                List.of("广州暴雨", "天河路口"), Emotion.SADNESS, "sentiment-20261204-3fa2c9e1",
                "【广州暴雨】天河区多处积水，地铁口排起长队，请市民注意出行安全。");
    }

    /** Only what the record cannot leave out: everything nullable null, every list empty. */
    static EnrichedPost bare() {
        return new EnrichedPost("p0", null, null, null, null, null, null, 0, 0, 0, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aPostWithEveryFieldSetComesBackEqual() throws Exception {
        // a field added later and not serialized comes back as its default, and this fails
        EnrichedPost p = full();
        for (Object r : List.of(p, p.author(), p.entities())) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v = c.getAccessor().invoke(r);
                assertThat(v).as("%s.%s is set in the fixture", r.getClass().getSimpleName(), c.getName())
                        .isNotNull().isNotEqualTo(0).isNotEqualTo(0L).isNotEqualTo(false).isNotEqualTo(0.0)
                        .isNotEqualTo(List.of());
            }
        }
        assertThat(RoundTrip.withCopy(EnrichedPostTypeInfo.INSTANCE, p)).isEqualTo(p);
    }

    @Test
    void absentPartsStayAbsent() throws Exception {
        assertThat(RoundTrip.withCopy(EnrichedPostTypeInfo.INSTANCE, bare())).isEqualTo(bare());
        EnrichedPost p = full();
        for (Author a : List.of(new Author(null, null, null, null), new Author("u2", null, 0L, false),
                new Author(null, "匿名", null, true))) {
            EnrichedPost withAuthor = new EnrichedPost(p.id(), p.platform(), "", p.title(), p.createdAt(), a, p.url(),
                    -1, Long.MAX_VALUE, Long.MIN_VALUE, null, p.region(), p.lang(), p.terms(), p.keywords(),
                    p.hashtags(), p.mentions(), p.urls(), p.entities(), Sentiment.NEUTRAL, -0.0, null, null,
                    p.enrichedAt(), null, null, p.emojis(), p.phrases(), null, null, null);
            assertThat(RoundTrip.withCopy(EnrichedPostTypeInfo.INSTANCE, withAuthor)).isEqualTo(withAuthor);
        }
    }

    /** Reposts carry their source's text, which may be longer than writeUTF's 64 KB; so may the post's own. */
    @Test
    void aRepostWithLongChineseTextsComesBackEqual() throws Exception {
        String story = "暴雨导致城区多处积水，市民出行受阻。".repeat(4_000); // 72,000 characters, ~216 KB of UTF-8
        EnrichedPost p = full();
        EnrichedPost repost = new EnrichedPost("r1", Platform.WEIBO, "转发微博", null, p.createdAt(), p.author(), null,
                0, 0, 0, "p1", null, null, p.terms(), p.keywords(), List.of(), List.of(), List.of(), p.entities(),
                Sentiment.NEGATIVE, -0.3, null, null, p.enrichedAt(), null, null, List.of(), List.of(), null, null,
                story).withNearDuplicate("0123456789abcdef", "p1");
        assertThat(RoundTrip.withCopy(EnrichedPostTypeInfo.INSTANCE, repost)).isEqualTo(repost);
    }

    @Test
    void thePostWithItsJsonComesBackWithTheSameBytes() throws Exception {
        PostJson w = PostJson.of(full());
        PostJson back = RoundTrip.withCopy(PostJsonTypeInfo.INSTANCE, w);
        assertThat(back.post()).isEqualTo(w.post());
        assertThat(back.json()).isEqualTo(w.json());
    }

    @Test
    void snapshotsRestoreTheSameSerializer() throws Exception {
        for (TypeInformation<?> type : List.of(EnrichedPostTypeInfo.INSTANCE, PostJsonTypeInfo.INSTANCE)) {
            TypeSerializer<?> s = type.createSerializer(new SerializerConfigImpl());
            DataOutputSerializer snap = new DataOutputSerializer(64);
            TypeSerializerSnapshot.writeVersionedSnapshot(snap, s.snapshotConfiguration());
            TypeSerializerSnapshot<?> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                    new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
            assertThat(restored.restoreSerializer()).isSameAs(s);
        }
    }

}
