package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.local.feed.EventKind;
import io.yuqing.radar.local.feed.EventPlan;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rescaling drill on the real session cluster (profile {@code drills}): mid-stream every job is
 * stopped with a savepoint at parallelism 2 and submitted again from it at 4, later at 1, as an
 * operator scales with {@code flink stop} and {@code flink run -s}; then the TaskManager holding
 * most of the work is killed with SIGKILL and a new one started. Across all of it: every post
 * exactly once in HBase, Elasticsearch and {@code yuqing.posts.enriched}; every topic live at a
 * rescale carries on under its id and none is founded again; {@code yuqing.alerts} numbers each
 * topic's reports 1..n with no gap or duplicate.
 */
class SessionClusterRescaleDrill {
    static final Duration FEED = Duration.ofMinutes(80);
    /** 80 minutes of event time in 200 s: room for two rescales and a kill while posts flow. */
    static final long SPEEDUP = 24;
    static final Duration QUIET = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void rescaledFromSavepointsAndATaskManagerKilledNothingIsLostOrDuplicated() throws Exception {
        Path data = Files.createTempDirectory("yuqing-rescale");
        Instant start = Instant.now().minus(FEED.plusMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
        List<FeedRecord> toSend = new ArrayList<>();
        Map<String, byte[]> valid = new LinkedHashMap<>();
        try (PostGenerator generator = new PostGenerator(PostGenerator.Config.defaults().withSeed(11).withStart(start)
                .withBackgroundPerMinute(25).withMalformedShare(0).withDuration(FEED)
                .withEvents(List.of(
                        new EventPlan(EventKind.FOOD_SAFETY, null, Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(20), 40),
                        new EventPlan(EventKind.OWNERS_PROTEST, null, Duration.ofMinutes(38), Duration.ofMinutes(10), Duration.ofMinutes(20), 40))))) {
            Instant now = Instant.now();
            while (generator.hasNext()) {
                FeedRecord r = generator.next();
                Post p = Json.fromBytes(r.value(), Post.class);
                if (StackProbes.acceptable(p, now) && valid.putIfAbsent(p.id(), r.value()) == null) {
                    toSend.add(r);
                }
            }
        }

        Settings settings = Settings.defaults().with("topics.warmup", "PT20M").with("topics.out-of-orderness", "PT5M");
        // three jobs at parallelism 4 need 12 slots
        StackOptions options = StackOptions.forTests(data).withFlinkCluster(new FlinkSessionCluster.Size(2, 6, 768));
        try (LocalStack stack = LocalStack.start(options, settings);
             DrillFeed sender = DrillFeed.paced(stack, toSend, start, SPEEDUP)) {
            FlinkSessionCluster cluster = stack.session();
            List<String> report = new ArrayList<>();
            List<Map<Integer, Long>> topicsCut = new ArrayList<>();

            // once the first topics are out, so that the topic stage's state is what is rescaled
            sender.awaitShare(0.45, Duration.ofMinutes(5));
            long firstTopicDeadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (CommittedRecords.read(stack.kafkaBootstrap(), stack.topicsConfig().topicsTopic(), Duration.ZERO).isEmpty()) {
                assertThat(System.nanoTime()).as("a first topic snapshot").isLessThan(firstTopicDeadline);
                Thread.sleep(1000);
            }
            for (JobID job : jobs(stack).values()) {
                TaskManagerFailureDrill.awaitCompletedCheckpoint(stack, job);
            }
            report.add(rescale(stack, 2, 4, sender, topicsCut));

            sender.awaitShare(0.7, Duration.ofMinutes(5));
            for (JobID job : jobs(stack).values()) {
                TaskManagerFailureDrill.awaitCompletedCheckpoint(stack, job);
            }
            report.add(rescale(stack, 4, 1, sender, topicsCut));

            // the TaskManager with most slots in use goes, without a chance to shut anything down
            sender.awaitShare(0.85, Duration.ofMinutes(5));
            for (JobID job : jobs(stack).values()) {
                TaskManagerFailureDrill.awaitCompletedCheckpoint(stack, job);
            }
            Map<JobID, Integer> restoredBefore = new HashMap<>();
            for (JobID job : jobs(stack).values()) {
                restoredBefore.put(job, restored(stack, job));
            }
            int victim = busiestTaskManager(cluster);
            int sentBefore = sender.sent();
            long pid = cluster.taskManagers().get(victim).pid();
            cluster.killTaskManager(victim);
            long killed = System.nanoTime();
            Thread.sleep(5_000);
            cluster.restartTaskManager(victim);
            // the JobManager notices the loss by lost connections or, at worst, the 15 s heartbeat timeout
            int recoveredJobs = 0;
            long deadline = killed + Duration.ofMinutes(4).toNanos();
            while (true) {
                recoveredJobs = 0;
                boolean allRunning = true;
                for (JobID job : jobs(stack).values()) {
                    if (restored(stack, job) > restoredBefore.get(job)) {
                        recoveredJobs++;
                    }
                    allRunning &= isAllRunning(cluster, job);
                }
                if (recoveredJobs > 0 && allRunning && System.nanoTime() - killed > Duration.ofSeconds(20).toNanos()) {
                    break;
                }
                assertThat(System.nanoTime()).as("jobs restored after the kill and running").isLessThan(deadline);
                Thread.sleep(500);
            }
            report.add(String.format("TaskManager %d (pid %d) killed with SIGKILL after %d posts, a new one started 5 s later;"
                            + " %d job(s) restored from a checkpoint, all RUNNING %.1f s after the kill",
                    victim + 1, pid, sentBefore, recoveredJobs, (System.nanoTime() - killed) / 1e9));
            assertThat(recoveredJobs).as("jobs that had tasks on the killed TaskManager and restored").isPositive();

            sender.awaitDone(Duration.ofMinutes(4));
            long drained = System.nanoTime();
            OutageDrillSupport.awaitCount("HBase rows", () -> StackProbes.hbaseRows(stack), valid.size());
            OutageDrillSupport.awaitCount("Elasticsearch documents", () -> StackProbes.esCount(stack), valid.size());
            OutageDrillSupport.assertEveryIdInHBase(stack, valid.keySet());
            OutageDrillSupport.assertEveryIdInElasticsearch(stack, valid.keySet());
            double caughtUp = (System.nanoTime() - drained) / 1e9;
            Map<String, Integer> enriched = CommittedRecords.keyCounts(stack.kafkaBootstrap(), stack.enrichConfig().enrichedTopic());
            assertThat(enriched.keySet()).as("posts in %s", stack.enrichConfig().enrichedTopic())
                    .containsExactlyInAnyOrderElementsOf(valid.keySet());
            assertThat(enriched.values()).as("copies of each post in %s", stack.enrichConfig().enrichedTopic()).containsOnly(1);

            List<Alert> alerts = AlertLog.read(stack, QUIET);
            Map<String, List<Integer>> seqs = AlertLog.assertNoDuplicateOrGap(alerts);
            assertThat(alerts).as("alerts").isNotEmpty();

            String topicsReport = assertTopicsCarriedOn(stack, topicsCut);
            for (JobID job : jobs(stack).values()) {
                assertThat(cluster.status(job)).isEqualTo(JobStatus.RUNNING);
            }
            System.out.printf("rescale drill: %d valid posts sent; %s; all %d posts in HBase, Elasticsearch and %s"
                            + " (read_committed) exactly once %.1f s after the last send; %s; %d alerts for %d topics,"
                            + " report_seq 1..n per topic without duplicate or gap %s%n",
                    valid.size(), String.join("; ", report), valid.size(), stack.enrichConfig().enrichedTopic(), caughtUp,
                    topicsReport, alerts.size(), seqs.size(), seqs);
        } finally {
            TestDirs.delete(data);
        }
    }

    private static Map<String, JobID> jobs(LocalStack stack) {
        Map<String, JobID> jobs = new LinkedHashMap<>();
        jobs.put(EnrichJob.NAME, stack.enrichJob());
        jobs.put(TopicsJob.NAME, stack.topicsJob());
        jobs.put(AlertsJob.NAME, stack.alertsJob());
        return jobs;
    }

    /**
     * {@code flink stop} of every job (a savepoint, its Kafka transactions committed), then
     * {@code flink run -s} of each at the new parallelism. Notes where {@code yuqing.topics}
     * stood between the two, to tell snapshots before the rescale from those after it.
     */
    private static String rescale(LocalStack stack, int from, int to, DrillFeed sender,
                                  List<Map<Integer, Long>> topicsCut) throws Exception {
        FlinkSessionCluster cluster = stack.session();
        int sent = sender.sent();
        long t0 = System.nanoTime();
        Map<String, String> savepoints = new LinkedHashMap<>();
        for (Map.Entry<String, JobID> j : jobs(stack).entrySet()) {
            assertThat(cluster.rest("/jobs/" + j.getValue()).path("vertices").findValues("parallelism"))
                    .as("%s before the rescale", j.getKey()).anyMatch(p -> p.asInt() == from);
            savepoints.put(j.getKey(), cluster.stopWithSavepoint(j.getValue(), false, STOP_TIMEOUT));
        }
        double stopped = (System.nanoTime() - t0) / 1e9;
        topicsCut.add(endOffsets(stack));
        // submitted side by side, as an operator's script would: each main runs in the JobManager
        Map<String, java.util.concurrent.CompletableFuture<JobID>> submitted = new LinkedHashMap<>();
        for (Map.Entry<String, String> s : savepoints.entrySet()) {
            submitted.put(s.getKey(), java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return stack.submitJar(s.getKey(), to, s.getValue());
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        for (Map.Entry<String, java.util.concurrent.CompletableFuture<JobID>> s : submitted.entrySet()) {
            JsonNode vertices = cluster.rest("/jobs/" + s.getValue().join()).path("vertices");
            assertThat(vertices.findValues("parallelism")).as("%s after the rescale", s.getKey())
                    .anyMatch(p -> p.asInt() == to);
        }
        return String.format("parallelism %d → %d after %d posts: 3 savepoints in %.1f s, all RUNNING again %.1f s after the first stop",
                from, to, sent, stopped, (System.nanoTime() - t0) / 1e9);
    }

    private static Map<Integer, Long> endOffsets(LocalStack stack) {
        Map<Integer, Long> end = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : CommittedRecords.read(stack.kafkaBootstrap(),
                stack.topicsConfig().topicsTopic(), Duration.ZERO)) {
            end.merge(r.partition(), r.offset() + 1, Math::max);
        }
        return end;
    }

    /**
     * A topic live when the jobs stopped has snapshots under the same id after the restore, and no
     * topic founded after a restore tells a story (by its title) that a topic before it told.
     */
    private static String assertTopicsCarriedOn(LocalStack stack, List<Map<Integer, Long>> cuts) {
        List<ConsumerRecord<String, byte[]>> all = CommittedRecords.read(stack.kafkaBootstrap(),
                stack.topicsConfig().topicsTopic(), Duration.ZERO);
        List<String> lines = new ArrayList<>();
        int liveAtSomeRescale = 0;
        for (int i = 0; i < cuts.size(); i++) {
            Map<Integer, Long> cut = cuts.get(i);
            Map<String, TopicSnapshot> lastBefore = new LinkedHashMap<>();
            Set<String> titlesBefore = new HashSet<>();
            Set<String> idsAfter = new HashSet<>();
            Map<String, String> newAfter = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> r : all) {
                TopicSnapshot s = Json.fromBytes(r.value(), TopicSnapshot.class);
                if (r.offset() < cut.getOrDefault(r.partition(), 0L)) {
                    lastBefore.put(s.topicId(), s);
                    titlesBefore.add(s.title());
                } else {
                    idsAfter.add(s.topicId());
                }
            }
            for (ConsumerRecord<String, byte[]> r : all) {
                TopicSnapshot s = Json.fromBytes(r.value(), TopicSnapshot.class);
                if (r.offset() >= cut.getOrDefault(r.partition(), 0L) && !lastBefore.containsKey(s.topicId())) {
                    newAfter.putIfAbsent(s.topicId(), s.title());
                }
            }
            List<String> live = lastBefore.values().stream().filter(s -> s.lifecycle() != Lifecycle.ENDED)
                    .map(TopicSnapshot::topicId).toList();
            assertThat(idsAfter).as("topics live at rescale %d carry on under their ids", i + 1).containsAll(live);
            liveAtSomeRescale += live.size();
            assertThat(newAfter.values()).as("topics founded after rescale %d that a topic before it already told", i + 1)
                    .noneMatch(titlesBefore::contains);
            lines.add(String.format("rescale %d: %d topics before (%d live, all continued under their ids), %d founded after %s",
                    i + 1, lastBefore.size(), live.size(), newAfter.size(), newAfter.values()));
        }
        assertThat(liveAtSomeRescale).as("topics live at a rescale (else the check above proves nothing)").isPositive();
        return String.join("; ", lines);
    }

    private static int busiestTaskManager(FlinkSessionCluster cluster) throws Exception {
        int best = 0;
        int bestUsed = -1;
        JsonNode tms = cluster.rest("/taskmanagers").path("taskmanagers");
        for (int i = 0; i < cluster.taskManagers().size(); i++) {
            String id = "taskmanager-" + (i + 1);
            for (JsonNode tm : tms) {
                int used = tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt();
                if (id.equals(tm.path("id").asText()) && used > bestUsed) {
                    best = i;
                    bestUsed = used;
                }
            }
        }
        return best;
    }

    private static int restored(LocalStack stack, JobID job) throws Exception {
        return OutageDrillSupport.rest(stack, "/jobs/" + job + "/checkpoints").path("counts").path("restored").asInt();
    }

    private static boolean isAllRunning(FlinkSessionCluster cluster, JobID job) throws Exception {
        JsonNode j = cluster.rest("/jobs/" + job);
        boolean all = "RUNNING".equals(j.path("state").asText());
        for (JsonNode v : j.path("vertices")) {
            all &= "RUNNING".equals(v.path("status").asText());
        }
        return all;
    }
}
