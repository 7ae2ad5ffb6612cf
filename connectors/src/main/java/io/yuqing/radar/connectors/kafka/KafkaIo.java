package io.yuqing.radar.connectors.kafka;

import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/** How every job reads and writes Kafka, so the three jobs behave alike. */
public final class KafkaIo {
    /** Must not exceed the broker's {@code transaction.max.timeout.ms} (15 min by default). */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private KafkaIo() {}

    /** {@code kafka.delivery}: exactly_once (transactions committed with checkpoints) or at_least_once. */
    public static DeliveryGuarantee delivery(Settings s) {
        String v = s.get("kafka.delivery").toUpperCase(Locale.ROOT);
        try {
            return DeliveryGuarantee.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kafka.delivery must be exactly_once or at_least_once, got '" + v + "'");
        }
    }

    /** {@code kafka.start}: where a consumer group with no committed offsets begins. */
    public static boolean startFromEarliest(Settings s) {
        String v = s.get("kafka.start").toLowerCase(Locale.ROOT);
        if (!v.equals("earliest") && !v.equals("latest")) {
            throw new IllegalArgumentException("kafka.start must be earliest or latest, got '" + v + "'");
        }
        return v.equals("earliest");
    }

    /**
     * Raw records of one topic, from the group's committed offsets (else earliest or latest),
     * reading only what producers committed in case they write transactionally.
     */
    public static KafkaSource<RawRecord> rawSource(KafkaConnection kafka, String topic, String groupId, boolean earliest) {
        return rawSource(kafka, topic, groupId, OffsetsInitializer.committedOffsets(
                earliest ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST));
    }

    public static KafkaSource<RawRecord> rawSource(KafkaConnection kafka, String topic, String groupId, OffsetsInitializer start) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setProperties(kafka.clientProperties())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /** A sink whose transactions (with exactly_once) are tied to the job's checkpoints. */
    public static <T> KafkaSink<T> sink(KafkaConnection kafka, DeliveryGuarantee delivery, String transactionalIdPrefix,
                                        KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
        producer.setProperty("compression.type", "lz4");
        // security and tuning from configuration win over the two defaults above
        producer.putAll(kafka.clientProperties());
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(delivery)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
    }
}
