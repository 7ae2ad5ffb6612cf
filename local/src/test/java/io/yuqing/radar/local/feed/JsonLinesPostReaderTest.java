package io.yuqing.radar.local.feed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesPostReaderTest {
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28};

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<FeedRecord> readAll(Path file) throws IOException {
        List<FeedRecord> out = new ArrayList<>();
        try (JsonLinesPostReader r = JsonLinesPostReader.open(file)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void keepsEveryLineByteForByteIncludingMalformedOnes(@TempDir Path dir) throws IOException {
        byte[] leadingBad = utf8("{\"platform\":\"weibo\",\"text\":\"没有编号\"");
        byte[] first = utf8("{\"id\":\"a1\",\"platform\":\"weibo\",\"text\":\"今天下雨了\",\"created_at\":\"2026-03-01T08:00:00+08:00\",\"x_extra\":1}");
        byte[] badTime = utf8("{\"id\":\"a2\",\"platform\":\"weibo\",\"text\":\"时间坏了\",\"created_at\":\"昨天 12:30\"}");
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.write(utf8("{\"id\":\"a3\",\"platform\":\"weibo\",\"text\":\""));
        badUtf8.write(NOT_UTF8);
        badUtf8.write(utf8("\",\"created_at\":1772323260000}"));
        byte[] millis = utf8("{\"id\":\"a4\",\"platform\":\"news\",\"text\":\"新闻\",\"created_at\":1772323320000}");
        byte[] notJson = utf8("这不是JSON");

        Path file = dir.resolve("posts.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(leadingBad); out.write('\n');
            out.write(first); out.write(utf8("\r\n"));
            out.write(utf8("   \n\n"));
            out.write(badTime); out.write('\n');
            out.write(badUtf8.toByteArray()); out.write('\n');
            out.write(millis); out.write('\n');
            out.write(notJson); // no final newline
        }

        List<FeedRecord> records = readAll(file);
        Instant t1 = Instant.parse("2026-03-01T00:00:00Z");
        assertThat(records).hasSize(6);
        assertThat(records.get(0).value()).isEqualTo(leadingBad);
        assertThat(records.get(0).key()).isNull();
        assertThat(records.get(0).eventTime()).as("leading bad line takes the first readable time").isEqualTo(t1);
        assertThat(records.get(1).value()).isEqualTo(first);
        assertThat(records.get(1).key()).isEqualTo("a1");
        assertThat(records.get(1).eventTime()).isEqualTo(t1);
        assertThat(records.get(2).value()).isEqualTo(badTime);
        assertThat(records.get(2).key()).isEqualTo("a2");
        assertThat(records.get(2).eventTime()).as("unreadable time: previous record's").isEqualTo(t1);
        assertThat(records.get(3).value()).isEqualTo(badUtf8.toByteArray());
        assertThat(records.get(4).value()).isEqualTo(millis);
        assertThat(records.get(4).key()).isEqualTo("a4");
        assertThat(records.get(4).eventTime()).isEqualTo(Instant.ofEpochMilli(1772323320000L));
        assertThat(records.get(5).value()).isEqualTo(notJson);
        assertThat(records.get(5).key()).isNull();
        assertThat(records.get(5).eventTime()).isEqualTo(Instant.ofEpochMilli(1772323320000L));
    }

    @Test
    void roundTripsGeneratedPostsThroughGzip(@TempDir Path dir) throws IOException {
        PostGenerator.Config config = PostGenerator.Config.defaults().withStart(Instant.parse("2026-03-01T00:00:00Z"))
                .withDuration(Duration.ofMinutes(20)).withMalformedShare(0.01);
        List<FeedRecord> written = new ArrayList<>();
        Path file = dir.resolve("posts.jsonl.gz");
        try (PostGenerator g = new PostGenerator(config);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            while (g.hasNext()) {
                FeedRecord r = g.next();
                written.add(r);
                out.write(r.value());
                out.write('\n');
            }
        }
        List<FeedRecord> read = readAll(file);
        assertThat(read).hasSameSizeAs(written);
        int keyed = 0;
        int timed = 0;
        for (int i = 0; i < read.size(); i++) {
            FeedRecord got = read.get(i);
            assertThat(got.value()).isEqualTo(written.get(i).value());
            if (got.key() != null) {
                keyed++;
                // a truncated record's key is lost, but a key read is always the right one
                assertThat(got.key()).isEqualTo(written.get(i).key());
            }
            if (JsonLinesPostReader.Head.read(got.value()).createdAt != null) {
                timed++;
                assertThat(got.eventTime()).isEqualTo(written.get(i).eventTime());
            } else {
                assertThat(got.eventTime()).as("unreadable time: previous record's").isEqualTo(read.get(i - 1).eventTime());
            }
        }
        assertThat(keyed).isGreaterThan(read.size() * 95 / 100);
        assertThat(timed).isGreaterThan(read.size() * 95 / 100).isLessThan(read.size());
    }
}
