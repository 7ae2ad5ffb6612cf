package io.yuqing.radar.local.feed;

import io.yuqing.radar.local.SharedData;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs on the real CED export in ../shared/data; skipped when it is absent (a fresh clone). */
class CedPostReaderTest {
    private static Path posts;

    @BeforeAll
    static void locate() {
        posts = SharedData.cedPosts().orElse(null);
        assumeTrue(posts != null, "../shared/data/ced/posts.tsv.gz not found: skipping CED reader tests");
    }

    /** Rows of the file as plain reading sees them, header excluded. */
    private static long fileRows() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(posts), 1 << 16), StandardCharsets.UTF_8))) {
            return in.lines().count() - 1;
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    @Test
    void mergedModeSendsEveryRowInTimeOrder() throws IOException {
        long before = usedHeapAfterGc();
        long maxDuring = 0;
        long count = 0;
        long reposts = 0;
        long withText = 0;
        Instant previous = Instant.MIN;
        Instant first = null;
        long t0 = System.nanoTime();
        try (CedPostReader reader = CedPostReader.open(posts.getParent(), CedPostReader.Options.merged())) {
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            long afterLoad = usedHeapAfterGc() - before;
            CedPostReader.Stats stats = reader.stats();
            while (reader.hasNext()) {
                FeedRecord r = reader.next();
                count++;
                assertThat(r.eventTime()).isAfterOrEqualTo(previous);
                previous = r.eventTime();
                if (first == null) {
                    first = r.eventTime();
                }
                assertThat(r.key()).isNotBlank();
                if (count % 200_000 == 0) {
                    maxDuring = Math.max(maxDuring, usedHeapAfterGc() - before);
                }
                if (count % 97 == 0 || count < 1000) {
                    // parse a sample: the full file through Jackson would double the test's time
                    Post p = Json.fromBytes(r.value(), Post.class);
                    assertThat(p.id()).isEqualTo(r.key());
                    assertThat(p.platform()).isEqualTo(Platform.WEIBO);
                    assertThat(p.createdAt()).isEqualTo(r.eventTime());
                    assertThat(p.author()).isNotNull();
                    assertThat(p.author().name()).isNull();
                    if (p.repostOf() != null) {
                        reposts++;
                        assertThat(p.repostText()).isNotNull();
                    }
                    if (!p.text().isEmpty()) {
                        withText++;
                    }
                }
            }
            assertThat(count).isEqualTo(fileRows()).isEqualTo(stats.rows());
            assertThat(stats.events()).isGreaterThan(1000);
            assertThat(stats.yearInferred()).as("yearless repost times get a year").isPositive();
            assertThat(stats.timeUnreadable()).isZero();
            assertThat(stats.spilledRuns()).isGreaterThan(1);
            assertThat(first).isBefore(Instant.parse("2012-01-01T00:00:00Z"));
            assertThat(reposts).isGreaterThan(withText / 4);
            System.out.printf("CED merged: %,d rows, %d events, %d years inferred, %d runs, load %d ms, "
                            + "heap retained after load %.1f MB, max during read %.1f MB, total %d ms%n",
                    count, stats.events(), stats.yearInferred(), stats.spilledRuns(), loadMs,
                    afterLoad / 1e6, maxDuring / 1e6, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Test
    void composedModeStaggersEventsFromTheStart() throws IOException {
        Instant start = Instant.parse("2026-03-01T08:00:00Z");
        Duration spacing = Duration.ofMinutes(5);
        List<Instant> sourceTimes = new ArrayList<>();
        java.util.Set<String> sourceIds = new java.util.HashSet<>();
        List<String> repostTargets = new ArrayList<>();
        long count = 0;
        long plainReposts = 0;
        Instant previous = Instant.MIN;
        try (CedPostReader reader = CedPostReader.open(posts.getParent(),
                CedPostReader.Options.composed(start, spacing).withMaxEvents(30))) {
            assertThat(reader.stats().events()).isEqualTo(30);
            while (reader.hasNext()) {
                FeedRecord r = reader.next();
                count++;
                assertThat(r.eventTime()).isAfterOrEqualTo(previous);
                previous = r.eventTime();
                Post p = Json.fromBytes(r.value(), Post.class);
                if (p.repostOf() == null) {
                    sourceTimes.add(p.createdAt());
                    sourceIds.add(p.id());
                } else {
                    repostTargets.add(p.repostOf());
                    assertThat(p.repostText()).isNotBlank();
                    if (p.isPlainRepost()) {
                        plainReposts++;
                    }
                }
            }
            assertThat(count).isEqualTo(reader.stats().rows());
        }
        assertThat(sourceTimes).hasSize(30);
        List<Instant> expected = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            expected.add(start.plus(spacing.multipliedBy(k)));
        }
        assertThat(sourceTimes).containsExactlyElementsOf(expected);
        assertThat(plainReposts).isPositive();
        // like Weibo's retweeted_status, a repost names the root of its cascade, never an intermediate repost
        assertThat(sourceIds).containsAll(repostTargets);
    }

    @Test
    void spillingGivesTheSameStreamAsSortingInMemory(@TempDir Path temp) throws IOException {
        CedPostReader.Options opts = CedPostReader.Options.merged().withMaxEvents(40).withTempDir(temp);
        List<FeedRecord> inMemory = new ArrayList<>();
        try (CedPostReader r = CedPostReader.open(posts, opts.withRunSize(Integer.MAX_VALUE))) {
            assertThat(r.stats().spilledRuns()).isZero();
            r.forEachRemaining(inMemory::add);
        }
        try (CedPostReader r = CedPostReader.open(posts, opts.withRunSize(997))) {
            assertThat(r.stats().spilledRuns()).isGreaterThan(3);
            int i = 0;
            while (r.hasNext()) {
                FeedRecord rec = r.next();
                assertThat(rec.key()).isEqualTo(inMemory.get(i).key());
                assertThat(rec.value()).isEqualTo(inMemory.get(i).value());
                i++;
            }
            assertThat(i).isEqualTo(inMemory.size());
        }
        try (var left = Files.list(temp)) {
            assertThat(left).as("temp runs deleted on close").isEmpty();
        }
    }
}
