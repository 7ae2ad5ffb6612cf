package io.yuqing.radar.local.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.yuqing.radar.schemas.Json;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSON Lines export of posts: one Post contract JSON object per line, UTF-8, lines ending
 * in LF or CRLF, blank lines skipped, gzip-compressed when the file name ends in {@code .gz}.
 * Example line:
 * <pre>{"id":"wb-1","platform":"weibo","text":"今天下雨了","created_at":"2026-03-01T08:00:00+08:00"}</pre>
 *
 * <p>Each line becomes one {@link FeedRecord} whose value is the line's exact bytes (without the
 * line ending) whether or not it is valid, so bad lines reach the dead-letter topic downstream.
 * The key is the top-level {@code id} when the line parses as a JSON object; the event time is
 * {@code created_at} (ISO-8601 with offset, or epoch millis) when readable, otherwise the previous
 * record's time. Unreadable lines before the first readable time take that first time (up to
 * {@value #MAX_LEADING} of them; beyond that, the epoch). The file is expected in event-time
 * order; it is not re-sorted.
 */
public final class JsonLinesPostReader implements PostFeed {
    static final int MAX_LEADING = 10_000;
    private static final JsonFactory JSON = Json.mapper().getFactory();

    private final ByteLines lines;
    private final ArrayDeque<FeedRecord> ready = new ArrayDeque<>();
    /** Lines read before any readable time, waiting for one. */
    private final ArrayDeque<FeedRecord> leading = new ArrayDeque<>();
    private Instant lastTime;
    private long lineCount;
    private long unreadable;

    public JsonLinesPostReader(InputStream in) {
        this.lines = new ByteLines(in);
    }

    /** Opens {@code file}, through gunzip when its name ends in ".gz". */
    public static JsonLinesPostReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new JsonLinesPostReader(in);
    }

    /** Non-blank lines read so far. */
    public long lines() {
        return lineCount;
    }

    /** Lines read so far that were not a JSON object with an id and a readable created_at. */
    public long unreadable() {
        return unreadable;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty()) {
            byte[] line;
            try {
                line = lines.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                flushLeading(Instant.EPOCH);
                break;
            }
            lineCount++;
            accept(line);
        }
        return !ready.isEmpty();
    }

    @Override
    public FeedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(byte[] line) {
        Head head = Head.read(line);
        if (head.id == null || head.createdAt == null) {
            unreadable++;
        }
        if (head.createdAt != null) {
            flushLeading(head.createdAt);
            lastTime = head.createdAt;
            ready.add(new FeedRecord(head.createdAt, head.id, line));
        } else if (lastTime != null) {
            ready.add(new FeedRecord(lastTime, head.id, line));
        } else {
            leading.add(new FeedRecord(Instant.EPOCH, head.id, line));
            if (leading.size() >= MAX_LEADING) {
                flushLeading(Instant.EPOCH);
            }
        }
    }

    private void flushLeading(Instant time) {
        while (!leading.isEmpty()) {
            FeedRecord r = leading.poll();
            ready.add(new FeedRecord(time, r.key(), r.value()));
        }
    }

    /** What a feed needs of a line: its id and time, read with a streaming parser, no tree. */
    static final class Head {
        final String id;
        final Instant createdAt;

        private Head(String id, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
        }

        /** Both null unless the line is one complete JSON object. */
        static Head read(byte[] line) {
            String id = null;
            Instant createdAt = null;
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return new Head(null, null);
                }
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("id".equals(field) && v == JsonToken.VALUE_STRING) {
                        String s = p.getText();
                        id = s.isBlank() ? null : s;
                    } else if ("created_at".equals(field)) {
                        createdAt = time(p, v);
                    } else {
                        p.skipChildren();
                    }
                }
                if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                    return new Head(null, null);
                }
            } catch (IOException | RuntimeException e) {
                return new Head(null, null);
            }
            return new Head(id, createdAt);
        }

        private static Instant time(JsonParser p, JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochMilli(p.getLongValue());
            }
            if (v == JsonToken.VALUE_STRING) {
                try {
                    return Json.parseTime(p.getText());
                } catch (DateTimeParseException | NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
