package io.yuqing.radar.query;

import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes case events to {@code yuqing.cases.events} (key = case id, so a case's events stay in
 * order on one partition), idempotent and acknowledged by all in-sync replicas before the API answers:
 * a 202 means the event is in Kafka. The event id makes a client's retry harmless.
 */
final class KafkaCaseEventWriter implements CaseDesk.EventWriter, AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;

    /** @param clientProperties bootstrap.servers and the security settings the jobs use too */
    KafkaCaseEventWriter(Properties clientProperties, String topic, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(timeout.toMillis(), 1000));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public CaseDesk.Written write(CaseEvent e) throws IOException {
        try {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, e.caseId(), Json.toBytes(e)))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new CaseDesk.Written(m.topic(), m.partition(), m.offset());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the case event", ex);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException ex) {
            throw new IOException("Kafka did not take the case event: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
