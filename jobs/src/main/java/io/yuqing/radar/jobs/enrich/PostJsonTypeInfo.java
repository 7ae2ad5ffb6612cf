package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.connectors.posts.PostJson;
import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink type information for the clustered posts with their contract JSON on their way to the
 * three post sinks. Chained to them, so normally never written; where it is (chaining disabled),
 * the post in {@link EnrichedPostTypeInfo}'s form and the JSON as its bytes, which are what the
 * sinks write and must not be produced again.
 *
 * <p>For stream records only: no state holds them, so the form may change between versions.
 */
public final class PostJsonTypeInfo extends ImmutableRecordTypeInfo<PostJson> {
    public static final PostJsonTypeInfo INSTANCE = new PostJsonTypeInfo();

    private PostJsonTypeInfo() {
        super(PostJson.class, Serializer.INSTANCE);
    }

    public static final class Serializer extends ImmutableRecordTypeInfo.Serializer<PostJson> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public void serialize(PostJson p, DataOutputView out) throws IOException {
            EnrichedPostTypeInfo.Serializer.INSTANCE.serialize(p.post(), out);
            out.writeInt(p.json().length);
            out.write(p.json());
        }

        @Override
        public PostJson deserialize(DataInputView in) throws IOException {
            var post = EnrichedPostTypeInfo.Serializer.INSTANCE.deserialize(in);
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            return new PostJson(post, json);
        }

        @Override
        public TypeSerializerSnapshot<PostJson> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PostJson> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
