package io.yuqing.radar.local.feed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts more rows than should sit in the heap (the CED posts, a recorded export): rows collect in
 * a run of at most {@code runSize}; full runs are sorted and written to temp files; reading merges
 * the runs. Heap use is one run plus a read buffer per spilled run, whatever the input size.
 *
 * @param <T> a row; its {@link Codec} writes it to a run file and reads it back
 */
final class ExternalSort<T> implements Closeable {
    private static final int IO_BUFFER = 1 << 16;

    /** How a row goes to a run file and comes back. */
    interface Codec<T> {
        void write(T row, DataOutput out) throws IOException;

        /** The next row; {@link EOFException} at the end of the file. */
        T read(DataInput in) throws IOException;
    }

    private final int runSize;
    private final Path tempDir;
    private final Comparator<T> order;
    private final Codec<T> codec;
    private final List<T> run;
    private final List<Path> spilled = new ArrayList<>();
    private final List<DataInputStream> open = new ArrayList<>();
    private Path dir;
    private long count;

    ExternalSort(int runSize, Path tempDir, Comparator<T> order, Codec<T> codec) {
        if (runSize < 1) {
            throw new IllegalArgumentException("runSize must be positive");
        }
        this.runSize = runSize;
        this.tempDir = tempDir;
        this.order = order;
        this.codec = codec;
        this.run = new ArrayList<>(Math.min(runSize, 1 << 16));
    }

    void add(T row) throws IOException {
        run.add(row);
        count++;
        if (run.size() >= runSize) {
            spill();
        }
    }

    long count() {
        return count;
    }

    int spilledRuns() {
        return spilled.size();
    }

    /** All rows added, in the sort's order. Call once, after the last {@link #add}. */
    Iterator<T> sorted() throws IOException {
        if (spilled.isEmpty()) {
            run.sort(order);
            return run.iterator();
        }
        if (!run.isEmpty()) {
            spill();
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>((a, b) -> order.compare(a.head, b.head));
        for (Path p : spilled) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), IO_BUFFER));
            open.add(in);
            Cursor c = new Cursor(in);
            if (c.advance()) {
                heads.add(c);
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public T next() {
                Cursor c = heads.poll();
                if (c == null) {
                    throw new NoSuchElementException();
                }
                T row = c.head;
                if (c.advance()) {
                    heads.add(c);
                }
                return row;
            }
        };
    }

    private void spill() throws IOException {
        run.sort(order);
        if (dir == null) {
            dir = Files.createTempDirectory(tempDir, "yuqing-sort-");
        }
        Path file = dir.resolve("run-" + spilled.size() + ".bin");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER))) {
            for (T r : run) {
                codec.write(r, out);
            }
        }
        spilled.add(file);
        run.clear();
    }

    @Override
    public void close() {
        run.clear();
        for (DataInputStream in : open) {
            try {
                in.close();
            } catch (IOException ignored) {
                // deleting the file below is what matters
            }
        }
        try {
            for (Path p : spilled) {
                Files.deleteIfExists(p);
            }
            if (dir != null) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Cursor {
        private final DataInputStream in;
        private T head;

        Cursor(DataInputStream in) {
            this.in = in;
        }

        boolean advance() {
            try {
                head = codec.read(in);
                return true;
            } catch (EOFException end) {
                head = null;
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
