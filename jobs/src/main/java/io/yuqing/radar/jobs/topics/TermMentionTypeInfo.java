package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
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
 * <p>A post's mentions leave {@link TermExtractor} one after the other, all with one digest
 * instance, so the digests go through a {@link DigestMemo}: encoded once and their bytes copied
 * for the mentions that follow, and on the reading side decoded once, the same instance returned
 * while the bytes are the same (digests are immutable, so the terms' panes may share one). Each
 * record still holds its whole digest, so records stay independent, as Flink needs (a post's
 * terms go to different subtasks). So the serializer has state: {@link #duplicate()} gives a
 * fresh one, and the type information gives each caller its own.
 *
 * <p>For the shuffle only: no state holds mentions, so the form may change between versions.
 */
public final class TermMentionTypeInfo extends ImmutableRecordTypeInfo<TermMention> {
    public static final TermMentionTypeInfo INSTANCE = new TermMentionTypeInfo();

    private TermMentionTypeInfo() {
        super(TermMention.class, new Serializer());
    }

    public static final class Serializer extends ImmutableRecordTypeInfo.Serializer<TermMention> {
        private static final long serialVersionUID = 1L;

        /** The digests, each encoded and decoded once however many mentions carry it; made on first use. */
        private transient DigestMemo digests;

        private DigestMemo digests() {
            if (digests == null) {
                digests = new DigestMemo(false);
            }
            return digests;
        }

        @Override
        public void serialize(TermMention m, DataOutputView out) throws IOException {
            out.writeUTF(m.term());
            digests().write(out, m.post());
        }

        @Override
        public TermMention deserialize(DataInputView in) throws IOException {
            String term = in.readUTF();
            return new TermMention(term, digests().read(in));
        }

        /** A serializer with memos of its own: Flink gives one to each thread that needs one. */
        @Override
        public TypeSerializer<TermMention> duplicate() {
            return new Serializer();
        }

        @Override
        public TypeSerializerSnapshot<TermMention> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TermMention> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(Serializer::new);
        }
    }
}
