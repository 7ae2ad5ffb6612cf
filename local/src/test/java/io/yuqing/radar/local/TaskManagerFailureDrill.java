package io.yuqing.radar.local;

import io.yuqing.radar.local.feed.EventKind;
import io.yuqing.radar.local.feed.EventPlan;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure drill (profile {@code drills}): the TaskManager that runs all three jobs (enrich, topics,
 * alerts) is shut down mid-stream and a new one started, as when a TaskManager pod dies and
 * Kubernetes replaces it. Every job must restore from its last checkpoint and carry on; afterwards
 * HBase and Elasticsearch hold exactly the valid posts sent, and {@code yuqing.alerts}
 * (read_committed) holds, per topic, reports 1..n with no duplicate and no gap.
 */
class TaskManagerFailureDrill {
    /** 80 minutes of event time in 40 s, two planted events: enough for topics and alerts of several levels. */
    static final Duration FEED = Duration.ofMinutes(80);
    static final long SPEEDUP = 120;
    /** Share of the feed sent before the TaskManager goes (minute 48 of 80): both events still running. */
    static final double KILL_AT = 0.6;
    /** How long no TaskManager runs: 20 minutes of event time pile up in the raw topic meanwhile. */
    static final Duration DOWN = Duration.ofSeconds(10);
    /** Alerts are complete once none has come for this long. */
    static final Duration QUIET = Duration.ofSeconds(30);

