package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.Emotion;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flink type information for the term windows on their way to the topic stage: a compact binary
 * form instead of the contract JSON ({@link io.yuqing.radar.jobs.JsonTypeInfo}). Every term window
 * carries its term's bottom-k sample of post digests (up to {@code topics.sample-size}), and as
 * JSON, writing them on the windows' side and reading them on the single topic stage's side took
 * about a third and two fifths of those threads (TopicsJobBench's profile): the job's bound.
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
        super(TermWindow.class, Serializer.INSTANCE);
    }

    public static final class Serializer extends ImmutableRecordTypeInfo.Serializer<TermWindow> {
        static final Serializer INSTANCE = new Serializer();

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
            out.writeInt(w.sample().size());
            WordsOut words = new WordsOut();
            for (PostDigest d : w.sample()) {
                digest(out, d, words);
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
            List<PostDigest> sample = new ArrayList<>(n);
            WordsIn words = new WordsIn();
            for (int i = 0; i < n; i++) {
                sample.add(digest(in, words));
            }
            int m = in.readInt();
            long[] authorSample = new long[m];
            for (int i = 0; i < m; i++) {
                authorSample[i] = in.readLong();
            }
            return new TermWindow(term, start, end, posts, authors, clusters, support, score, bursting, firstSeen,
                    sample, BottomK.of(authorSample));
        }

        static void digest(DataOutputView out, PostDigest d) throws IOException {
            digest(out, d, null);
        }

        /** @param words the record's words written so far, or null to write each word out */
        private static void digest(DataOutputView out, PostDigest d, WordsOut words) throws IOException {
            out.writeUTF(d.id());
            out.writeLong(d.hash());
            out.writeLong(d.authorHash());
            out.writeLong(d.clusterHash());
            word(out, d.platform(), words);
            word(out, d.region(), words);
            out.writeByte((d.negative() ? 1 : 0) | (d.original() ? 2 : 0) | (d.verified() ? 4 : 0));
            out.writeLong(d.reposts());
            out.writeLong(d.comments());
            out.writeLong(d.likes());
            instant(out, d.createdAt());
            string(out, d.url());
            string(out, d.excerpt());
            words(out, d.keywords(), words);
            out.writeInt(d.names());
            PostCues c = d.cues();
            out.writeBoolean(c != null);
            if (c != null) {
                words(out, c.terms(), words);
                out.writeByte((c.told() ? 1 : 0) | (c.reaction() ? 2 : 0) | (c.questioning() ? 4 : 0));
                out.writeInt(c.exclaims());
            }
            out.writeByte(d.emotion() == null ? -1 : d.emotion().ordinal());
            out.writeInt(d.organizations());
        }

        static PostDigest digest(DataInputView in) throws IOException {
            return digest(in, null);
        }

        /** @param words the record's words read so far, or null when each word is written out */
        private static PostDigest digest(DataInputView in, WordsIn words) throws IOException {
            String id = in.readUTF();
            long hash = in.readLong();
            long authorHash = in.readLong();
            long clusterHash = in.readLong();
            String platform = word(in, words);
            String region = word(in, words);
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
                cues = new PostCues(terms, (cueFlags & 1) != 0, (cueFlags & 2) != 0, (cueFlags & 4) != 0, in.readInt());
            }
            int emotion = in.readByte();
            int organizations = in.readInt();
            return new PostDigest(id, hash, authorHash, clusterHash, platform, region, (flags & 1) != 0,
                    (flags & 2) != 0, (flags & 4) != 0, reposts, comments, likes, createdAt, url, excerpt, keywords,
                    names, cues, emotion < 0 ? null : EMOTIONS[emotion], organizations);
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

        private static void word(DataOutputView out, String s, WordsOut words) throws IOException {
            if (words == null) {
                string(out, s);
            } else {
                words.write(out, s);
            }
        }

        private static String word(DataInputView in, WordsIn words) throws IOException {
            return words == null ? string(in) : words.read(in);
        }

        private static void words(DataOutputView out, List<String> xs, WordsOut words) throws IOException {
            out.writeInt(xs.size());
            for (int i = 0; i < xs.size(); i++) {
                String x = xs.get(i); // indexed: an iterator per list was 4 % of this side's allocation
                if (words == null) {
                    out.writeUTF(x);
                } else {
                    words.write(out, x);
                }
            }
        }

        private static List<String> words(DataInputView in, WordsIn words) throws IOException {
            int n = in.readInt();
            List<String> xs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                xs.add(words == null ? in.readUTF() : words.read(in));
            }
            return xs;
        }


        @Override
        public TypeSerializerSnapshot<TermWindow> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /**
     * The words (keywords, cue terms, platform, region) of one term window's sample, each written
     * out once and then by its index. The sample's posts tell one story, so their words repeat
     * (the term itself is in every one): writing them out each time was most of the bytes, and
     * most of the time on both sides of the shuffle. Read back, a word is one String however
     * often it occurs, so the topic stage hashes it once. One table per record: records stay
     * independent, as Flink needs.
     */
    private static final class WordsOut {
        private static final int NULL = -2;
        private static final int NEW = -1;
        private final Map<String, Integer> ids = new HashMap<>();

        void write(DataOutputView out, String w) throws IOException {
            if (w == null) {
                out.writeInt(NULL);
                return;
            }
            Integer id = ids.putIfAbsent(w, ids.size());
            if (id != null) {
                out.writeInt(id);
            } else {
                out.writeInt(NEW);
                out.writeUTF(w);
            }
        }
    }

    private static final class WordsIn {
        private final List<String> words = new ArrayList<>();

        String read(DataInputView in) throws IOException {
            int id = in.readInt();
            if (id == WordsOut.NULL) {
                return null;
            }
            if (id == WordsOut.NEW) {
                words.add(in.readUTF());
                return words.get(words.size() - 1);
            }
            return words.get(id);
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TermWindow> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
