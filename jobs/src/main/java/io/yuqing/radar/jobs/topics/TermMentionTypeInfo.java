package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink type information for the term mentions on their way to the term windows: the term and
 * the post's digest in {@link TermWindowTypeInfo}'s binary form instead of the contract JSON.
 * Every post crosses that shuffle once per term (about 8 times), each time with its whole
 * digest; as JSON, reading them back was about a fifth of the term windows' thread once the
 * windows aggregated by pane (TopicsJobBench's profile).
 *
 * <p>For the shuffle only: no state holds mentions, so the form may change between versions.
 */
public final class TermMentionTypeInfo extends ImmutableRecordTypeInfo<TermMention> {
    public static final TermMentionTypeInfo INSTANCE = new TermMentionTypeInfo();

    private TermMentionTypeInfo() {
        super(TermMention.class, Serializer.INSTANCE);
    }

    public static final class Serializer extends ImmutableRecordTypeInfo.Serializer<TermMention> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public void serialize(TermMention m, DataOutputView out) throws IOException {
            out.writeUTF(m.term());
            TermWindowTypeInfo.Serializer.digest(out, m.post());
        }

        @Override
        public TermMention deserialize(DataInputView in) throws IOException {
            String term = in.readUTF();
            return new TermMention(term, TermWindowTypeInfo.Serializer.digest(in));
        }

        @Override
        public TypeSerializerSnapshot<TermMention> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TermMention> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
