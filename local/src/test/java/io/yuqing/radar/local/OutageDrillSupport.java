package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.servers.ServerProtocol;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.PostsTable;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobStatus;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store outage drill on the local stack (enrich job only, fixed ports): posts flow continuously
 * while one store is stopped for 30 s and started again on the same data directory and port.
 * Every valid post sent before, during and after the outage must then be in HBase and in
 * Elasticsearch exactly once (both are keyed by post id, so a duplicate cannot add a row or a
 * document; a loss shows as a missing id) and the job must be RUNNING. Whether Flink restarted the
 * job from a checkpoint on the way is reported, not forbidden.
 */
abstract class OutageDrillSupport {
    static final Duration DOWN = Duration.ofSeconds(30);
    static final Duration BEFORE = Duration.ofSeconds(10);
    static final Duration AFTER = Duration.ofSeconds(10);
    static final int POSTS_PER_SECOND = 40;
    static final Duration PATIENCE = Duration.ofSeconds(240);

    /** "hbase" or "elasticsearch". */
    abstract String server();

    /** The sink's counter of re-queued writes: proof that the outage really hit the sink. */
    abstract String retriedCounter();

    @Test
    void everyPostSentAroundTheOutageIsStoredExactlyOnceAndTheJobRuns() throws Exception {
        Path data = Files.createTempDirectory("yuqing-" + server() + "-outage");
        StackOptions o = StackOptions.forTests(data);
        StackOptions options = new StackOptions(data, ServerProtocol.freePort(), ServerProtocol.freePort(), ServerProtocol.freePort(), 0, 0, o.apiToken(),
                o.parallelism(), o.checkpointInterval(), o.heaps(), Set.of(EnrichJob.NAME), o.out());
        List<byte[]> posts = validPosts(POSTS_PER_SECOND * 200);
        try (LocalStack stack = LocalStack.start(options, Settings.defaults());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            String raw = stack.enrichConfig().rawTopic();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread sender = new Thread(() -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < posts.size() && !stop.get(); i++) {
                    byte[] p = posts.get(i);
                    String id = Json.fromBytes(p, Post.class).id();
                    producer.send(new ProducerRecord<>(raw, id, p), (md, ex) -> {
                        if (ex == null) {
                            acked.add(id);
                        } else {
                            sendFailure.set(ex);
                        }
                    });
                    long due = t0 + (i + 1) * 1_000_000_000L / POSTS_PER_SECOND;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "outage-drill-sender");
            sender.start();

            Thread.sleep(BEFORE.toMillis());
            int sentBefore = acked.size();
            long t0 = System.nanoTime();
            Duration restart = stack.restartServer(server(), DOWN);
            double outage = (System.nanoTime() - t0) / 1e9;
            int sentDuring = acked.size() - sentBefore;
            Thread.sleep(AFTER.toMillis());
            stop.set(true);
            sender.join();
            producer.flush();
            assertThat(sendFailure.get()).as("sending to Kafka").isNull();
            int sentAfter = acked.size() - sentBefore - sentDuring;
            long back = System.nanoTime();

            Set<String> ids = new HashSet<>(acked);
            awaitCount("HBase rows", () -> StackProbes.hbaseRows(stack), ids.size());
            awaitCount("Elasticsearch documents", () -> StackProbes.esCount(stack), ids.size());
            double caughtUp = (System.nanoTime() - back) / 1e9;

            assertEveryIdInHBase(stack, ids);
            assertEveryIdInElasticsearch(stack, ids);
            assertThat(stack.flink().status(stack.enrichJob())).isEqualTo(JobStatus.RUNNING);
            long retried = metricSum(stack, retriedCounter());
            assertThat(retried).as("writes the sink re-queued (%s)", retriedCounter()).isPositive();
            JsonNode counts = rest(stack, "/jobs/" + stack.enrichJob() + "/checkpoints").path("counts");
            JsonNode exceptions = rest(stack, "/jobs/" + stack.enrichJob() + "/exceptions").path("exceptionHistory").path("entries");
            for (JsonNode c : rest(stack, "/jobs/" + stack.enrichJob() + "/checkpoints").path("history")) {
                if (!"COMPLETED".equals(c.path("status").asText())) {
                    System.out.println(server() + " outage drill: checkpoint " + c.path("id") + " "
                            + c.path("status").asText() + ": " + c.path("failure_message").asText());
                }
            }
            List<String> causes = new ArrayList<>();
            exceptions.forEach(e -> causes.add(e.path("exceptionName").asText() + ": "
                    + e.path("stacktrace").asText().lines().findFirst().orElse("")));
            System.out.printf("%s outage drill: %d posts sent (%d before, %d during the %.1f s outage incl. %.1f s restart, %d after);"
                            + " all %d in HBase and Elasticsearch exactly once, %.1f s after the last send; job RUNNING; %s = %d;"
                            + " restored from checkpoint %d time(s); checkpoints %s; job exceptions %d %s%n",
                    server(), ids.size(), sentBefore, sentDuring, outage, restart.toMillis() / 1000.0, sentAfter,
                    ids.size(), caughtUp, retriedCounter(), retried, counts.path("restored").asInt(), counts, exceptions.size(), causes);
        } finally {
            Files.walk(data).sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
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
    static long metricSum(LocalStack stack, String name) throws Exception {
        String job = "/jobs/" + stack.enrichJob();
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
                HttpRequest.newBuilder(URI.create(stack.flink().webUi() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }
}
