package io.yuqing.radar.local;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A topic as a downstream consumer sees it: read_committed, from the beginning. */
final class CommittedRecords {
    private CommittedRecords() {}

    /**
     * Every committed record of {@code topic}: up to the current end, then on until none has come
     * for {@code quiet} (zero: just up to the end).
     */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, Duration quiet) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            // for read_committed these are the last stable offsets: an open transaction holds them back
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(60));
            long lastNew = System.nanoTime();
            while (parts.stream().anyMatch(p -> c.position(p, Duration.ofSeconds(60)) < end.get(p))
                    || System.nanoTime() - lastNew < quiet.toNanos()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(r);
                    lastNew = System.nanoTime();
                }
            }
            return out;
        }
    }

    /** How often each key occurs among the committed records of {@code topic}. */
    static Map<String, Integer> keyCounts(String bootstrap, String topic) {
        Map<String, Integer> counts = new TreeMap<>();
        read(bootstrap, topic, Duration.ZERO).forEach(r -> counts.merge(r.key(), 1, Integer::sum));
        return counts;
    }
}
