package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.local.feed.CedPostReader;
import io.yuqing.radar.local.feed.PostFeed;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.PostsTable;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The spine, end to end, on real servers: real posts and malformed messages into Kafka, through
 * the enrich job in a Flink MiniCluster, out to HBase, Elasticsearch and the topics. Every valid
 * post must be stored exactly once and be searchable; every malformed one must be in the DLQ
 * with its own reason; nothing may be lost or counted twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    private static final int POSTS = 300;
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(150);

    private Path data;
    private LocalStack stack;
    private final Map<String, byte[]> valid = new LinkedHashMap<>();
    private final Map<String, DeadLetterReason> malformed = new LinkedHashMap<>();
    private final Map<String, byte[]> malformedPayload = new HashMap<>();
    private String duplicateId;

    @BeforeAll
    void startStackAndSend() throws Exception {
        data = Files.createTempDirectory("yuqing-e2e");
        // below Kafka's own 1 MB message limit, so an oversized post can reach the job at all
        stack = LocalStack.start(StackOptions.forTests(data),
                Settings.defaults().with("enrich.max-message-bytes", String.valueOf(MAX_MESSAGE_BYTES)));

        collectValidPosts();
        addMalformed();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            String raw = stack.enrichConfig().rawTopic();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            valid.forEach((id, json) -> sent.add(producer.send(new ProducerRecord<>(raw, id, json))));
            // the same post delivered twice (platforms and crawlers do this): stored once, enriched twice
            duplicateId = valid.keySet().iterator().next();
            sent.add(producer.send(new ProducerRecord<>(raw, duplicateId, valid.get(duplicateId))));
            for (var m : malformed.entrySet()) {
                sent.add(producer.send(new ProducerRecord<>(raw, m.getKey(), malformedPayload.get(m.getKey()))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (stack != null) {
            stack.close();
        }
        TestDirs.delete(data);
    }

    /** Real Weibo posts from ../shared/data when present, else the generator's. */
    private void collectValidPosts() throws Exception {
        Instant now = Instant.now();
        try (PostFeed feed = SharedData.ced()
                .map(dir -> {
                    try {
                        return (PostFeed) CedPostReader.open(dir, CedPostReader.Options
                                .composed(now.minus(Duration.ofHours(2)), Duration.ofMinutes(10)).withMaxEvents(6));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .orElseGet(() -> new PostGenerator(PostGenerator.Config.defaults()
                        .withStart(now.minus(Duration.ofHours(1))).withMalformedShare(0)))) {
            System.out.println("end-to-end input: " + (SharedData.ced().isPresent() ? "real CED Weibo posts" : "generator posts"));
            valid.putAll(StackProbes.validPosts(feed, POSTS, post -> true));
        }
        assertThat(valid).hasSize(POSTS);
    }

    private void addMalformed() {
        for (DeadLetterReason r : List.of(DeadLetterReason.INVALID_UTF8, DeadLetterReason.NOT_JSON,
                DeadLetterReason.NOT_AN_OBJECT, DeadLetterReason.WRONG_TYPE, DeadLetterReason.MISSING_ID,
                DeadLetterReason.MISSING_PLATFORM, DeadLetterReason.UNKNOWN_PLATFORM,
                DeadLetterReason.MISSING_CREATED_AT, DeadLetterReason.BAD_CREATED_AT,
                DeadLetterReason.FUTURE_CREATED_AT, DeadLetterReason.EMPTY_TEXT, DeadLetterReason.TEXT_TOO_LONG,
                DeadLetterReason.MESSAGE_TOO_LARGE)) {
            malformed.put("bad-" + r.json(), r);
            malformedPayload.put("bad-" + r.json(), malformedBytes(r));
        }
    }

    private static byte[] malformedBytes(DeadLetterReason r) {
        String ok = "\"platform\":\"weibo\",\"created_at\":\"2026-01-05T10:00:00+08:00\"";
        String json = switch (r) {
            case INVALID_UTF8 -> null;
            case NOT_JSON -> "{\"id\":\"x1\",\"text\":\"暴雨导致";
            case NOT_AN_OBJECT -> "[\"暴雨\",\"积水\"]";
            case WRONG_TYPE -> "{\"id\":\"x2\"," + ok + ",\"text\":\"积水\",\"likes\":\"很多\"}";
            case MISSING_ID -> "{" + ok + ",\"text\":\"暴雨导致城区多处积水\"}";
            case MISSING_PLATFORM -> "{\"id\":\"x3\",\"created_at\":\"2026-01-05T10:00:00+08:00\",\"text\":\"积水\"}";
            case UNKNOWN_PLATFORM -> "{\"id\":\"x4\",\"platform\":\"myspace\",\"created_at\":\"2026-01-05T10:00:00+08:00\",\"text\":\"积水\"}";
            case MISSING_CREATED_AT -> "{\"id\":\"x5\",\"platform\":\"weibo\",\"text\":\"积水\"}";
            case BAD_CREATED_AT -> "{\"id\":\"x6\",\"platform\":\"weibo\",\"created_at\":\"昨天下午\",\"text\":\"积水\"}";
            case FUTURE_CREATED_AT -> "{\"id\":\"x7\",\"platform\":\"weibo\",\"created_at\":\"" + Json.formatTime(Instant.now().plus(Duration.ofDays(3))) + "\",\"text\":\"积水\"}";
            case EMPTY_TEXT -> "{\"id\":\"x8\"," + ok + ",\"text\":\"\"}";
            case TEXT_TOO_LONG -> "{\"id\":\"x9\"," + ok + ",\"text\":\"" + "暴雨".repeat(10_001) + "\"}";
            case MESSAGE_TOO_LARGE -> "{\"id\":\"x10\"," + ok + ",\"text\":\"" + "积水".repeat(MAX_MESSAGE_BYTES / 5) + "\"}";
            default -> throw new IllegalArgumentException(r.toString());
        };
        return json == null
                ? new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xE6, (byte) 0x9A, '"', '}'}
                : json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void provisioningLaidTheTopicsOutAndASecondRunChangesNothing() throws Exception {
        Settings local = stack.settings();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            String raw = stack.enrichConfig().rawTopic();
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, raw);
            var config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
            assertThat(Long.parseLong(config.get("max.message.bytes").value()))
                    .isGreaterThan(stack.enrichConfig().limits().maxMessageBytes());
            assertThat(admin.describeTopics(List.of(stack.alertsConfig().controlTopic())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(stack.alertsConfig().controlTopic()).partitions()).hasSize(1);
            assertThat(io.yuqing.radar.jobs.Provision.kafka(admin, local)).hasSize(io.yuqing.radar.jobs.Provision.kafkaTopics(local).size())
                    .allSatisfy(line -> assertThat(line).contains("exists"));
        }
        try (var admin = stack.hbase().getAdmin()) {
            assertThat(admin.getRegions(TableName.valueOf(stack.enrichConfig().hbase().table())).size())
                    .as("pre-split").isGreaterThan(1);
            assertThat(io.yuqing.radar.jobs.Provision.hbase(admin, local)).hasSize(3)
                    .allSatisfy(line -> assertThat(line).contains("exists"));
        }
        assertThat(io.yuqing.radar.jobs.Provision.elasticsearch(stack.elasticsearch(), local)).hasSize(1);
    }

    /**
     * The query service of the stack audits a post search and a report export (not a read of hot
     * topics) once each, on Kafka and in Elasticsearch, naming the token's id and never the token;
     * a second create under an audit id is refused (append-only).
     */
    @Test
    void readsOfPostsAndExportsAreAuditedOnKafkaAndInElasticsearchAppendOnly() throws Exception {
        String token = stack.settings().get("query.api-token");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/api/v1/posts/search?q=" + java.net.URLEncoder.encode("暴雨 积水", StandardCharsets.UTF_8)
                + "&size=3", "/api/v1/reports/daily?format=html", "/api/v1/topics/hot")) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.queryUrl() + path))
                    .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        String topic = stack.settings().get("kafka.topic.audit");
        List<io.yuqing.radar.schemas.AuditRecord> audit = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-audit-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // until two arrived, then a few more seconds in which a third (an unaudited read) must not
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(300)).forEach(rec ->
                        audit.add(io.yuqing.radar.schemas.Json.fromBytes(rec.value(), io.yuqing.radar.schemas.AuditRecord.class)));
                if (audit.size() >= 2 && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                }
            }
        }
        assertThat(audit).extracting(io.yuqing.radar.schemas.AuditRecord::route)
                .containsExactlyInAnyOrder("/api/v1/posts/search", "/api/v1/reports/{kind}");
        assertThat(audit).allSatisfy(a -> {
            assertThat(a.tokenId()).isEqualTo("api-token");
            assertThat(a.role()).isEqualTo("admin");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.resultBytes()).isPositive();
            assertThat(io.yuqing.radar.schemas.Json.toString(a)).doesNotContain(token);
        });
        assertThat(audit).filteredOn(a -> a.access().equals("read_posts")).singleElement()
                .satisfies(a -> assertThat(a.parameters()).containsEntry("q", "暴雨 积水").containsEntry("size", "3"));

        ElasticsearchClient es = stack.elasticsearch();
        awaitCount("audit records in Elasticsearch", () -> {
            try {
                es.indices().refresh(r -> r.index("audit-*").allowNoIndices(true));
                return es.count(c -> c.index("audit-*").allowNoIndices(true)).count();
            } catch (Exception e) {
                return -1;
            }
        }, 2);
        io.yuqing.radar.schemas.AuditRecord first = audit.get(0);
        String index = io.yuqing.radar.schemas.MonthlyIndex.indexFor("audit", first.at());
        assertThat(es.get(g -> g.index(index).id(first.auditId()), Map.class).found()).isTrue();
        assertThatThrownBy(() -> es.create(c -> c.index(index).id(first.auditId()).document(first)))
                .as("an audit record is never overwritten: 409")
                // ES 8 answers through ElasticsearchException, the stack's 7.10 node through the
                // low-level client's ResponseException; both carry the conflict's type
                .hasStackTraceContaining("version_conflict_engine_exception");
    }

    @Test
    void everyValidPostIsInHBaseExactlyOnce() throws Exception {
        TableName name = TableName.valueOf(stack.enrichConfig().hbase().table());
        try (Table table = stack.hbase().getTable(name)) {
            awaitCount("HBase rows", () -> StackProbes.hbaseRows(stack), valid.size());
            for (var e : valid.entrySet()) {
                Result r = table.get(new Get(PostsTable.rowKey(e.getKey())));
                assertThat(r.isEmpty()).as("row for post %s", e.getKey()).isFalse();
                EnrichedPost stored = Json.fromBytes(r.getValue(PostsTable.FAMILY, PostsTable.JSON), EnrichedPost.class);
                assertThat(stored.id()).isEqualTo(e.getKey());
            }
        }
    }

    @Test
    void everyValidPostIsSearchableInElasticsearchExactlyOnce() throws Exception {
        ElasticsearchClient es = stack.elasticsearch();
        String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
        awaitCount("Elasticsearch documents", () -> StackProbes.esCount(stack), valid.size());

        // search by a word of a post's own text: the analysed Chinese text must find it
        Post probe = null;
        for (byte[] json : valid.values()) {
            Post p = Json.fromBytes(json, Post.class);
            if (p.text() != null && p.text().codePoints().filter(Character::isIdeographic).count() >= 6) {
                probe = p;
                break;
            }
        }
        assertThat(probe).as("a post with Chinese text").isNotNull();
        String word = firstHanBigram(probe.text());
        SearchResponse<ObjectNode> hits = es.search(s -> s.index(pattern).size(100)
                .query(q -> q.matchPhrase(m -> m.field("text").query(word))), ObjectNode.class);
        assertThat(hits.hits().hits()).extracting(h -> h.id()).as("search for '%s'", word).contains(probe.id());
    }

    @Test
    void enrichedTopicHasEveryDeliveryCommittedOnce() throws Exception {
        List<ConsumerRecord<String, byte[]>> records = readCommitted(stack.enrichConfig().enrichedTopic(), valid.size() + 1);
        Map<String, Integer> perId = new HashMap<>();
        for (var r : records) {
            EnrichedPost p = Json.fromBytes(r.value(), EnrichedPost.class);
            assertThat(r.key()).isEqualTo(p.id());
            perId.merge(p.id(), 1, Integer::sum);
        }
        assertThat(perId.keySet()).isEqualTo(valid.keySet());
        assertThat(perId.get(duplicateId)).isEqualTo(2);
        assertThat(perId.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(valid.size() + 1);
    }

    @Test
    void everyMalformedMessageIsInTheDeadLetterTopicWithItsReason() throws Exception {
        List<ConsumerRecord<String, byte[]>> records = readCommitted(stack.enrichConfig().dlqTopic(), malformed.size());
        Map<String, DeadLetter> byKey = new HashMap<>();
        for (var r : records) {
            DeadLetter d = Json.fromBytes(r.value(), DeadLetter.class);
            assertThat(byKey.put(d.key(), d)).as("dead letter %s seen twice", d.key()).isNull();
        }
        assertThat(byKey.keySet()).isEqualTo(malformed.keySet());
        for (var m : malformed.entrySet()) {
            DeadLetter d = byKey.get(m.getKey());
            assertThat(d.reason()).as(m.getKey()).isEqualTo(m.getValue());
            assertThat(d.detail()).isNotBlank();
            assertThat(java.util.Base64.getDecoder().decode(d.rawBase64())).isEqualTo(malformedPayload.get(m.getKey()));
            assertThat(d.sourceTopic()).isEqualTo(stack.enrichConfig().rawTopic());
        }
    }

    /** Reads a topic with read_committed until {@code expected} records arrive, then a little longer to catch extras. */
    private List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int expected) throws Exception {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // two more checkpoints' worth: a duplicate would show up here
            long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < settle) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        assertThat(out).as("records in %s", topic).hasSize(expected);
        return out;
    }

    private static void awaitCount(String what, LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long n = count.getAsLong();
        while (n < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            n = count.getAsLong();
        }
        Thread.sleep(3000); // then make sure nothing more arrives
        assertThat(count.getAsLong()).as(what).isEqualTo(expected);
    }

    private static String firstHanBigram(String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            if (Character.isIdeographic(text.charAt(i)) && Character.isIdeographic(text.charAt(i + 1))) {
                return text.substring(i, i + 2);
            }
        }
        throw new IllegalArgumentException("no two Chinese characters in a row: " + text);
    }
}
