package io.yuqing.radar.local.feed;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The few fields of a CED post row the feed needs, small enough to sort ~890k of them in bounded
 * memory (runs spill to disk, see {@link ExternalSort}).
 *
 * @param time     sort and event time, epoch millis, already shifted in composed mode
 * @param seq      row number in the file: ties keep file order
 * @param event    index of the event (in reading order), to find its source post's text
 * @param repostOf null for the source post
 * @param rawTime  the original {@code time_cst} when it could not be read, else null
 */
record CedRow(long time, long seq, int event, String mid, String repostOf, String uid, String text,
              String rawTime) {

    static final Comparator<CedRow> ORDER = Comparator.comparingLong(CedRow::time).thenComparingLong(CedRow::seq);
    static final ExternalSort.Codec<CedRow> CODEC = new ExternalSort.Codec<>() {
        @Override
        public void write(CedRow row, DataOutput out) throws IOException {
            row.write(out);
        }

        @Override
        public CedRow read(DataInput in) throws IOException {
            return CedRow.read(in);
        }
    };

    void write(DataOutput out) throws IOException {
        out.writeLong(time);
        out.writeLong(seq);
        out.writeInt(event);
        writeString(out, mid);
        writeString(out, repostOf);
        writeString(out, uid);
        writeString(out, text);
        writeString(out, rawTime);
    }

    static CedRow read(DataInput in) throws IOException {
        return new CedRow(in.readLong(), in.readLong(), in.readInt(), readString(in), readString(in),
                readString(in), readString(in), readString(in));
    }

    // Length-prefixed UTF-8: writeUTF caps at 64 KB and uses modified UTF-8.
    private static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n == 0) {
            return "";
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
