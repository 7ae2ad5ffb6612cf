package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.yuqing.radar.schemas.AuditRecord;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.MonthlyIndex;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The audit in both places the issue asks for: the Kafka topic (for other systems and the
 * archive) and Elasticsearch {@code audit-yyyy.MM} (for search and Kibana).
 *
 * <p>Append-only: the ES document is written with {@code op_type=create} under the record's
 * unique id, so a retry or a bug cannot overwrite a record (ES answers 409), and the service has
 * no route that updates or deletes one. The Kafka topic's retention is time-based, never
 * compacted. Further protection (an ES role for the service with {@code create_doc} only on
 * {@code audit-*}) is the cluster's: docs/operations.md.
 *
 * <p>Both writes happen off the request thread, after the answer: the audit must not slow reads.
 * A record that cannot be written is logged at ERROR with everything but the parameters.
 */
final class KafkaEsAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEsAuditLog.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final ElasticsearchClient es;
    private final String indexPrefix;
    private final ExecutorService esWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "yuqing-query-audit");
        t.setDaemon(true);
        return t;
    });

    KafkaEsAuditLog(AuditConfig config, ElasticsearchClient es) {
        Properties p = config.kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "yuqing-query-audit");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.topic = config.topic();
        this.es = es;
        this.indexPrefix = config.indexPrefix();
    }

    @Override
    public void record(AuditRecord r) {
        producer.send(new ProducerRecord<>(topic, r.auditId().getBytes(StandardCharsets.UTF_8), Json.toBytes(r)),
                (meta, e) -> {
                    if (e != null) {
                        LOG.error("audit {} ({} {} by {}) not written to {}: {}", r.auditId(), r.method(), r.path(),
                                r.tokenId(), topic, e.toString());
                    }
                });
        esWriter.execute(() -> {
            try {
                es.create(c -> c.index(MonthlyIndex.indexFor(indexPrefix, r.at())).id(r.auditId()).document(r));
            } catch (Exception e) {
                LOG.error("audit {} ({} {} by {}) not written to {}: {}", r.auditId(), r.method(), r.path(),
                        r.tokenId(), indexPrefix, e.toString());
            }
        });
    }

    @Override
    public void close() {
        esWriter.shutdown();
        try {
            esWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