    @Test
    void jobsRestoreFromCheckpointsAndNothingIsLostOrDuplicated() throws Exception {
        Path data = Files.createTempDirectory("yuqing-tm-failure");
        Instant start = Instant.now().minus(FEED.plusMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
        List<FeedRecord> feed = new ArrayList<>();
        try (PostGenerator generator = new PostGenerator(PostGenerator.Config.defaults().withSeed(11).withStart(start)
                .withBackgroundPerMinute(25).withMalformedShare(0).withDuration(FEED)
                .withEvents(List.of(
                        new EventPlan(EventKind.FOOD_SAFETY, null, Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(20), 40),
                        new EventPlan(EventKind.OWNERS_PROTEST, null, Duration.ofMinutes(38), Duration.ofMinutes(10), Duration.ofMinutes(20), 40))))) {
            generator.plantedEvents().forEach(e -> System.out.println("planted: " + e));
            while (generator.hasNext()) {
                feed.add(generator.next());
            }
        }
        // only what the contract accepts, so "stored" can be compared with "sent" id by id
        Instant now = Instant.now();
        Map<String, byte[]> valid = new LinkedHashMap<>();
        List<FeedRecord> toSend = new ArrayList<>();
        for (FeedRecord r : feed) {
            Post p = Json.fromBytes(r.value(), Post.class);
            if (StackProbes.acceptable(p, now) && valid.putIfAbsent(p.id(), r.value()) == null) {
                toSend.add(r);
            }
        }

        // like TopicsJobIT: at 120x, a second of drift between enrich subtasks is two minutes of event time
        Settings settings = Settings.defaults().with("topics.warmup", "PT20M").with("topics.out-of-orderness", "PT5M");
        try (LocalStack stack = LocalStack.start(StackOptions.forTests(data), settings);
             DrillFeed sender = DrillFeed.paced(stack, toSend, start, SPEEDUP)) {
            List<JobID> jobs = List.of(stack.enrichJob(), stack.topicsJob(), stack.alertsJob());
            sender.awaitShare(KILL_AT, Duration.ofMinutes(3));
            for (JobID job : jobs) {
                awaitCompletedCheckpoint(stack, job);
            }
            // mid-stream for the alerts too: some reports out, more to come (the events still run)
            int alertsBefore = awaitFirstAlerts(stack);
            int sentBefore = sender.sent();
            long t0 = System.nanoTime();
            stack.flink().stopTaskManager();
            double stopped = seconds(t0);
            System.out.printf("TaskManager stopped after %d of %d posts (%.1f s to stop); %d alert(s) committed so far%n",
                    sentBefore, toSend.size(), stopped, alertsBefore);
            Thread.sleep(DOWN.toMillis());
            stack.flink().startTaskManager();
            long restarted = System.nanoTime();
            for (JobID job : jobs) {
                awaitRestoredAndRunning(stack, job);
            }
            double recovered = seconds(restarted);
            sender.awaitDone(Duration.ofMinutes(3));
            long drained = System.nanoTime();

            OutageDrillSupport.awaitCount("HBase rows", () -> StackProbes.hbaseRows(stack), valid.size());
            OutageDrillSupport.awaitCount("Elasticsearch documents", () -> StackProbes.esCount(stack), valid.size());
            OutageDrillSupport.assertEveryIdInHBase(stack, valid.keySet());
            OutageDrillSupport.assertEveryIdInElasticsearch(stack, valid.keySet());
            double caughtUp = seconds(drained);
            // the enrich job's transactional output: what the topics job read, each post exactly once
            Map<String, Integer> enriched = CommittedRecords.keyCounts(stack.kafkaBootstrap(), stack.enrichConfig().enrichedTopic());
            assertThat(enriched.keySet()).as("posts in %s", stack.enrichConfig().enrichedTopic())
                    .containsExactlyInAnyOrderElementsOf(valid.keySet());
            assertThat(enriched.values()).as("copies of each post in %s", stack.enrichConfig().enrichedTopic())
                    .containsOnly(1);

            List<Alert> alerts = AlertLog.read(stack, QUIET);
            Map<String, List<Integer>> seqs = AlertLog.assertNoDuplicateOrGap(alerts);
            assertThat(alerts.size()).as("alerts, all told").isGreaterThan(alertsBefore);
            assertThat(AlertLog.awaitEsAlertIds(stack, alerts.size())).as("alert documents in Elasticsearch")
                    .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::alertId).toList());

            Map<String, Integer> restored = new TreeMap<>();
            for (JobID job : jobs) {
                assertThat(stack.flink().status(job)).isEqualTo(JobStatus.RUNNING);
                restored.put(OutageDrillSupport.rest(stack, "/jobs/" + job).path("name").asText(),
                        OutageDrillSupport.rest(stack, "/jobs/" + job + "/checkpoints").path("counts").path("restored").asInt());
            }
            Map<String, Long> byLevel = new TreeMap<>();
            alerts.forEach(a -> byLevel.merge(a.level().json(), 1L, Long::sum));
            System.out.printf("TaskManager failure drill: %d valid posts sent (%d before the TaskManager stopped), TaskManager down %d s;"
                            + " all jobs RUNNING again %.1f s after the new TaskManager started, restored from checkpoint %s;"
                            + " all %d posts in HBase, Elasticsearch and %s (read_committed) exactly once %.1f s after the last send;"
                            + " %d alerts (read_committed; %d before the failure) for %d topics, by level %s, report_seq 1..n per topic"
                            + " without duplicate or gap %s; the same %d in Elasticsearch%n",
                    valid.size(), sentBefore, DOWN.toSeconds(), recovered, restored, valid.size(), stack.enrichConfig().enrichedTopic(), caughtUp,
                    alerts.size(), alertsBefore, seqs.size(), byLevel, seqs, alerts.size());
            restored.forEach((job, n) -> assertThat(n).as("%s restored from a checkpoint", job).isPositive());
        } finally {
            TestDirs.delete(data);
        }
    }

    /** The number of committed alerts once there is at least one (under load they lag the feed). */
    static int awaitFirstAlerts(LocalStack stack) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            int n = AlertLog.read(stack, Duration.ZERO).size();
            if (n > 0) {
                return n;
            }
            assertThat(System.nanoTime()).as("a first alert").isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    static void awaitCompletedCheckpoint(LocalStack stack, JobID job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (OutageDrillSupport.rest(stack, "/jobs/" + job + "/checkpoints").path("counts").path("completed").asInt() == 0) {
            assertThat(System.nanoTime()).as("a completed checkpoint of %s", job).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** RUNNING with every task running, after a restore from a checkpoint. */
    static void awaitRestoredAndRunning(LocalStack stack, JobID job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            var counts = OutageDrillSupport.rest(stack, "/jobs/" + job + "/checkpoints").path("counts");
            var detail = OutageDrillSupport.rest(stack, "/jobs/" + job);
            boolean allRunning = true;
            for (var v : detail.path("vertices")) {
                allRunning &= "RUNNING".equals(v.path("status").asText());
            }
            if (counts.path("restored").asInt() > 0 && allRunning && "RUNNING".equals(detail.path("state").asText())) {
                return;
            }
            assertThat(System.nanoTime()).as("job %s restored and running", job).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
