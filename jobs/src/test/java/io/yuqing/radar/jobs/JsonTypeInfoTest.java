package io.yuqing.radar.jobs;

import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
import io.yuqing.radar.schemas.Platform;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTypeInfoTest {

    @Test
    void roundTripsAnEnrichedPostAndItsSnapshot() throws Exception {
        EnrichedPost p = new EnrichedPost("p1", Platform.WEIBO, "暴雨导致城区多处积水", null,
                Instant.parse("2026-07-01T03:00:00Z"), new Author("u1", "晴天小鱼", 10L, true), null, 1, 2, 3, null,
                "武汉", null, List.of("暴雨", "积水"), List.of("积水"), List.of(), List.of(), List.of(),
                new Entities(List.of("武汉"), List.of(), List.of()), null, null, null, null, Instant.parse("2026-07-01T03:00:01Z"));
        TypeSerializer<EnrichedPost> s = JsonTypeInfo.of(EnrichedPost.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(p, out);
        assertThat(s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(p);

        DataOutputSerializer snap = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snap, s.snapshotConfiguration());
        TypeSerializerSnapshot<EnrichedPost> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isEqualTo(s);
        assertThat(s.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    }
}
