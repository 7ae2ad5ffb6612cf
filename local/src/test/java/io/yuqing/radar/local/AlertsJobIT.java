package io.yuqing.radar.local;

import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.alerts.AlertsJobConfig;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.JobID;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts job on the real local stack (Kafka, Elasticsearch, Flink MiniCluster): a planted
 * event rising blue → yellow → orange gets exactly one 首报 and one 续报 per level change, read
 * with read_committed; a rules update through the control topic changes behaviour without a
 * restart and a malformed one goes to the DLQ; after the job is cancelled mid-event and restored
 * from its last checkpoint, the alert topic holds no duplicate and no gap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsJobIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Object[][] WIDE = {{"weibo", 500L}, {"douyin", 50L}, {"forum", 50L}};

    private Path data;
    private LocalStack stack;
    private AlertsJobConfig config;
    private KafkaProducer<String, byte[]> producer;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
    private int minute;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("yuqing-alerts-it");
        // this test submits, cancels and restores the alerts job itself
        stack = LocalStack.start(StackOptions.forTests(data).withJobs(EnrichJob.NAME), Settings.defaults());
        // the stack provisioned the control topic (one partition), the alerts DLQ and the alerts template
        config = stack.alertsConfig();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    @AfterAll
    void stop() throws IOException {
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
        TestDirs.delete(data);
    }

    @Test
    void risingEventIsReportedOncePerLevelAcrossACancelAndRestore() throws Exception {
        JobID job = submit(null);

        // a rules update, then a malformed one: the first is applied, the second refused
        send(config.controlTopic(), "ops-1", "{\"watch-lists\":[{\"id\":\"own-name\",\"terms\":[\"某某燃气\"]}]}");
        send(config.controlTopic(), "ops-2", "{\"negative\":{\"ratio\":7}}");
        List<DeadLetter> refused = awaitRecords(config.dlqTopic(), DeadLetter.class, l -> !l.isEmpty());
        assertThat(refused).singleElement().satisfies(d -> {
            assertThat(d.job()).isEqualTo("alerts");
            assertThat(d.key()).isEqualTo("ops-2");
            assertThat(d.detail()).contains("negative.ratio");
        });
        // the updated watch list is in force without a restart (the refusal came after it, in order)
        send(snapshot("tp-it-ours", "网友吐槽某某燃气公司抄表乱收费", 10, 0, Map.of("weibo", 10L)));

        // the planted event: blue, blue, yellow, yellow
        send(blue());
        send(blue());
        send(yellow());
        send(yellow());
        awaitAlerts(l -> ids(l).containsAll(List.of("tp-it-rising-1", "tp-it-rising-2", "tp-it-ours-1")));

        // mid-event: the topic turns orange and the job is cancelled right away
        send(orange());
        stack.flink().cancel(job);
        stack.flink().awaitTerminal(job, PATIENCE);
        Path checkpoint = stack.flink().lastCheckpoint(job);

        JobID restored = submit(checkpoint);
        send(orange());
        send(ended());
        List<Alert> alerts = awaitAlerts(l -> ids(l).contains("tp-it-rising-4"));

        List<Alert> rising = alerts.stream().filter(a -> a.topicId().equals("tp-it-rising")).toList();
        assertThat(ids(alerts)).doesNotHaveDuplicates();
        assertThat(rising).extracting(Alert::reportSeq).containsExactly(1, 2, 3, 4); // no gap, in order
        assertThat(rising).extracting(Alert::level)
                .containsExactly(RiskLevel.BLUE, RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.ORANGE);
        assertThat(rising).extracting(Alert::previousLevel)
                .containsExactly(null, RiskLevel.BLUE, RiskLevel.YELLOW, RiskLevel.ORANGE);
        assertThat(rising.get(3).reasons()).extracting(r -> r.rule()).containsExactly("topic_ended");
        assertThat(alerts.stream().filter(a -> a.topicId().equals("tp-it-ours")))
                .singleElement().satisfies(a -> {
                    assertThat(a.level()).isEqualTo(RiskLevel.YELLOW);
                    assertThat(a.reasons()).extracting(r -> r.rule()).contains("watch_list.own-name");
                });

        // the same reports in Elasticsearch, one document per alert id
        assertThat(AlertLog.awaitEsAlertIds(stack, ids -> ids.contains("tp-it-rising-4")))
                .containsExactlyInAnyOrderElementsOf(ids(alerts));
        stack.flink().cancel(restored);
    }

    // --- the planted event ------------------------------------------------------------------------

    private ProducerRecord<String, byte[]> blue() {
        return snapshot("tp-it-rising", "网传某连锁餐饮门店后厨食品安全问题", 20, 2, Map.of("weibo", 20L));
    }

    private ProducerRecord<String, byte[]> yellow() {
        return snapshot("tp-it-rising", "网传某连锁餐饮门店后厨食品安全问题", 100, 60, Map.of("weibo", 100L));
    }

    private ProducerRecord<String, byte[]> orange() {
        Map<String, Long> wide = new LinkedHashMap<>();
        for (Object[] p : WIDE) {
            wide.put((String) p[0], (Long) p[1]);
        }
        return snapshot("tp-it-rising", "网传某连锁餐饮门店后厨食品安全问题", 600, 360, wide);
    }

    private ProducerRecord<String, byte[]> ended() {
        TopicSnapshot s = build("tp-it-rising", "网传某连锁餐饮门店后厨食品安全问题", 0, 0, Map.of(), Lifecycle.ENDED);
        return new ProducerRecord<>(config.topicsTopic(), s.topicId(), Json.toBytes(s));
    }

    private ProducerRecord<String, byte[]> snapshot(String id, String title, long posts, long negative,
                                                    Map<String, Long> platforms) {
        TopicSnapshot s = build(id, title, posts, negative, platforms, Lifecycle.RISING);
        return new ProducerRecord<>(config.topicsTopic(), s.topicId(), Json.toBytes(s));
    }

    /** Snapshots one minute apart in event time, one-hour windows. */
    private TopicSnapshot build(String id, String title, long posts, long negative, Map<String, Long> platforms,
                                Lifecycle lifecycle) {
        Instant end = t0.plus(Duration.ofMinutes(++minute));
        return new TopicSnapshot(id, title, List.of("后厨", "食品安全"), end.minus(Duration.ofHours(1)), end,
                t0.minus(Duration.ofHours(2)), lifecycle, posts, posts, posts, negative,
                posts == 0 ? 0 : (double) negative / posts, platforms, Map.of("江苏省南京市", posts), posts / 10.0, 0.2,
                List.of(new SamplePost(id + "-p1", "https://weibo.com/" + id, "后厨有老鼠")));
    }

    // --- plumbing -----------------------------------------------------------------------------------

    private JobID submit(Path restoreFrom) throws Exception {
        JobID job = stack.flink().submitRestorable(AlertsJob.NAME, 2, Duration.ofSeconds(2), restoreFrom,
                env -> AlertsJob.build(env, config));
        stack.flink().awaitRunning(job, Duration.ofSeconds(60));
        return job;
    }

    private void send(ProducerRecord<String, byte[]> r) throws Exception {
        producer.send(r).get(30, TimeUnit.SECONDS);
    }

    private void send(String topic, String key, String json) throws Exception {
        send(new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8)));
    }

    private List<Alert> awaitAlerts(Predicate<List<Alert>> done) throws Exception {
        return awaitRecords(config.alertsTopic(), Alert.class, done);
    }

    /** Everything committed on {@code topic}, read from the start with read_committed, once {@code done}. */
    private <T> List<T> awaitRecords(String topic, Class<T> type, Predicate<List<T>> done) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "alerts-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            List<T> seen = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(Json.fromBytes(r.value(), type));
                }
                if (done.test(seen)) {
                    // a little longer, so that a duplicate arriving late would be seen too
                    long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (System.nanoTime() < settle) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            seen.add(Json.fromBytes(r.value(), type));
                        }
                    }
                    return seen;
                }
            }
            throw new AssertionError("not all expected records on " + topic + " within " + PATIENCE + ": " + seen);
        }
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).toList();
    }
}
