package io.yuqing.radar.bench;

import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.local.LocalStack;
import io.yuqing.radar.local.StackOptions;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The alerts job's latency as dispatch sees it: from a topic snapshot written to
 * {@code yuqing.topics} to the alert it raises being readable on {@code yuqing.alerts} by a
 * {@code read_committed} consumer, on the real local stack (Kafka, Elasticsearch and HBase in their
 * own JVMs, the alerts job alone in a MiniCluster at parallelism 2). The job's Kafka sink is
 * transactional and commits when a checkpoint completes, so this is the figure
 * {@link AlertsJobBench}'s operator-to-operator latency leaves out; the checkpoint interval is an
 * argument because it is most of the answer.
 *
 * <p>The snapshots are {@link AlertsJobBench}'s synthetic lifecycles, sent in order at a paced rate
 * after a warm-up of {@value #WARM_UP_SECONDS} s at the first rate (not reported);
 * an alert is matched to the snapshot that raised it by topic id and window end. In the whole
 * pipeline the topics job's own transactional sink adds up to one of its checkpoint intervals
 * before a snapshot is readable here.
 *
 * <p>Usage (after {@code ./mvnw package -Dmaven.test.skip}):
 * {@code java -Xmx2g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" io.yuqing.radar.bench.AlertsCommitLatency [checkpoint=PT10S] [snapshots/s=100,1000] [seconds=60]}
 */
public final class AlertsCommitLatency {
    private static final int WARM_UP_SECONDS = 20;

    private AlertsCommitLatency() {}

    public static void main(String[] args) throws Exception {
        Duration checkpoint = args.length > 0 ? Duration.parse(args[0]) : Settings.defaults().getDuration("flink.checkpoint-interval");
        int[] rates = Arrays.stream((args.length > 1 ? args[1] : "100,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        List<TopicSnapshot> snapshots = AlertsJobBench.snapshots(2000, 60, new Random(42));

        Path data = Files.createTempDirectory("yuqing-alert-latency");
        StackOptions o = StackOptions.forTests(data);
        StackOptions options = new StackOptions(o.dataDir(), 0, 0, 0, 0, 0, "bench", 2, checkpoint, o.heaps(),
                Set.of(AlertsJob.NAME), line -> { });
        try (LocalStack stack = LocalStack.start(options, Settings.defaults())) {
            String in = stack.alertsConfig().topicsTopic();
            String out = stack.alertsConfig().alertsTopic();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean done = new AtomicBoolean();
            Thread reader = new Thread(() -> read(stack, out, sentAt, latencies, done), "alerts-reader");
            reader.start();
            System.out.printf(Locale.ROOT, "alerts job alone, parallelism 2, checkpoints every %s; %s%n", checkpoint,
                    "snapshot written to " + in + " → its alert readable (read_committed) on " + out);
            System.out.println("| snapshots/s | snapshots | alerts matched | p50 | p99 | max |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            int next = 0;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                // a warm-up phase, not reported: the job's first checkpoint and its JIT-cold code
                // would otherwise make the first rate's tail
                int[] phases = new int[rates.length + 1];
                phases[0] = rates[0];
                System.arraycopy(rates, 0, phases, 1, rates.length);
                for (int phase = 0; phase < phases.length; phase++) {
                    int rate = phases[phase];
                    latencies.clear();
                    int n = Math.min(rate * (phase == 0 ? WARM_UP_SECONDS : seconds), snapshots.size() - next);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        long due = t0 + (long) (i * 1e9 / rate);
                        while (System.nanoTime() < due) {
                            Thread.onSpinWait();
                        }
                        TopicSnapshot s = snapshots.get(next++);
                        sentAt.put(key(s.topicId(), s.windowEnd().toString()), System.nanoTime());
                        producer.send(new ProducerRecord<>(in, s.topicId(), Json.toBytes(s)));
                    }
                    producer.flush();
                    // every alert of this phase is readable within two checkpoints of its snapshot
                    Thread.sleep(checkpoint.multipliedBy(3).plusSeconds(5).toMillis());
                    List<Long> l;
                    synchronized (latencies) {
                        l = new ArrayList<>(latencies);
                    }
                    l.sort(null);
                    if (phase == 0) {
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "| %,d | %,d | %,d | %s | %s | %s |%n", rate, n, l.size(),
                            ms(percentile(l, 0.50)), ms(percentile(l, 0.99)), ms(l.isEmpty() ? -1 : l.get(l.size() - 1)));
                }
            }
            done.set(true);
            reader.join();
        } finally {
            StackThroughput.deleteTree(data);
        }
    }

    private static void read(LocalStack stack, String topic, Map<String, Long> sentAt, List<Long> latencies,
                             AtomicBoolean done) {
        try (KafkaConsumer<byte[], byte[]> c = ClusterSizingBench.readCommittedFromStart(stack, topic)) {
            while (!done.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Alert a = Json.fromBytes(r.value(), Alert.class);
                    Long sent = sentAt.get(key(a.topicId(), a.windowEnd().toString()));
                    if (sent != null) {
                        latencies.add(now - sent);
                    }
                }
            }
        }
    }

    private static String key(String topicId, String windowEnd) {
        return topicId + "@" + windowEnd;
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }
}
