package io.yuqing.radar.local;

import io.yuqing.radar.jobs.archive.ArchiveRows;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.local.sql.ArchiveSql;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive when its TaskManager is lost mid-hour: the enrich and archive jobs run on the one
 * TaskManager, posts of the last 20 minutes stream in, and once half are sent (and the archive has
 * committed files) the TaskManager is shut down and a new one started 10 s later. Both jobs restore
 * from their checkpoints; the hour's partition must then hold every post exactly once, and no
 * in-progress file may be visible. (Profile {@code drills}.)
 */
class ArchiveTaskManagerDrill {
    static final Duration FEED = Duration.ofMinutes(20);
    static final long SPEEDUP = 20;
    static final double KILL_AT = 0.5;
    static final Duration DOWN = Duration.ofSeconds(10);
    static final Duration PATIENCE = Duration.ofMinutes(4);

    @Test
    void thePartitionHoldsEveryPostOnceAfterTheTaskManagerIsLost() throws Exception {
        Path data = Files.createTempDirectory("yuqing-archive-drill");
        Instant start = Instant.now().minus(FEED.plusMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
        Map<String, byte[]> valid = new LinkedHashMap<>();
        Map<String, Integer> expectedPerHour = new TreeMap<>();
        List<FeedRecord> toSend = new ArrayList<>();
        Instant now = Instant.now();
        try (PostGenerator generator = new PostGenerator(PostGenerator.Config.defaults().withSeed(14).withStart(start)
                .withBackgroundPerMinute(100).withMalformedShare(0).withDuration(FEED))) {
            while (generator.hasNext()) {
                FeedRecord r = generator.next();
                Post p = Json.fromBytes(r.value(), Post.class);
                if (StackProbes.acceptable(p, now) && valid.putIfAbsent(p.id(), r.value()) == null) {
                    toSend.add(r);
                    expectedPerHour.merge(ArchiveRows.partition(LocalDateTime.ofInstant(p.createdAt(), Json.CHINA)), 1, Integer::sum);
                }
            }
        }
        Settings settings = Settings.defaults().with("archive.compact-checkpoints", "3");
        CompletableFuture<LocalArchive> hdfs = CompletableFuture.supplyAsync(() -> {
            try {
                return LocalArchive.startHdfs(data, 0, System.out::println);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LocalArchive archive = null;
        try (LocalStack stack = LocalStack.start(StackOptions.forTests(data).withJobs(EnrichJob.NAME), settings)) {
            archive = hdfs.join();
            JobID archiveJob = archive.submit(stack.flink(), stack.settings(), 1, Duration.ofSeconds(2), null);
            List<JobID> jobs = List.of(stack.enrichJob(), archiveJob);
            ArchiveSql sql = new ArchiveSql(archive.uri());
            int sentBefore;
            long archivedBefore;
            try (DrillFeed sender = DrillFeed.paced(stack, toSend, start, SPEEDUP)) {
                TaskManagerFailureDrill.awaitCompletedCheckpoint(stack, archiveJob);
                sender.awaitShare(KILL_AT, Duration.ofMinutes(3));
                sentBefore = sender.sent();
                stack.flink().stopTaskManager();
                // read while no TaskManager runs: what the archive had committed and compacted
                archivedBefore = count(sql, "SELECT COUNT(*) FROM posts");
                System.out.printf("TaskManager stopped after %d of %d posts, %d archived and visible%n",
                        sentBefore, toSend.size(), archivedBefore);
                Thread.sleep(DOWN.toMillis());
                stack.flink().startTaskManager();
                for (JobID job : jobs) {
                    TaskManagerFailureDrill.awaitRestoredAndRunning(stack, job);
                }
                sender.awaitDone(Duration.ofMinutes(3));
            }
            long t0 = System.nanoTime();
            long deadline = t0 + PATIENCE.toNanos();
            long archived = 0;
            while (System.nanoTime() < deadline) {
                archived = count(sql, "SELECT COUNT(*) FROM posts");
                if (archived >= valid.size()) {
                    break;
                }
                Thread.sleep(3000);
            }
            double caughtUp = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> copies = new TreeMap<>();
            for (Object[] r : sql.query("SELECT id, COUNT(*) FROM posts GROUP BY id").rows()) {
                copies.put((String) r[0], (Long) r[1]);
            }
            assertThat(copies.keySet()).as("archived post ids").containsExactlyInAnyOrderElementsOf(valid.keySet());
            assertThat(copies.values()).as("copies of each post").containsOnly(1L);
            Map<String, Integer> perHour = new TreeMap<>();
            for (Object[] r : sql.query("SELECT dt, `hour`, COUNT(*) FROM posts GROUP BY dt, `hour`").rows()) {
                perHour.put("dt=" + r[0] + "/hour=" + r[1], ((Long) r[2]).intValue());
            }
            assertThat(perHour).as("posts per partition").isEqualTo(expectedPerHour);

            org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(archive.uri() + "/posts");
            int visible = 0;
            int hidden = 0;
            for (FileStatus f : files(root.getFileSystem(), root)) {
                String name = f.getPath().getName();
                if (name.startsWith(".")) {
                    hidden++;
                } else {
                    visible++;
                    assertThat(name).as("visible file %s", f.getPath()).endsWith(".parquet").doesNotContain("inprogress");
                }
            }
            Map<String, Integer> restored = new TreeMap<>();
            for (JobID job : jobs) {
                assertThat(stack.flink().status(job)).isEqualTo(JobStatus.RUNNING);
                restored.put(OutageDrillSupport.rest(stack, "/jobs/" + job).path("name").asText(),
                        OutageDrillSupport.rest(stack, "/jobs/" + job + "/checkpoints").path("counts").path("restored").asInt());
            }
            System.out.printf("archive TaskManager drill: %d posts sent (%d before the TaskManager stopped, %d of them archived"
                            + " and visible then), TaskManager down %d s, restored from checkpoint %s; every post archived"
                            + " exactly once %.1f s after the last send, per partition %s; %d visible Parquet files, %d hidden"
                            + " (in progress or awaiting compaction)%n",
                    valid.size(), sentBefore, archivedBefore, DOWN.toSeconds(), restored, caughtUp, perHour, visible, hidden);
            restored.forEach((job, n) -> assertThat(n).as("%s restored from a checkpoint", job).isPositive());
        } finally {
            if (archive != null) {
                archive.close();
            } else {
                hdfs.thenAccept(LocalArchive::close);
            }
            TestDirs.delete(data);
        }
    }

    private static long count(ArchiveSql sql, String q) throws Exception {
        return (Long) sql.query(q).rows().get(0)[0];
    }

    private static List<FileStatus> files(FileSystem fs, org.apache.flink.core.fs.Path dir) throws java.io.IOException {
        List<FileStatus> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus f : fs.listStatus(dir)) {
            if (f.isDir()) {
                out.addAll(files(fs, f.getPath()));
            } else {
                out.add(f);
            }
        }
        return out;
    }
}
