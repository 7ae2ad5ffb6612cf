package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Arrays;

/**
 * Flink type information for the term mentions on their way to the term windows: the term and
 * the post's digest in {@link TermWindowTypeInfo}'s binary form instead of the contract JSON.
 * Every post crosses that shuffle once per term (about 8 times), each time with its whole
 * digest; as JSON, reading them back was about a fifth of the term windows' thread once the
 * windows aggregated by pane (TopicsJobBench's profile).
 *
 * <p>A post's mentions leave {@link TermExtractor} one after the other, all with one digest
 * instance, so the serializer encodes a digest once and copies its bytes for the mentions that
 * follow (a memo by identity); the digest is written behind its length. Each record still holds
 * its whole digest, so records stay independent, as Flink needs (a post's terms go to different
 * subtasks). The reading side keeps the last digest it decoded with its bytes, and when the next
 * mention's digest bytes are the same, byte for byte, returns that same instance instead of
 * decoding it again: digests are immutable, so the terms' panes may share one. So the serializer
 * has state: {@link #duplicate()} gives a fresh one, and the type information gives each caller
 * its own.
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

        // the memos: transient (Flink ships serializers in the job graph, and a digest is not
        // Serializable), so made on first use
        /** The digest last written, and its bytes. */
        private transient PostDigest written;
        private transient DataOutputSerializer writtenBytes;
        /** The digest last read, and its bytes; {@code reading} holds the bytes being read. */
        private transient PostDigest read;
        private transient byte[] readBytes;
        private transient int readLength;
        private transient byte[] reading;
        private transient DataInputDeserializer decoder;

        @Override
        public void serialize(TermMention m, DataOutputView out) throws IOException {
            out.writeUTF(m.term());
            PostDigest d = m.post();
            if (writtenBytes == null) {
                writtenBytes = new DataOutputSerializer(512);
            }
            if (d != written) {
                written = null; // if encoding fails, nothing half-written is taken for d's bytes
                writtenBytes.clear();
                TermWindowTypeInfo.Serializer.digest(writtenBytes, d);
                written = d;
            }
            out.writeInt(writtenBytes.length());
            out.write(writtenBytes.getSharedBuffer(), 0, writtenBytes.length());
        }

        @Override
        public TermMention deserialize(DataInputView in) throws IOException {
            String term = in.readUTF();
            int n = in.readInt();
            if (reading == null || reading.length < n) {
                reading = new byte[Math.max(512, Integer.highestOneBit(Math.max(n, 1)) << 1)];
            }
            in.readFully(reading, 0, n);
            if (read != null && n == readLength && Arrays.equals(reading, 0, n, readBytes, 0, n)) {
                return new TermMention(term, read);
            }
            if (decoder == null) {
                decoder = new DataInputDeserializer();
            }
            decoder.setBuffer(reading, 0, n);
            PostDigest d = TermWindowTypeInfo.Serializer.digest(decoder);
            if (decoder.available() != 0) {
                throw new IOException("a mention's digest of " + n + " bytes left " + decoder.available() + " unread");
            }
            // the bytes just read become the memo's; the memo's buffer takes the next ones
            byte[] b = readBytes;
            readBytes = reading;
            reading = b;
            readLength = n;
            read = d;
            return new TermMention(term, d);
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
