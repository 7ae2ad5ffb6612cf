package io.yuqing.radar.local.feed;

import io.yuqing.radar.local.ServerProcess;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The replayer against a real KRaft broker (module servers/kafka) in its own JVM. */
class ReplayerIT {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    static Path tmp;
    private static ServerProcess kafka;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = ServerProcess.start("kafka", tmp.resolve("data"), tmp.resolve("logs"), "512m", Map.of(),
                Duration.ofSeconds(60));
        bootstrap = kafka.info("bootstrap");
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cfg.put(ConsumerConfig.GROUP_ID_CONFIG, "replayer-it-" + UUID.randomUUID());
        cfg.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(cfg, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // anything beyond the expected count would be a duplicate
            consumer.poll(Duration.ofSeconds(1)).forEach(out::add);
        }
        return out;
    }

    @Test
    void sendsEveryRecordRebasedToNowWithMalformedOnesUnchanged() throws Exception {
        String topic = "yuqing.it.replay.fast";
        createTopic(topic);
        PostGenerator.Config config = PostGenerator.Config.defaults().withStart(START).withMalformedShare(0.02);
        List<FeedRecord> expected = new ArrayList<>();
        try (PostGenerator g = new PostGenerator(config)) {
            for (int i = 0; i < 3000; i++) {
                expected.add(g.next());
            }
        }
        Instant rebaseTo = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Duration shift = Duration.between(expected.get(0).eventTime(), rebaseTo);
        List<String> progress = new CopyOnWriteArrayList<>();
        Replayer.Summary summary;
        try (Replayer replayer = Replayer.connect(bootstrap, Map.of());
             PostFeed feed = PostFeed.of(expected)) {
            summary = replayer.replay(feed, Replayer.Options.to(topic).withSpeedUp(0).withRebaseTo(rebaseTo)
                    .withMaxRecords(2500).withProgress(Duration.ofSeconds(5), progress::add));
        }
        assertThat(summary.sent()).isEqualTo(2500);
        assertThat(summary.failed()).isZero();
        assertThat(summary.firstEventTime()).isEqualTo(rebaseTo);
        assertThat(progress).last().asString().startsWith("done: 2,500 sent");

        Map<String, FeedRecord> byKey = new HashMap<>();
        int malformedSent = 0;
        for (FeedRecord r : expected.subList(0, 2500)) {
            if (r.key() != null) {
                byKey.put(r.key(), r);
            }
        }
        List<ConsumerRecord<String, byte[]>> got = consume(topic, 2500);
        assertThat(got).hasSize(2500);
        for (ConsumerRecord<String, byte[]> rec : got) {
            Post post;
            try {
                post = Json.fromBytes(rec.value(), Post.class);
            } catch (RuntimeException e) {
                post = null;
            }
            if (post == null || post.id() == null || post.createdAt() == null) {
                malformedSent++;
                if (rec.key() != null) {
                    assertThat(rec.value()).as("unreadable record sent unchanged").isEqualTo(byKey.get(rec.key()).value());
                }
                continue;
            }
            FeedRecord original = byKey.get(rec.key());
            assertThat(post.id()).isEqualTo(rec.key());
            assertThat(post.createdAt()).isEqualTo(original.eventTime().plus(shift));
            Post before = Json.fromBytes(original.value(), Post.class);
            assertThat(post.text()).isEqualTo(before.text());
            assertThat(post.repostOf()).isEqualTo(before.repostOf());
        }
        assertThat(malformedSent).isBetween(10, 150);
    }

    @Test
    void pacesOnEventTime() throws Exception {
        String topic = "yuqing.it.replay.paced";
        createTopic(topic);
        // 60 s of event time at 60× ≈ 1 s of wall time
        PostGenerator.Config config = PostGenerator.Config.defaults().withStart(START).withMalformedShare(0);
        Replayer.Summary summary;
        try (Replayer replayer = Replayer.connect(bootstrap, Map.of());
             PostGenerator g = new PostGenerator(config)) {
            summary = replayer.replay(g, Replayer.Options.to(topic).withSpeedUp(60).withRebase(false)
                    .withMaxEventSpan(Duration.ofSeconds(60)).withProgress(Duration.ofMillis(200), s -> {}));
        }
        assertThat(summary.elapsed()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(summary.sent()).isBetween(200L, 400L);
        assertThat(summary.firstEventTime()).isAfterOrEqualTo(START).isBefore(START.plusSeconds(2));
        assertThat(summary.lastEventTime()).isBefore(START.plusSeconds(61));
        assertThat(consume(topic, (int) summary.sent())).hasSize((int) summary.sent());
    }
}
