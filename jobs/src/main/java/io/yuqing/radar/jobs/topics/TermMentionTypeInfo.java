package io.yuqing.radar.jobs.topics;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
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
public final class TermMentionTypeInfo extends TypeInformation<TermMention> {
    public static final TermMentionTypeInfo INSTANCE = new TermMentionTypeInfo();

    private TermMentionTypeInfo() {}

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<TermMention> getTypeClass() { return TermMention.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<TermMention> createSerializer(SerializerConfig config) {
        return Serializer.INSTANCE;
    }

    @Override public String toString() { return "TermMention(binary)"; }
    @Override public boolean equals(Object o) { return o instanceof TermMentionTypeInfo; }
    @Override public int hashCode() { return TermMentionTypeInfo.class.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof TermMentionTypeInfo; }

    /** Records are immutable, so copies are the instance itself. */
    public static final class Serializer extends TypeSerializer<TermMention> {
        static final Serializer INSTANCE = new Serializer();

        @Override public boolean isImmutableType() { return true; }
        @Override public TypeSerializer<TermMention> duplicate() { return this; }
        @Override public TermMention createInstance() { return null; }
        @Override public TermMention copy(TermMention from) { return from; }
        @Override public TermMention copy(TermMention from, TermMention reuse) { return from; }
        @Override public int getLength() { return -1; }

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
        public TermMention deserialize(TermMention reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override public boolean equals(Object o) { return o instanceof Serializer; }
        @Override public int hashCode() { return Serializer.class.hashCode(); }

        @Override
        public TypeSerializerSnapshot<TermMention> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot implements TypeSerializerSnapshot<TermMention> {
        /** For Flink, which instantiates snapshots reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        @Override public int getCurrentVersion() { return 1; }
        @Override public void writeSnapshot(DataOutputView out) {}
        @Override public void readSnapshot(int version, DataInputView in, ClassLoader loader) {}
        @Override public TypeSerializer<TermMention> restoreSerializer() { return Serializer.INSTANCE; }

        @Override
        public TypeSerializerSchemaCompatibility<TermMention> resolveSchemaCompatibility(TypeSerializerSnapshot<TermMention> old) {
            return old instanceof Snapshot ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
