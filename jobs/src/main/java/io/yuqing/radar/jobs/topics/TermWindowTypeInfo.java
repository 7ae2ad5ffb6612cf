package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.Emotion;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Flink type information for the term windows on their way to the topic stage: a compact binary
 * form instead of the contract JSON ({@link io.yuqing.radar.jobs.JsonTypeInfo}). Every term window
 * carries its term's bottom-k sample of post digests (up to {@code topics.sample-size}), and as
 * JSON, writing them on the windows' side and reading them on the single topic stage's side took
 * about a third and two fifths of those threads (TopicsJobBench's profile): the job's bound.
 * A post's digest is in the samples of many windows (its terms', ten slides of each), so the
 * digests go through a {@link DigestMemo}: each encoded and decoded once however many windows
 * carry it, and its words read back as one String each, which the topic stage hashes once. That
 * memo is state, so each caller of this type information gets its own serializer.
 *
 * <p>For the shuffle only. Savepoints hold no records in flight (they are aligned), so this may
 * change between versions; state that keeps term windows (the topic stage's pending list) keeps
 * the JSON form, which survives upgrades. A field added to {@link TermWindow}, {@link PostDigest}
 * or {@link PostCues} must be added here: {@code TermWindowTypeInfoTest} fails until it is.
 */
public final class TermWindowTypeInfo extends ImmutableRecordTypeInfo<TermWindow> {
    public static final TermWindowTypeInfo INSTANCE = new TermWindowTypeInfo();
    private static final Emotion[] EMOTIONS = Emotion.values();

    private TermWindowTypeInfo() {
        super(TermWindow.class, new Serializer());
    }

    public static final class Serializer extends ImmutableRecordTypeInfo.Serializer<TermWindow> {
        private static final long serialVersionUID = 1L;

        /** The sample's digests, each encoded and decoded once however many windows carry it; made on first use. */
        private transient DigestMemo digests;

        private DigestMemo digests() {
            if (digests == null) {
                digests = new DigestMemo(true);
            }
            return digests;
        }

        @Override
        public void serialize(TermWindow w, DataOutputView out) throws IOException {
            out.writeUTF(w.term());
            instant(out, w.windowStart());
            instant(out, w.windowEnd());
            out.writeLong(w.posts());
            out.writeLong(w.authors());
            out.writeLong(w.clusters());
            out.writeLong(w.support());
            out.writeDouble(w.score());
            out.writeBoolean(w.bursting());
            instant(out, w.firstSeen());
            List<PostDigest> sample = w.sample();
            out.writeInt(sample.size());
            DigestMemo memo = digests();
            for (int i = 0; i < sample.size(); i++) {
                memo.write(out, sample.get(i));
            }
            BottomK authorSample = (BottomK) w.authorSample();
            out.writeInt(authorSample.size());
            for (int i = 0; i < authorSample.size(); i++) {
                out.writeLong(authorSample.getLong(i));
            }
        }

        @Override
        public TermWindow deserialize(DataInputView in) throws IOException {
            String term = in.readUTF();
            Instant start = instant(in);
            Instant end = instant(in);
            long posts = in.readLong();
            long authors = in.readLong();
            long clusters = in.readLong();
            long support = in.readLong();
            double score = in.readDouble();
            boolean bursting = in.readBoolean();
            Instant firstSeen = instant(in);
            int n = in.readInt();
            PostDigest[] sample = new PostDigest[n];
            DigestMemo memo = digests();
            for (int i = 0; i < n; i++) {
                sample[i] = memo.read(in);
            }
            int m = in.readInt();
            long[] authorSample = new long[m];
            for (int i = 0; i < m; i++) {
                authorSample[i] = in.readLong();
            }
            return new TermWindow(term, start, end, posts, authors, clusters, support, score, bursting, firstSeen,
                    List.of(sample), BottomK.of(authorSample));
        }

        /** A serializer with a memo of its own: Flink gives one to each thread that needs one. */
        @Override
        public TypeSerializer<TermWindow> duplicate() {
            return new Serializer();
        }

        /** One digest, self-contained: {@link DigestMemo}'s unit, and a field of other records' forms. */
        static void digest(DataOutputView out, PostDigest d) throws IOException {
            out.writeUTF(d.id());
            out.writeLong(d.hash());
            out.writeLong(d.authorHash());
            out.writeLong(d.clusterHash());
            string(out, d.platform());
            string(out, d.region());
            out.writeByte((d.negative() ? 1 : 0) | (d.original() ? 2 : 0) | (d.verified() ? 4 : 0));
            out.writeLong(d.reposts());
            out.writeLong(d.comments());
            out.writeLong(d.likes());
            instant(out, d.createdAt());
            string(out, d.url());
            string(out, d.excerpt());
            words(out, d.keywords());
            out.writeInt(d.names());
            PostCues c = d.cues();
            out.writeBoolean(c != null);
            if (c != null) {
                words(out, c.terms());
                out.writeByte((c.told() ? 1 : 0) | (c.reaction() ? 2 : 0) | (c.questioning() ? 4 : 0) | (c.original() ? 8 : 0)
                        | (c.vouched() ? 16 : 0));
                out.writeInt(c.exclaims());
            }
            out.writeByte(d.emotion() == null ? -1 : d.emotion().ordinal());
            out.writeInt(d.organizations());
        }

        static PostDigest digest(DataInputView in) throws IOException {
            return digest(in, null);
        }

        /**
         * @param words the words read so far, each as one String, to intern this digest's words
         *              (keywords, cue terms, platform, region) in; or null
         */
        static PostDigest digest(DataInputView in, Map<String, String> words) throws IOException {
            String id = in.readUTF();
            long hash = in.readLong();
            long authorHash = in.readLong();
            long clusterHash = in.readLong();
            String platform = intern(string(in), words);
            String region = intern(string(in), words);
            int flags = in.readByte();
            long reposts = in.readLong();
            long comments = in.readLong();
            long likes = in.readLong();
            Instant createdAt = instant(in);
            String url = string(in);
            String excerpt = string(in);
            List<String> keywords = words(in, words);
            int names = in.readInt();
            PostCues cues = null;
            if (in.readBoolean()) {
                List<String> terms = words(in, words);
                int cueFlags = in.readByte();
                cues = new PostCues(terms, (cueFlags & 1) != 0, (cueFlags & 2) != 0, (cueFlags & 4) != 0, in.readInt(),
                        (cueFlags & 8) != 0, (cueFlags & 16) != 0);
            }
            int emotion = in.readByte();
            int organizations = in.readInt();
            return new PostDigest(id, hash, authorHash, clusterHash, platform, region, (flags & 1) != 0,
                    (flags & 2) != 0, (flags & 4) != 0, reposts, comments, likes, createdAt, url, excerpt, keywords,
                    names, cues, emotion < 0 ? null : EMOTIONS[emotion], organizations);
        }

        private static String intern(String w, Map<String, String> words) {
            if (w == null || words == null) {
                return w;
            }
            String known = words.putIfAbsent(w, w);
            return known == null ? w : known;
        }

        private static void string(DataOutputView out, String s) throws IOException {
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeUTF(s);
            }
        }

        private static String string(DataInputView in) throws IOException {
            return in.readBoolean() ? in.readUTF() : null;
        }

        private static void words(DataOutputView out, List<String> xs) throws IOException {
            out.writeInt(xs.size());
            for (int i = 0; i < xs.size(); i++) {
                out.writeUTF(xs.get(i)); // indexed: an iterator per list was 4 % of this side's allocation
            }
        }

        private static List<String> words(DataInputView in, Map<String, String> words) throws IOException {
            int n = in.readInt();
            String[] xs = new String[n];
            for (int i = 0; i < n; i++) {
                xs[i] = intern(in.readUTF(), words);
            }
            return List.of(xs);
        }

        @Override
        public TypeSerializerSnapshot<TermWindow> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TermWindow> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(Serializer::new);
        }
    }
}
