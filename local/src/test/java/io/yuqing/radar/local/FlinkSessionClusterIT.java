package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs on a real Flink session cluster: a JobManager and two TaskManagers, each a JVM of its
 * own with a Flink distribution's classpath and nothing of ours, the jobs submitted as the
 * {@code -Pimage} jobs jar through the REST API (upload, run) as {@code flink run} or the web UI
 * would. The three jobs must run with their subtasks on both TaskManagers, and posts must reach
 * HBase, Elasticsearch and {@code yuqing.posts.enriched} exactly once, also after the enrich job
 * is stopped with a savepoint and run again from it at another parallelism (the CI variant of
 * {@code SessionClusterRescaleDrill}, which rescales every job twice and kills a TaskManager).
 */
class FlinkSessionClusterIT {
    private static final int POSTS = 400;

    @Test
    void theJobsJarRunsOnARealSessionClusterAndPostsFlowToTheStores() throws Exception {
        Path data = Files.createTempDirectory("yuqing-session-cluster");
        // three jobs at parallelism 2 need 6 slots: 3 on each TaskManager, so both take work
        StackOptions options = StackOptions.forTests(data).withFlinkCluster(new FlinkSessionCluster.Size(2, 3, 768));
        try (LocalStack stack = LocalStack.start(options, Settings.defaults())) {
            FlinkSessionCluster cluster = stack.session();
            assertThat(stack.flink()).as("no MiniCluster in this JVM").isNull();

            long self = ProcessHandle.current().pid();
            Set<Long> pids = new HashSet<>();
            pids.add(cluster.jobManager().pid());
            cluster.taskManagers().forEach(tm -> pids.add(tm.pid()));
            assertThat(pids).as("JobManager and TaskManager processes").hasSize(3).doesNotContain(self);
            assertThat(cluster.taskManagers()).allMatch(ServerProcess::isAlive);

            // submitted as a jar: the JobManager lists the upload, and the jobs carry no classpath of ours
            JsonNode jars = cluster.rest("/jars").path("files");
            assertThat(jars).hasSize(1);
            assertThat(jars.get(0).path("name").asText()).isEqualTo("yuqing-jobs.jar");

            Map<String, JobID> jobs = new LinkedHashMap<>();
            jobs.put(EnrichJob.NAME, stack.enrichJob());
            jobs.put(TopicsJob.NAME, stack.topicsJob());
            jobs.put(AlertsJob.NAME, stack.alertsJob());
            for (Map.Entry<String, JobID> j : jobs.entrySet()) {
                assertThat(cluster.status(j.getValue())).as(j.getKey()).isEqualTo(JobStatus.RUNNING);
                assertThat(cluster.rest("/jobs/" + j.getValue()).path("name").asText()).isEqualTo(j.getKey());
            }
            JsonNode tms = cluster.rest("/taskmanagers").path("taskmanagers");
            assertThat(tms).hasSize(2);
            for (JsonNode tm : tms) {
                assertThat(tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt())
                        .as("slots in use on %s", tm.path("id").asText()).isEqualTo(3);
            }

            List<byte[]> posts = OutageDrillSupport.validPosts(2 * POSTS);
            Set<String> ids = new HashSet<>();
            send(stack, posts.subList(0, POSTS), ids);
            long t0 = System.nanoTime();
            OutageDrillSupport.awaitCount("HBase rows", () -> StackProbes.hbaseRows(stack), ids.size());
            OutageDrillSupport.awaitCount("Elasticsearch documents", () -> StackProbes.esCount(stack), ids.size());
            OutageDrillSupport.assertEveryIdInHBase(stack, ids);
            OutageDrillSupport.assertEveryIdInElasticsearch(stack, ids);
            double stored = (System.nanoTime() - t0) / 1e9;
            Map<String, Integer> enriched = CommittedRecords.keyCounts(stack.kafkaBootstrap(), stack.enrichConfig().enrichedTopic());
            assertThat(enriched.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(enriched.values()).containsOnly(1);
            // the topics job reads what the enrich job committed (its consumer group moves)
            for (JobID job : jobs.values()) {
                assertThat(cluster.status(job)).isEqualTo(JobStatus.RUNNING);
            }
            long topicsIn = OutageDrillSupport.metricSum(stack, stack.topicsJob(), "numRecordsIn");

            // the CI variant of the rescale drill: the enrich job stopped with a savepoint at
            // parallelism 2 and run again from it at 1 (flink stop, then flink run -s -p 1); the
            // posts sent while it was down, and after, land exactly once beside the first ones
            int firstBatch = ids.size();
            long s0 = System.nanoTime();
            String savepoint = cluster.stopWithSavepoint(stack.enrichJob(), false, Duration.ofMinutes(3));
            cluster.awaitTerminal(stack.enrichJob(), Duration.ofMinutes(1));
            assertThat(cluster.status(stack.enrichJob())).as("enrich job after flink stop").isEqualTo(JobStatus.FINISHED);
            send(stack, posts.subList(POSTS, POSTS + POSTS / 2), ids);
            JobID rescaled = stack.submitJar(EnrichJob.NAME, 1, savepoint);
            double restarted = (System.nanoTime() - s0) / 1e9;
            assertThat(cluster.rest("/jobs/" + rescaled).path("vertices").findValues("parallelism"))
                    .as("enrich job's operators after the rescale").allMatch(p -> p.asInt() == 1);
            JsonNode restoredFrom = cluster.rest("/jobs/" + rescaled + "/checkpoints").path("latest").path("restored");
            assertThat(restoredFrom.path("is_savepoint").asBoolean()).as("restored from a savepoint: %s", restoredFrom).isTrue();
            send(stack, posts.subList(POSTS + POSTS / 2, 2 * POSTS), ids);
            OutageDrillSupport.awaitCount("HBase rows", () -> StackProbes.hbaseRows(stack), ids.size());
            OutageDrillSupport.awaitCount("Elasticsearch documents", () -> StackProbes.esCount(stack), ids.size());
            OutageDrillSupport.assertEveryIdInHBase(stack, ids);
            OutageDrillSupport.assertEveryIdInElasticsearch(stack, ids);
            Map<String, Integer> afterRescale = CommittedRecords.keyCounts(stack.kafkaBootstrap(), stack.enrichConfig().enrichedTopic());
            assertThat(afterRescale.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(afterRescale.values()).as("each post once in %s across the rescale", stack.enrichConfig().enrichedTopic())
                    .containsOnly(1);
            assertThat(topicsIn).as("records into the topics job's operators").isPositive();
            System.out.printf("session cluster: JobManager pid %d, TaskManagers %s; %d posts in HBase, Elasticsearch and %s"
                            + " exactly once %.1f s after the last send; topics job operators took %d records%n",
                    cluster.jobManager().pid(), cluster.taskManagers().stream().map(ServerProcess::pid).toList(), firstBatch,
                    stack.enrichConfig().enrichedTopic(), stored, topicsIn);
            System.out.printf("rescale: enrich job stopped with a savepoint at parallelism 2 and running at 1 again %.1f s later;"
                    + " %d posts exactly once in HBase, Elasticsearch and %s%n", restarted, ids.size(),
                    stack.enrichConfig().enrichedTopic());
        } finally {
            TestDirs.delete(data);
        }
    }

    private static void send(LocalStack stack, List<byte[]> posts, Set<String> ids) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (byte[] p : posts) {
                String id = Json.fromBytes(p, Post.class).id();
                ids.add(id);
                acks.add(producer.send(new ProducerRecord<>(stack.enrichConfig().rawTopic(), id, p)));
            }
            for (var a : acks) {
                a.get();
            }
        }
    }
}
