package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.judgement.PostCues;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink type information for the posts' terms on their way to the terms operator ({@link PostTerms}):
 * the digest in {@link TermWindowTypeInfo}'s binary form, the cues' text as strings of any length
 * (a post's text may be longer than {@code writeUTF}'s 64 KB).
 *
 * <p>For the shuffle only: no state holds them, so the form may change between versions.
 */
public final class PostTermsTypeInfo extends TypeInformation<PostTerms> {
    public static final PostTermsTypeInfo INSTANCE = new PostTermsTypeInfo();

    private PostTermsTypeInfo() {}

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<PostTerms> getTypeClass() { return PostTerms.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<PostTerms> createSerializer(SerializerConfig config) {
        return Serializer.INSTANCE;
    }

    @Override public String toString() { return "PostTerms(binary)"; }
    @Override public boolean equals(Object o) { return o instanceof PostTermsTypeInfo; }
    @Override public int hashCode() { return PostTermsTypeInfo.class.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof PostTermsTypeInfo; }

    /** Records are immutable, so copies are the instance itself. */
    public static final class Serializer extends TypeSerializer<PostTerms> {
        static final Serializer INSTANCE = new Serializer();

        @Override public boolean isImmutableType() { return true; }
        @Override public TypeSerializer<PostTerms> duplicate() { return this; }
        @Override public PostTerms createInstance() { return null; }
        @Override public PostTerms copy(PostTerms from) { return from; }
        @Override public PostTerms copy(PostTerms from, PostTerms reuse) { return from; }
        @Override public int getLength() { return -1; }

        @Override
        public void serialize(PostTerms p, DataOutputView out) throws IOException {
            out.writeInt(p.terms().size());
            for (String t : p.terms()) {
                out.writeUTF(t);
            }
            TermWindowTypeInfo.Serializer.digest(out, p.digest());
            PostCues.Text c = p.cueText();
            StringValue.writeString(c.title(), out);
            StringValue.writeString(c.text(), out);
            StringValue.writeString(c.reposted(), out);
            out.writeBoolean(c.repost());
        }

        @Override
        public PostTerms deserialize(DataInputView in) throws IOException {
            int n = in.readInt();
            List<String> terms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                terms.add(in.readUTF());
            }
            PostDigest digest = TermWindowTypeInfo.Serializer.digest(in);
            PostCues.Text c = new PostCues.Text(StringValue.readString(in), StringValue.readString(in),
                    StringValue.readString(in), in.readBoolean());
            return new PostTerms(terms, digest, c);
        }

        @Override
        public PostTerms deserialize(PostTerms reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override public boolean equals(Object o) { return o instanceof Serializer; }
        @Override public int hashCode() { return Serializer.class.hashCode(); }

        @Override
        public TypeSerializerSnapshot<PostTerms> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot implements TypeSerializerSnapshot<PostTerms> {
        /** For Flink, which instantiates snapshots reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        @Override public int getCurrentVersion() { return 1; }
        @Override public void writeSnapshot(DataOutputView out) {}
        @Override public void readSnapshot(int version, DataInputView in, ClassLoader loader) {}
        @Override public TypeSerializer<PostTerms> restoreSerializer() { return Serializer.INSTANCE; }

        @Override
        public TypeSerializerSchemaCompatibility<PostTerms> resolveSchemaCompatibility(TypeSerializerSnapshot<PostTerms> old) {
            return old instanceof Snapshot ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
