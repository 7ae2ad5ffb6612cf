package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import io.yuqing.radar.jobs.judgement.PostCues;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
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
public final class PostTermsTypeInfo extends ImmutableRecordTypeInfo<PostTerms> {
    public static final PostTermsTypeInfo INSTANCE = new PostTermsTypeInfo();

    private PostTermsTypeInfo() {
        super(PostTerms.class, Serializer.INSTANCE);
    }

    public static final class Serializer extends ImmutableRecordTypeInfo.Serializer<PostTerms> {
        static final Serializer INSTANCE = new Serializer();

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
            out.writeBoolean(c.verified());
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
                    StringValue.readString(in), in.readBoolean(), in.readBoolean());
            return new PostTerms(terms, digest, c);
        }

        @Override
        public TypeSerializerSnapshot<PostTerms> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PostTerms> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
