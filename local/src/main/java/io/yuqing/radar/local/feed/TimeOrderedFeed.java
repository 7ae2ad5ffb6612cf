package io.yuqing.radar.local.feed;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A feed re-sorted by event time: a recorded export is not necessarily in {@code created_at}
 * order (exports are often by author, by platform or by crawl), and replayed as it is, its early
 * posts would arrive behind the topics job's watermark and miss their windows. Records of the same
 * time keep the order they had; a record without a readable time keeps the time its reader gave it
 * (the previous record's), so it travels with its neighbours. The whole source is read (and
 * spilled to temp files in runs, {@link ExternalSort}) before the first record comes out.
 */
public final class TimeOrderedFeed implements PostFeed {
    /** Records held in the heap per sorted run; about 1 KB each for a typical post. */
    public static final int DEFAULT_RUN_SIZE = 100_000;

    private record Row(long seconds, int nanos, long seq, String key, byte[] value) {
        static final Comparator<Row> ORDER = Comparator.comparingLong(Row::seconds).thenComparingInt(Row::nanos)
                .thenComparingLong(Row::seq);
        static final ExternalSort.Codec<Row> CODEC = new ExternalSort.Codec<>() {
            @Override
            public void write(Row r, DataOutput out) throws IOException {
                out.writeLong(r.seconds);
                out.writeInt(r.nanos);
                out.writeLong(r.seq);
                out.writeBoolean(r.key != null);
                if (r.key != null) {
                    byte[] k = r.key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    out.writeInt(k.length);
                    out.write(k);
                }
                out.writeInt(r.value.length);
                out.write(r.value);
            }

            @Override
            public Row read(DataInput in) throws IOException {
                long seconds = in.readLong();
                int nanos = in.readInt();
                long seq = in.readLong();
                String key = null;
                if (in.readBoolean()) {
                    byte[] k = new byte[in.readInt()];
                    in.readFully(k);
                    key = new String(k, java.nio.charset.StandardCharsets.UTF_8);
                }
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                return new Row(seconds, nanos, seq, key, value);
            }
        };
    }

    private final ExternalSort<Row> sorter;
    private final Iterator<Row> rows;

    private TimeOrderedFeed(ExternalSort<Row> sorter) throws IOException {
        this.sorter = sorter;
        this.rows = sorter.sorted();
    }

    /** Reads {@code source} to its end and closes it; the result replays it in event-time order. */
    public static TimeOrderedFeed sort(PostFeed source, int runSize, Path tempDir) {
        ExternalSort<Row> sorter = new ExternalSort<>(runSize, tempDir, Row.ORDER, Row.CODEC);
        try (source) {
            long seq = 0;
            while (source.hasNext()) {
                FeedRecord r = source.next();
                sorter.add(new Row(r.eventTime().getEpochSecond(), r.eventTime().getNano(), seq++, r.key(), r.value()));
            }
            return new TimeOrderedFeed(sorter);
        } catch (IOException e) {
            sorter.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            sorter.close();
            throw e;
        }
    }

    /** Sorted in the default temp directory. */
    public static TimeOrderedFeed sort(PostFeed source) {
        return sort(source, DEFAULT_RUN_SIZE, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Records read from the source. */
    public long count() {
        return sorter.count();
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public FeedRecord next() {
        if (!rows.hasNext()) {
            throw new NoSuchElementException();
        }
        Row r = rows.next();
        return new FeedRecord(Instant.ofEpochSecond(r.seconds(), r.nanos()), r.key(), r.value());
    }

    @Override
    public void close() {
        sorter.close();
    }
}
