package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.schemas.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ledger on a compacted Kafka topic ({@code yuqing.notify.delivered}, key = delivery key):
 * read from the beginning into memory when the notifier starts, appended to synchronously after
 * each delivery. Kafka is already the notifier's one dependency, replicated and backed up with
 * the rest; no volume or database to run. Compaction keeps one record per key; the topic's
 * {@code delete.retention}/{@code retention} (30 days, like {@code yuqing.alerts}) bounds it, as a
 * message older than the alerts topic's retention cannot be read again anyway.
 */
final class KafkaDeliveryLedger implements DeliveryLedger {
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    KafkaDeliveryLedger(Properties kafka, String topic) {
        this.topic = topic;
        load(kafka);
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    private void load(Properties kafka) {
        Properties c = new Properties();
        c.putAll(kafka);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("ledger topic " + topic + " does not exist (Provision creates it)");
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ledger topic " + topic + " not read to its end in 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && r.value() != null) {
                        done.add(new String(r.key(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    int size() {
        return done.size();
    }

    @Override
    public boolean contains(String deliveryKey) {
        return done.contains(deliveryKey);
    }

    @Override
    public void record(String deliveryKey, String outcome) {
        byte[] value = Json.toBytes(Map.of("outcome", outcome, "at", Instant.now().toString()));
        try {
            producer.send(new ProducerRecord<>(topic, deliveryKey.getBytes(StandardCharsets.UTF_8), value))
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + deliveryKey, e);
        } catch (ExecutionException | TimeoutException e) {
            // the notifier stops rather than go on without a record: offsets stay uncommitted,
            // and at the next start the message is delivered again at most on this one channel
            throw new IllegalStateException("ledger " + topic + " did not take " + deliveryKey + ": " + e.getMessage(), e);
        }
        done.add(deliveryKey);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
