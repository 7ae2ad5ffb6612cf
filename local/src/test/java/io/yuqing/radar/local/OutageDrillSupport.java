package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.servers.ServerProtocol;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.PostsTable;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outage drill on the local stack (fixed ports): posts flow continuously while one server is
 * stopped for 30 s and started again on the same data directory and port. Every valid post sent
 * before, during and after the outage must then be in HBase and in Elasticsearch exactly once (both
 * are keyed by post id, so a duplicate cannot add a row or a document; a loss shows as a missing
 * id), in {@code yuqing.posts.enriched} exactly once (read_committed: there a duplicate would show)
 * and every job must be RUNNING. Whether Flink restarted a job from a checkpoint on the way is
 * reported, not forbidden.
 */
abstract class OutageDrillSupport {
    static final Duration DOWN = Duration.ofSeconds(30);
    static final Duration BEFORE = Duration.ofSeconds(10);
    static final Duration AFTER = Duration.ofSeconds(10);
    static final int POSTS_PER_SECOND = 40;
    static final Duration PATIENCE = Duration.ofSeconds(240);

    /** "kafka", "hbase" or "elasticsearch". */
    abstract String server();

    /** The sink's counter of re-queued writes, proof that the outage really hit it; null if no sink of ours writes there. */
    abstract String retriedCounter();

    /** The jobs the stack runs during the drill. */
    Set<String> jobs() {
        return Set.of(EnrichJob.NAME);
    }

    @Test
    void everyPostSentAroundTheOutageIsStoredExactlyOnceAndTheJobsRun() throws Exception {
        Path data = Files.createTempDirectory("yuqing-" + server() + "-outage");
        StackOptions o = StackOptions.forTests(data);
        StackOptions options = new StackOptions(data, ServerProtocol.freePort(), ServerProtocol.freePort(), ServerProtocol.freePort(), 0, 0, o.apiToken(),
                o.parallelism(), o.checkpointInterval(), o.heaps(), jobs(), o.out());
        // more than the drill needs even if a restart takes minutes; the feed is stopped after AFTER
        List<FeedRecord> posts = new ArrayList<>();
        Instant start = Instant.now();
        for (byte[] p : validPosts(POSTS_PER_SECOND * 400)) {
            posts.add(new FeedRecord(start.plusMillis(posts.size() * 1000L / POSTS_PER_SECOND),
                    Json.fromBytes(p, Post.class).id(), p));
        }
        try (LocalStack stack = LocalStack.start(options, Settings.defaults());
             DrillFeed feed = DrillFeed.paced(stack, posts, start, 1)) {
            Thread.sleep(BEFORE.toMillis());
            int sentBefore = feed.sent();
            long t0 = System.nanoTime();
            Duration restart = stack.restartServer(server(), DOWN);
            double outage = (System.nanoTime() - t0) / 1e9;
            int sentDuring = feed.sent() - sentBefore;
            Thread.sleep(AFTER.toMillis());
            feed.stop();
            feed.awaitDone(PATIENCE);
            Set<String> ids = feed.ackedKeys();
            int sentAfter = ids.size() - sentBefore - sentDuring;
            long back = System.nanoTime();

            awaitCount("HBase rows", () -> StackProbes.hbaseRows(stack), ids.size());
            awaitCount("Elasticsearch documents", () -> StackProbes.esCount(stack), ids.size());
            double caughtUp = (System.nanoTime() - back) / 1e9;

            assertEveryIdInHBase(stack, ids);
            assertEveryIdInElasticsearch(stack, ids);
            String enrichedTopic = stack.enrichConfig().enrichedTopic();
            Map<String, Integer> enriched = CommittedRecords.keyCounts(stack.kafkaBootstrap(), enrichedTopic);
            assertThat(enriched.keySet()).as("posts in %s", enrichedTopic).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(enriched.values()).as("copies of each post in %s", enrichedTopic).containsOnly(1);
            List<String> jobReports = new ArrayList<>();
            for (JobID job : Stream.of(stack.enrichJob(), stack.topicsJob(), stack.alertsJob()).filter(Objects::nonNull).toList()) {
                assertThat(stack.flink().status(job)).as("job %s", job).isEqualTo(JobStatus.RUNNING);
                jobReports.add(jobReport(stack, job));
            }
            afterRecovery(stack);
            String retries = "";
            if (retriedCounter() != null) {
                long retried = metricSum(stack, stack.enrichJob(), retriedCounter());
                assertThat(retried).as("writes the sink re-queued (%s)", retriedCounter()).isPositive();
                retries = retriedCounter() + " = " + retried + "; ";
            }
            System.out.printf("%s outage drill: %d posts sent, acknowledged by Kafka %d before, %d during the %.1f s outage incl. %.1f s restart, %d after;"
                            + " all %d in HBase, Elasticsearch and %s (read_committed) exactly once, %.1f s after the last send;"
                            + " %sjobs RUNNING: %s%n",
                    server(), ids.size(), sentBefore, sentDuring, outage, restart.toMillis() / 1000.0, sentAfter,
                    ids.size(), enrichedTopic, caughtUp, retries, jobReports);
        } finally {
            TestDirs.delete(data);
        }
    }

