package io.yuqing.radar.local;

import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The end of a recorded replay ({@code --exit-when-done}): brings the three jobs to a stop with
 * every window and alert of the recorded posts committed, then ({@code --export}) writes what
 * came out of {@code yuqing.topics} and {@code yuqing.alerts}.
 *
 * <p>The condition is a chain, one job at a time in pipeline order, each stage waiting on
 * offsets only (never on the wall clock or on what the data looks like):
 * <ol>
 *   <li>the job's consumer group has committed, on its input topic, the offset after the last
 *       record there (the committed offsets move with the job's checkpoints, so the job has read and
 *       checkpointed everything; with transactional input the offset after the last committed data
 *       record, since commit markers follow it);</li>
 *   <li>the job is stopped with a drain ({@link FlinkCluster#stopDraining}): its watermark jumps
 *       to the end of time, so the windows still open fire as they would at the end of a bounded
 *       input, and the final savepoint commits its Kafka transactions. Nothing fake enters the
 *       users' data to push event time forward.</li>
 * </ol>
 * Enrich, then topics, then alerts: when a stage starts, its input topic no longer grows. In the
 * topics job the drain closes every window that holds a recorded post (up to the last post plus
 * {@code topics.window}) and lets each live topic run on, with no new posts, until it ends
 * ({@code topics.end-after}), so the last snapshots show each topic cooling and ending as if the
 * stream fell silent after the last recorded post; the alerts job sees them and closes its reports.
 *
 * <p>Never waits forever: each stage gives up when its job has committed no progress for the
 * stall timeout, naming the job, the topic and how far it got.
 */
final class Backtest {
    private static final Duration POLL = Duration.ofMillis(500);

    private final String bootstrap;
    private final Duration stallTimeout;
    private final Consumer<String> out;

    Backtest(String bootstrap, Duration stallTimeout, Consumer<String> out) {
        this.bootstrap = bootstrap;
        this.stallTimeout = stallTimeout;
        this.out = out;
    }

    /**
     * Keeps the jobs' output topics from being emptied by retention while a backtest runs, and puts
     * their retention back on {@link AutoCloseable#close()}. The topics and alerts jobs stamp each
     * message with its window's end, and brokers apply {@code retention.ms} by record timestamp: a
     * recorded day older than the topic's retention (7 days for yuqing.topics) would be deleted at
     * the broker's next retention check, before the alerts job or the export read it.
     */
    AutoCloseable holdRetention(List<String> topics) throws Exception {
        Map<ConfigResource, String> before = new HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS)
                    .forEach((r, config) -> before.put(r, config.get(TopicConfig.RETENTION_MS_CONFIG).value()));
            setRetention(admin, resources.stream().collect(java.util.stream.Collectors.toMap(r -> r, r -> "-1")));
        }
        out.accept("retention of " + String.join(", ", topics) + " held (retention.ms=-1) until the export is written");
        return () -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                setRetention(admin, before);
            }
        };
    }

    private static void setRetention(Admin admin, Map<ConfigResource, String> retention) throws Exception {
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new HashMap<>();
        retention.forEach((r, v) -> ops.put(r, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, v), AlterConfigOp.OpType.SET))));
        admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
    }

    /** One job of the chain: its name (for messages), id, consumer group and input topic. */
    record Stage(String name, JobID job, String group, String input) {}

    /** Waits for each stage in turn to have consumed its input, then drains it (see the class comment). */
    void finish(FlinkCluster flink, List<Stage> stages) throws Exception {
        for (Stage s : stages) {
            long t0 = System.nanoTime();
            Map<TopicPartition, Long> target = afterLastRecord(s.input());
            awaitCommitted(s, target);
            String savepoint;
            try {
                savepoint = flink.stopDraining(s.job(), stallTimeout);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new StalledException(String.format(Locale.ROOT,
                        "the %s job did not stop within %d s of being drained (its windows and final checkpoint)",
                        s.name(), stallTimeout.toSeconds()));
            }
            out.accept(String.format(Locale.ROOT, "done: the %s job read %s to its end (offsets %s) and stopped drained"
                            + " in %.1f s (savepoint %s)", s.name(), s.input(), target.values(),
                    (System.nanoTime() - t0) / 1e9, savepoint));
        }
    }

    /** The stack gave up finishing: a job made no progress for the stall timeout. */
    static final class StalledException extends Exception {
        StalledException(String message) {
            super(message);
        }
    }

    private void awaitCommitted(Stage s, Map<TopicPartition, Long> target) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long lastProgress = System.nanoTime();
            long best = -1;
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(s.group())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                long behind = 0;
                long at = 0;
                for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long offset = c == null ? 0 : c.offset();
                    at += offset;
                    behind += Math.max(0, e.getValue() - offset);
                }
                if (behind == 0) {
                    return;
                }
                if (at > best) {
                    best = at;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                    throw new StalledException(String.format(Locale.ROOT,
                            "the %s job (consumer group %s) committed no progress on %s for %d s: %,d records still "
                                    + "behind; see the Flink log in the logs folder", s.name(), s.group(), s.input(),
                            stallTimeout.toSeconds(), behind));
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    /**
     * Per partition, the offset after the last record a read_committed consumer gets (0 when none):
     * what a consumer that has read everything commits. The end offset itself can be larger, by the
     * commit and abort markers of transactional writers, which no consumer ever receives.
     */
    Map<TopicPartition, Long> afterLastRecord(String topic) {
        Map<TopicPartition, Long> out = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = partitions(c, topic);
            c.assign(parts);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            for (TopicPartition p : parts) {
                long last = -1;
                // look back from the end, further each time, past markers and aborted batches
                for (long back = 8; last < 0; back *= 8) {
                    long from = Math.max(begin.get(p), end.get(p) - back);
                    last = lastRecordFrom(c, p, from, end.get(p));
                    if (from == begin.get(p)) {
                        break;
                    }
                }
                out.put(p, last + 1);
            }
        }
        return out;
    }

    private static long lastRecordFrom(KafkaConsumer<byte[], byte[]> c, TopicPartition p, long from, long end) {
        c.pause(c.assignment().stream().filter(q -> !q.equals(p)).toList());
        c.resume(List.of(p));
        c.seek(p, from);
        long last = -1;
        while (c.position(p, Duration.ofSeconds(30)) < end) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                last = Math.max(last, r.offset());
            }
        }
        return last;
    }

    /** End offsets (read_committed) of {@code topic} now: where an export of what comes later starts. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            return new HashMap<>(c.endOffsets(partitions(c, topic), Duration.ofSeconds(30)));
        }
    }

    /**
     * Writes the committed messages of {@code topic} from {@code from} (per partition; missing =
     * the beginning) to its current end into {@code file}, one per line, each exactly as on the
     * topic. Each partition's messages stay in offset order; partitions are merged by record
     * timestamp (the jobs stamp a snapshot or an alert with its window's end), ties by partition,
     * so the file reads in window order and is the same for the same topic contents.
     *
     * @return the number of messages written
     */
    long export(String topic, Map<TopicPartition, Long> from, Path file) throws IOException {
        Map<TopicPartition, Deque<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>(
                Comparator.comparingInt(TopicPartition::partition));
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = partitions(c, topic);
            c.assign(parts);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            for (TopicPartition p : parts) {
                c.seek(p, Math.max(begin.get(p), from.getOrDefault(p, 0L)));
                byPartition.put(p, new ArrayDeque<>());
            }
            while (parts.stream().anyMatch(p -> c.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        byPartition.get(new TopicPartition(r.topic(), r.partition())).add(r);
                    }
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        long n = 0;
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            List<Deque<ConsumerRecord<byte[], byte[]>>> queues = new ArrayList<>(byPartition.values());
            while (true) {
                Deque<ConsumerRecord<byte[], byte[]>> next = null;
                for (Deque<ConsumerRecord<byte[], byte[]>> q : queues) {
                    if (!q.isEmpty() && (next == null || q.peek().timestamp() < next.peek().timestamp())) {
                        next = q;
                    }
                }
                if (next == null) {
                    break;
                }
                o.write(next.poll().value());
                o.write('\n');
                n++;
            }
        }
        return n;
    }
}
