package io.yuqing.radar.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded KRaft broker (module servers/kafka) as the local stack uses it: started in its own
 * JVM, plain and transactional round trips of Chinese text, and a restart on the same data dir
 * that keeps topics and messages.
 */
class KafkaServerIT {
    private static final String PLAIN_TOPIC = "yuqing.it.posts";
    private static final String TX_TOPIC = "yuqing.it.tx";
    private static final List<String> POSTS = List.of(
            "暴雨导致城区多处积水，市民出行受阻",
            "地铁2号线因故障临时停运，官方称预计一小时内恢复",
            "网友热议：外卖骑手高温补贴何时落实？#高温# @市人社局",
            "【突发】化工园区附近冒出浓烟，消防已赶赴现场🚒");
    private static final List<String> COMMITTED = List.of("首报：某小区电梯坠落，暂无人员伤亡", "续报：涉事电梯已停用检修");

    @TempDir
    Path tmp;

    @Test
    void startsRoundTripsAndKeepsDataAcrossARestart() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path logDir = tmp.resolve("logs");

        String clusterId;
        ServerProcess kafka = ServerProcess.start("kafka", dataDir, logDir, "512m", Map.of(), Duration.ofSeconds(60));
        try {
            System.out.println("kafka first start (fresh storage): " + kafka.startTime().toMillis() + " ms, " + kafka.info());
            String bootstrap = kafka.info("bootstrap");
            assertThat(bootstrap).startsWith("127.0.0.1:");
            clusterId = kafka.info("clusterId");

            try (Admin admin = admin(bootstrap)) {
                admin.createTopics(List.of(
                        new NewTopic(PLAIN_TOPIC, 2, (short) 1),
                        new NewTopic(TX_TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }

            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap, null))) {
                for (int i = 0; i < POSTS.size(); i++) {
                    producer.send(new ProducerRecord<>(PLAIN_TOPIC, utf8("帖子-" + i), utf8(POSTS.get(i))))
                            .get(30, TimeUnit.SECONDS);
                }
            }
            assertValuesByteExact(consume(bootstrap, PLAIN_TOPIC, "read_uncommitted", POSTS.size()), POSTS);

            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(producerConfig(bootstrap, "yuqing-it-" + UUID.randomUUID()))) {
                producer.initTransactions();
                producer.beginTransaction();
                for (String s : COMMITTED) {
                    producer.send(new ProducerRecord<>(TX_TOPIC, utf8(s)));
                }
                producer.commitTransaction();
                // An aborted transaction must stay invisible to read_committed readers.
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TX_TOPIC, utf8("已撤回：不应被读到")));
                producer.flush();
                producer.abortTransaction();
            }
            assertValuesByteExact(consume(bootstrap, TX_TOPIC, "read_committed", COMMITTED.size()), COMMITTED);
        } finally {
            kafka.close();
        }
        assertThat(kafka.isAlive()).isFalse();

        ServerProcess again = ServerProcess.start("kafka", dataDir, logDir, "512m", Map.of(), Duration.ofSeconds(60));
        try {
            System.out.println("kafka restart (existing storage): " + again.startTime().toMillis() + " ms, " + again.info());
            assertThat(again.info("clusterId")).isEqualTo(clusterId);
            String bootstrap = again.info("bootstrap");
            try (Admin admin = admin(bootstrap)) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of(PLAIN_TOPIC, TX_TOPIC))
                        .allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.get(PLAIN_TOPIC).partitions()).hasSize(2);
                assertThat(topics.get(TX_TOPIC).partitions()).hasSize(2);
            }
            assertValuesByteExact(consume(bootstrap, PLAIN_TOPIC, "read_uncommitted", POSTS.size()), POSTS);
            assertValuesByteExact(consume(bootstrap, TX_TOPIC, "read_committed", COMMITTED.size()), COMMITTED);
        } finally {
            again.close();
        }
        long pid = again.pid();
        assertThat(again.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static Map<String, Object> producerConfig(String bootstrap, String transactionalId) {
        Map<String, Object> c = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        if (transactionalId != null) {
            c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return c;
    }

    /**
     * Reads the topic from the start in a fresh group until {@code expected} records arrived, then
     * keeps polling briefly so that a record that should not be there (an aborted one) would show.
     */
    private static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrap, String topic, String isolation, int expected) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "yuqing-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < grace) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Order across two partitions is not defined, so compare as multisets of exact bytes. */
    private static void assertValuesByteExact(List<ConsumerRecord<byte[], byte[]>> records, List<String> expected) {
        List<byte[]> actual = records.stream().map(ConsumerRecord::value).toList();
        List<byte[]> wanted = expected.stream().map(KafkaServerIT::utf8).toList();
        assertThat(actual).usingElementComparator(Arrays::compare).containsExactlyInAnyOrderElementsOf(wanted);
        assertThat(actual.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