    /** Further checks of a drill once everything is stored. */
    void afterRecovery(LocalStack stack) throws Exception {
    }

    /** A job's name, restores from checkpoints, failed checkpoints and exceptions, for the drill's report. */
    static String jobReport(LocalStack stack, JobID job) throws Exception {
        String name = rest(stack, "/jobs/" + job).path("name").asText();
        JsonNode counts = rest(stack, "/jobs/" + job + "/checkpoints").path("counts");
        JsonNode exceptions = rest(stack, "/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries");
        List<String> causes = new ArrayList<>();
        exceptions.forEach(e -> causes.add(e.path("exceptionName").asText() + ": "
                + e.path("stacktrace").asText().lines().findFirst().orElse("")));
        return String.format("%s restored from checkpoint %d time(s), checkpoints %d completed / %d failed, %d exception(s) %s",
                name, counts.path("restored").asInt(), counts.path("completed").asInt(), counts.path("failed").asInt(),
                exceptions.size(), causes);
    }

    static List<byte[]> validPosts(int n) throws Exception {
        try (PostGenerator feed = new PostGenerator(PostGenerator.Config.defaults().withSeed(7)
                .withStart(Instant.now().minus(Duration.ofHours(12))).withBackgroundPerMinute(600).withMalformedShare(0))) {
            return new ArrayList<>(StackProbes.validPosts(feed, n, p -> p.text() != null && !p.text().isBlank()).values());
        }
    }

    static void assertEveryIdInHBase(LocalStack stack, Set<String> ids) throws Exception {
        try (Table table = stack.hbase().getTable(TableName.valueOf(stack.enrichConfig().hbase().table()))) {
            List<String> list = new ArrayList<>(ids);
            Result[] results = table.get(list.stream().map(id -> new Get(PostsTable.rowKey(id))).toList());
            for (int i = 0; i < results.length; i++) {
                assertThat(results[i].isEmpty()).as("HBase row for post %s", list.get(i)).isFalse();
            }
        }
    }

    static void assertEveryIdInElasticsearch(LocalStack stack, Set<String> ids) throws Exception {
        ElasticsearchClient es = stack.elasticsearch();
        String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
        List<String> list = new ArrayList<>(ids);
        long found = 0;
        for (int i = 0; i < list.size(); i += 1000) {
            List<String> batch = list.subList(i, Math.min(list.size(), i + 1000));
            found += es.count(c -> c.index(pattern).query(q -> q.ids(x -> x.values(batch)))).count();
        }
        assertThat(found).as("sent post ids found in Elasticsearch").isEqualTo(ids.size());
    }

    /** Waits until {@code count} reaches {@code expected}, then checks that nothing more arrives. */
    static void awaitCount(String what, LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long n = count.getAsLong();
        while (n < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            n = count.getAsLong();
        }
        Thread.sleep(3000);
        assertThat(count.getAsLong()).as(what).isEqualTo(expected);
    }

    /** Sum over every vertex and subtask of the job's metrics whose id ends with {@code name}. */
    static long metricSum(LocalStack stack, JobID jobId, String name) throws Exception {
        String job = "/jobs/" + jobId;
        long sum = 0;
        for (JsonNode v : rest(stack, job).path("vertices")) {
            String vertex = job + "/vertices/" + v.path("id").asText() + "/metrics";
            List<String> wanted = new ArrayList<>();
            for (JsonNode m : rest(stack, vertex)) {
                if (m.path("id").asText().endsWith(name)) {
                    wanted.add(m.path("id").asText());
                }
            }
            if (!wanted.isEmpty()) {
                String get = java.net.URLEncoder.encode(String.join(",", wanted), java.nio.charset.StandardCharsets.UTF_8);
                for (JsonNode m : rest(stack, vertex + "?get=" + get)) {
                    sum += (long) Double.parseDouble(m.path("value").asText("0"));
                }
            }
        }
        return sum;
    }

    static JsonNode rest(LocalStack stack, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.flinkUi() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }
}
