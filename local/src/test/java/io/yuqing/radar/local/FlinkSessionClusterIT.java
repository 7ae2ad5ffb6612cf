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
 * HBase, Elasticsearch and {@code yuqing.posts.enriched} exactly once.
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

            List<byte[]> posts = OutageDrillSupport.validPosts(POSTS);
            Set<String> ids = new HashSet<>();
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
            assertThat(topicsIn).as("records into the topics job's operators").isPositive();
            System.out.printf("session cluster: JobManager pid %d, TaskManagers %s; %d posts in HBase, Elasticsearch and %s"
                            + " exactly once %.1f s after the last send; topics job operators took %d records%n",
                    cluster.jobManager().pid(), cluster.taskManagers().stream().map(ServerProcess::pid).toList(), ids.size(),
                    stack.enrichConfig().enrichedTopic(), stored, topicsIn);
        } finally {
            TestDirs.delete(data);
        }
    }
}
