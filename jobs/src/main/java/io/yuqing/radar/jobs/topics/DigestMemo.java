package io.yuqing.radar.jobs.topics;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Post digests across a shuffle, each encoded once by the writer and decoded once by the reader
 * however many records carry it: a post's digest crosses the mentions' shuffle once per term of
 * the post, and the term windows' shuffle once per candidate window whose sample holds it (its
 * terms' windows, ten slides of each), so encoding and decoding the same digests again and again
 * was most of both sides' time in TopicsJobBench's profile.
 *
 * <p>Every record still carries each digest whole (its hash, its length, its bytes), so records
 * stay independent, as Flink needs. The writer keeps, per slot of a small table indexed by the
 * post's hash, the digest it last encoded there (by identity: digests are immutable) with its
 * bytes, and copies them when the same instance comes again. The reader keeps, per slot, the
 * digest it last decoded there with its bytes, and when a digest's bytes are the same, byte for
 * byte, returns that instance instead of decoding it again; where asked, a digest it does decode
 * has its words (keywords, cue terms, platform, region) interned, so a word read in many digests
 * is one String whose hash the topic stage computes once. A slot taken by another post only costs an encoding.
 *
 * <p>So a serializer holding one has state: it must not be shared between threads (see
 * {@link io.yuqing.radar.jobs.ImmutableRecordTypeInfo}), and it is made on first use, as Flink
 * ships serializers in the job graph and a digest is not Serializable.
 */
final class DigestMemo {
    private static final int SLOTS = 1 << 13;
    /** The interned words are forgotten past this many: words of a long run never stop coming. */
    private static final int MAX_WORDS = 1 << 16;

    private PostDigest[] written;
    private byte[][] writtenBytes;
    private DataOutputSerializer encoder;

    private PostDigest[] read;
    private byte[][] readBytes;
    private byte[] reading = new byte[512];
    private DataInputDeserializer decoder;
    /** The words of the digests decoded so far, each as one String; null when not interned. */
    private final Map<String, String> words;

    /**
     * @param internWords whether a decoded digest's words are interned: worth it where they are
     *                    hashed over and over (the topic stage), not where they are only passed on
     */
    DigestMemo(boolean internWords) {
        this.words = internWords ? new HashMap<>() : null;
    }

    private static int slot(long hash) {
        return (int) (hash ^ hash >>> 32) & (SLOTS - 1);
    }

    void write(DataOutputView out, PostDigest d) throws IOException {
        if (written == null) {
            written = new PostDigest[SLOTS];
            writtenBytes = new byte[SLOTS][];
            encoder = new DataOutputSerializer(512);
        }
        int i = slot(d.hash());
        if (written[i] != d) {
            written[i] = null; // if encoding fails, nothing half-written is taken for d's bytes
            encoder.clear();
            TermWindowTypeInfo.Serializer.digest(encoder, d);
            writtenBytes[i] = encoder.getCopyOfBuffer();
            written[i] = d;
        }
        byte[] b = writtenBytes[i];
        out.writeLong(d.hash());
        out.writeInt(b.length);
        out.write(b);
    }

    PostDigest read(DataInputView in) throws IOException {
        if (read == null) {
            read = new PostDigest[SLOTS];
            readBytes = new byte[SLOTS][];
            decoder = new DataInputDeserializer();
        }
        int i = slot(in.readLong());
        int n = in.readInt();
        if (reading.length < n) {
            reading = new byte[Integer.highestOneBit(n) << 1];
        }
        in.readFully(reading, 0, n);
        byte[] known = readBytes[i];
        if (known != null && known.length == n && Arrays.equals(reading, 0, n, known, 0, n)) {
            return read[i];
        }
        decoder.setBuffer(reading, 0, n);
        if (words != null && words.size() > MAX_WORDS) {
            words.clear();
        }
        PostDigest d = TermWindowTypeInfo.Serializer.digest(decoder, words);
        if (decoder.available() != 0) {
            throw new IOException("a digest of " + n + " bytes left " + decoder.available() + " unread");
        }
        read[i] = d;
        readBytes[i] = Arrays.copyOf(reading, n);
        return d;
    }
}
