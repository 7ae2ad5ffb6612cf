package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.enrich.ParseOutcome;
import io.yuqing.radar.jobs.enrich.PostParser;
import io.yuqing.radar.jobs.enrich.Rejection;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure drill: a fuzzed stream of malformed messages (seeded, so every run sends the same bytes)
 * interleaved with valid posts, through the real enrich job. Every malformed message must land in
 * {@code yuqing.posts.dlq} exactly once with the reason the parser gives it, every valid post must
 * be in HBase and Elasticsearch exactly once, and the job must neither fail nor restart. It also
 * prints the job's throughput on the fuzzed stream against a valid-only stream of the same size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedStreamDrillIT {
    private static final long SEED = 20261124L;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final int MAX_TEXT_CHARS = 20_000;
    private static final int WARMUP = 100;
    private static final int MALFORMED = 2_000;
    private static final int VALID_IN_FUZZ = 200;
    private static final int PHASE = MALFORMED + VALID_IN_FUZZ;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String[] FIELDS = {"id", "platform", "created_at", "text", "author", "url", "reposts",
            "comments", "likes", "repost_of", "repost_text", "region", "title", "lang"};

    private Path data;
    private LocalStack stack;
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> dlqReader;
    private final Random random = new Random(SEED);
    private final PostParser oracle = new PostParser(MAX_MESSAGE_BYTES, Duration.ofMinutes(10));
    /** Every valid post sent, by id, in order. */
    private final Map<String, byte[]> valid = new LinkedHashMap<>();
    /** Every malformed message sent, by key: its bytes and the reason it must carry. */
    private final Map<String, byte[]> malformed = new LinkedHashMap<>();
    private final Map<String, DeadLetterReason> expectedReason = new HashMap<>();
    private final Map<String, Integer> kindCount = new TreeMap<>();
    /** Dead letters read so far (read_committed), by key; a list so a duplicate is kept and seen. */
    private final Map<String, List<DeadLetter>> dlq = new HashMap<>();
    private byte[] afterFuzz;
    private double validOnlyRate;
    private double fuzzRate;

    @BeforeAll
    void startStackAndRunTheDrill() throws Exception {
        data = Files.createTempDirectory("yuqing-fuzz-drill");
        stack = LocalStack.start(StackOptions.forTests(data).withJobs(EnrichJob.NAME),
                Settings.defaults()
                        .with("enrich.max-message-bytes", String.valueOf(MAX_MESSAGE_BYTES))
                        .with("enrich.max-text-chars", String.valueOf(MAX_TEXT_CHARS)));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        dlqReader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < LocalStack.PARTITIONS; p++) {
            parts.add(new TopicPartition(stack.enrichConfig().dlqTopic(), p));
        }
        dlqReader.assign(parts);
        dlqReader.seekToBeginning(parts);

        List<byte[]> templates = validPosts(WARMUP + PHASE + VALID_IN_FUZZ + 1);
        afterFuzz = templates.remove(templates.size() - 1);
        List<byte[]> warmup = templates.subList(0, WARMUP);
        List<byte[]> validOnly = templates.subList(WARMUP, WARMUP + PHASE);
        List<byte[]> validInFuzz = templates.subList(WARMUP + PHASE, templates.size());

        // warm up (HanLP dictionaries, JIT, sink connections) so neither measured phase pays for it
        send(validRecords(warmup));
        awaitStored(valid.size(), 0);

        long t0 = System.nanoTime();
        send(validRecords(validOnly));
        awaitStored(valid.size(), 0);
        validOnlyRate = PHASE / ((System.nanoTime() - t0) / 1e9);

        List<ProducerRecord<String, byte[]>> fuzz = fuzzRecords(validInFuzz);
        assertThat(malformed).hasSize(MALFORMED);
        t0 = System.nanoTime();
        send(fuzz);
        // timed like the valid-only phase, by the HBase rows (written as processed, not at a
        // checkpoint): the last valid posts are the last records of the phase, so once they are
        // stored the job has got through every malformed message before them
        awaitStored(valid.size(), 0);
        fuzzRate = PHASE / ((System.nanoTime() - t0) / 1e9);
        awaitStored(valid.size(), MALFORMED);

        System.out.println("fuzz drill: malformed by kind " + kindCount);
        Map<DeadLetterReason, Integer> byReason = new EnumMap<>(DeadLetterReason.class);
        expectedReason.values().forEach(r -> byReason.merge(r, 1, Integer::sum));
        System.out.println("fuzz drill: malformed by expected reason " + byReason);
        System.out.printf("fuzz drill: valid-only phase %d posts at %.0f msg/s; fuzz phase %d messages (%d malformed + %d valid) at %.0f msg/s; ratio %.2f%n",
                PHASE, validOnlyRate, PHASE, MALFORMED, VALID_IN_FUZZ, fuzzRate, fuzzRate / validOnlyRate);
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (producer != null) {
            producer.close();
        }
        if (dlqReader != null) {
            dlqReader.close();
        }
        if (stack != null) {
            stack.close();
        }
        TestDirs.delete(data);
    }

    @Test
    void everyMalformedMessageIsInTheDeadLetterTopicOnceWithItsReason() throws Exception {
        // two more checkpoints' worth of reading: a duplicate would show up here
        long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < settle) {
            pollDlq();
        }
        assertThat(dlq.keySet()).as("keys in the DLQ").isEqualTo(malformed.keySet());
        Map<DeadLetterReason, Integer> seen = new EnumMap<>(DeadLetterReason.class);
        for (var m : malformed.entrySet()) {
            List<DeadLetter> letters = dlq.get(m.getKey());
            assertThat(letters).as("dead letters for %s", m.getKey()).hasSize(1);
            DeadLetter d = letters.get(0);
            assertThat(d.reason()).as("reason of %s", m.getKey()).isEqualTo(expectedReason.get(m.getKey()));
            assertThat(d.detail()).as("detail of %s", m.getKey()).isNotBlank();
            assertThat(Base64.getDecoder().decode(d.rawBase64())).as("raw bytes of %s", m.getKey()).isEqualTo(m.getValue());
            seen.merge(d.reason(), 1, Integer::sum);
        }
        System.out.println("fuzz drill: dead letters by reason " + seen);
    }

    @Test
    void everyValidPostIsInHBaseAndElasticsearchExactlyOnce() throws Exception {
        assertThat(hbaseRows()).as("HBase rows").isEqualTo(valid.size());
        try (Table table = stack.hbase().getTable(TableName.valueOf(stack.enrichConfig().hbase().table()))) {
            List<Get> gets = valid.keySet().stream().map(id -> new Get(PostsTable.rowKey(id))).toList();
            Result[] results = table.get(gets);
            List<String> ids = new ArrayList<>(valid.keySet());
            for (int i = 0; i < results.length; i++) {
                assertThat(results[i].isEmpty()).as("row for post %s", ids.get(i)).isFalse();
            }
        }
        ElasticsearchClient es = stack.elasticsearch();
        String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
        es.indices().refresh(r -> r.index(pattern));
        assertThat(es.count(c -> c.index(pattern)).count()).as("Elasticsearch documents").isEqualTo(valid.size());
        List<String> ids = new ArrayList<>(valid.keySet());
        long found = 0;
        for (int i = 0; i < ids.size(); i += 1000) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
            found += es.count(c -> c.index(pattern).query(q -> q.ids(x -> x.values(batch)))).count();
        }
        assertThat(found).as("valid post ids found in Elasticsearch").isEqualTo(valid.size());
    }

    @Test
    void theJobIsRunningNeverRestartedAndStillProcesses() throws Exception {
        assertThat(stack.flink().status(stack.enrichJob())).isEqualTo(JobStatus.RUNNING);
        JsonNode checkpoints = rest("/jobs/" + stack.enrichJob() + "/checkpoints");
        JsonNode exceptions = rest("/jobs/" + stack.enrichJob() + "/exceptions");
        System.out.println("fuzz drill: checkpoint counts " + checkpoints.path("counts"));
        for (JsonNode c : checkpoints.path("history")) {
            if (!"COMPLETED".equals(c.path("status").asText())) {
                System.out.println("fuzz drill: checkpoint " + c.path("id") + " " + c.path("status").asText() + ": "
                        + c.path("failure_message").asText());
            }
        }
        assertThat(checkpoints.path("counts").path("completed").asInt()).as("completed checkpoints").isPositive();
        assertThat(checkpoints.path("counts").has("restored")).isTrue();
        assertThat(checkpoints.path("counts").path("restored").asInt()).as("restores from a checkpoint").isZero();
        assertThat(exceptions.path("exceptionHistory").path("entries").size()).as("job exceptions: %s", exceptions).isZero();

        // records still flow after the fuzz: one more valid post and one more malformed message
        byte[] post = afterFuzz;
        String id = Json.fromBytes(post, Post.class).id();
        assertThat(valid).doesNotContainKey(id);
        valid.put(id, post);
        byte[] bad = "{\"id\":\"after\",\"platform\":\"weibo\"".getBytes(StandardCharsets.UTF_8);
        malformed.put("fuzz-after", bad);
        expectedReason.put("fuzz-after", DeadLetterReason.NOT_JSON);
        send(List.of(new ProducerRecord<>(stack.enrichConfig().rawTopic(), id, post),
                new ProducerRecord<>(stack.enrichConfig().rawTopic(), "fuzz-after", bad)));
        awaitStored(valid.size(), malformed.size());
        assertThat(stack.flink().status(stack.enrichJob())).isEqualTo(JobStatus.RUNNING);
    }

    // ---- the fuzzer ----

    /** Deterministic malformed messages of every kind, interleaved with {@code validPosts}. */
    private List<ProducerRecord<String, byte[]>> fuzzRecords(List<byte[]> validPosts) {
        String raw = stack.enrichConfig().rawTopic();
        List<ProducerRecord<String, byte[]>> bad = new ArrayList<>();
        while (malformed.size() < MALFORMED) {
            String kind = KINDS[malformed.size() % KINDS.length];
            byte[] template = validPosts.get(random.nextInt(validPosts.size()));
            byte[] bytes = spoil(kind, template);
            DeadLetterReason reason = expected(kind, bytes);
            if (reason == null) {
                continue; // this mutation happens to be a valid post: not malformed, draw again
            }
            String key = "fuzz-" + malformed.size();
            malformed.put(key, bytes);
            expectedReason.put(key, reason);
            kindCount.merge(kind, 1, Integer::sum);
            bad.add(new ProducerRecord<>(raw, key, bytes));
        }
        // one valid post after every MALFORMED / VALID_IN_FUZZ malformed messages
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        int every = MALFORMED / validPosts.size();
        for (int i = 0; i < bad.size(); i++) {
            out.add(bad.get(i));
            if ((i + 1) % every == 0 && (i + 1) / every <= validPosts.size()) {
                out.add(validRecord(raw, validPosts.get((i + 1) / every - 1)));
            }
        }
        return out;
    }

    private static final String[] KINDS = {"random_bytes", "truncated_json", "wrong_type", "huge_field",
            "deep_nesting", "invalid_utf8", "nul_bytes", "numbers_as_text", "array_not_object", "empty_or_scalar"};

    /** The reason the job must give, from the job's own parser plus the text limit the enricher applies. */
    private DeadLetterReason expected(String kind, byte[] bytes) {
        ParseOutcome o = oracle.parse(bytes, Instant.now());
        if (o instanceof Rejection r) {
            return r.reason();
        }
        Post p = ((ParseOutcome.Valid) o).post();
        if (kind.equals("huge_field") && p.text() != null && p.text().length() > MAX_TEXT_CHARS + 1000) {
            return DeadLetterReason.TEXT_TOO_LONG;
        }
        return null;
    }

    private byte[] spoil(String kind, byte[] template) {
        ObjectNode post;
        try {
            post = (ObjectNode) Json.mapper().readTree(template);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String json = new String(template, StandardCharsets.UTF_8);
        return switch (kind) {
            case "random_bytes" -> {
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                yield b;
            }
            case "truncated_json" -> {
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                yield java.util.Arrays.copyOf(b, 1 + random.nextInt(b.length - 1));
            }
            case "wrong_type" -> {
                String field = FIELDS[random.nextInt(FIELDS.length)];
                post.set(field, wrongValue(random.nextInt(5)));
                yield bytes(post);
            }
            case "huge_field" -> {
                switch (random.nextInt(3)) {
                    case 0 -> post.put("text", "暴雨积水".repeat(1) + "a".repeat(MAX_TEXT_CHARS + 1000 + random.nextInt(5000)));
                    case 1 -> post.put(FIELDS[random.nextInt(FIELDS.length)], "积水".repeat(MAX_MESSAGE_BYTES / 6 + 1 + random.nextInt(1000)));
                    default -> post.put("id", "9".repeat(MAX_MESSAGE_BYTES + random.nextInt(1000)));
                }
                yield bytes(post);
            }
            case "deep_nesting" -> {
                int depth = 2_000 + random.nextInt(9_000);
                yield switch (random.nextInt(4)) {
                    case 0 -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
                    case 1 -> ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8);
                    case 2 -> (json.substring(0, json.length() - 1) + ",\"nested\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    default -> "[".repeat(10_000).getBytes(StandardCharsets.UTF_8); // unclosed
                };
            }
            case "invalid_utf8" -> {
                byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE6, (byte) 0x9A}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
                yield insert(json.getBytes(StandardCharsets.UTF_8), bad[random.nextInt(bad.length)]);
            }
            case "nul_bytes" -> {
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                yield switch (random.nextInt(3)) {
                    case 0 -> insert(b, new byte[] {0});
                    case 1 -> concat(new byte[] {0}, b);
                    default -> new byte[1 + random.nextInt(50)];
                };
            }
            case "numbers_as_text" -> {
                switch (random.nextInt(4)) {
                    case 0 -> post.put("reposts", String.valueOf(random.nextInt(1000)));
                    case 1 -> post.put("likes", "1.5e3");
                    case 2 -> post.put("created_at", "20260105");
                    default -> {
                        ObjectNode author = JsonNodeFactory.instance.objectNode();
                        author.put("id", "u1");
                        author.put("followers", "一千二");
                        post.set("author", author);
                    }
                }
                yield bytes(post);
            }
            case "array_not_object" -> switch (random.nextInt(3)) {
                case 0 -> ("[" + json + "]").getBytes(StandardCharsets.UTF_8);
                case 1 -> ("[" + json + "," + json + "]").getBytes(StandardCharsets.UTF_8);
                default -> {
                    post.set("author", JsonNodeFactory.instance.arrayNode().add("u1").add(1200));
                    yield bytes(post);
                }
            };
            default -> { // empty_or_scalar
                String[] s = {"", " ", "null", "true", "42", "\"暴雨\"", "{}", "\uFEFF" + json, json + json, json + "}"};
                yield s[random.nextInt(s.length)].getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private JsonNode wrongValue(int which) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (which) {
            case 0 -> f.objectNode().put("x", 1);
            case 1 -> f.arrayNode().add("a").add(2);
            case 2 -> f.booleanNode(random.nextBoolean());
            case 3 -> f.numberNode(random.nextDouble() * 1e6);
            default -> f.textNode("不是数字");
        };
    }

    private byte[] insert(byte[] b, byte[] what) {
        int at = 1 + random.nextInt(b.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.writeBytes(what);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return Json.mapper().writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- plumbing ----

    /** The first {@code n} valid posts with text of the seeded generator, all made in the past. */
    private static List<byte[]> validPosts(int n) throws Exception {
        try (PostGenerator feed = new PostGenerator(PostGenerator.Config.defaults().withSeed(SEED)
                .withStart(Instant.now().minus(Duration.ofHours(3))).withMalformedShare(0))) {
            return new ArrayList<>(StackProbes.validPosts(feed, n, p -> p.text() != null && !p.text().isBlank()).values());
        }
    }

    private List<ProducerRecord<String, byte[]>> validRecords(List<byte[]> posts) {
        String raw = stack.enrichConfig().rawTopic();
        return posts.stream().map(p -> validRecord(raw, p)).toList();
    }

    private ProducerRecord<String, byte[]> validRecord(String topic, byte[] post) {
        String id = Json.fromBytes(post, Post.class).id();
        assertThat(valid.put(id, post)).as("post %s sent twice", id).isNull();
        return new ProducerRecord<>(topic, id, post);
    }

    private void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (var r : records) {
            sent.add(producer.send(r));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private void pollDlq() {
        for (ConsumerRecord<String, byte[]> r : dlqReader.poll(Duration.ofMillis(200))) {
            DeadLetter d = Json.fromBytes(r.value(), DeadLetter.class);
            dlq.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
        }
    }

    private int dlqSize() {
        return dlq.values().stream().mapToInt(List::size).sum();
    }

    /** Waits until HBase holds {@code rows} rows and the DLQ {@code deadLetters} committed records. */
    private void awaitStored(long rows, int deadLetters) throws Exception {
        await("HBase rows = " + rows + " and dead letters = " + deadLetters, () -> {
            pollDlq();
            return dlqSize() >= deadLetters && hbaseRows() >= rows;
        });
    }

    private long hbaseRows() {
        return StackProbes.hbaseRows(stack);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private JsonNode rest(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.flink().webUi() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }
}
