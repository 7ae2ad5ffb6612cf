package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code yuqing.posts.enriched} JSON → EnrichedPost. A record that does not parse, or lacks the id
 * or {@code created_at} the topics job needs, is counted ({@code topicsUnparseablePosts}) and
 * logged (the first few, then every 1000th) and skipped: the enrich job wrote it, so a bad one is
 * a bug to see, not a reason to stop the job on the same record forever.
 */
public final class EnrichedPostDeserializer implements KafkaRecordDeserializationSchema<EnrichedPost> {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichedPostDeserializer.class);
    private transient Counter unparseable;
    private transient long failures;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        unparseable = context.getMetricGroup().counter("topicsUnparseablePosts");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<EnrichedPost> out) {
        EnrichedPost p = parse(r.value());
        if (p != null) {
            out.collect(p);
            return;
        }
        failures++;
        if (unparseable != null) {
            unparseable.inc();
        }
        if (failures <= 10 || failures % 1000 == 0) {
            LOG.warn("skipping unparseable enriched post at {}-{}@{} ({} so far)", r.topic(), r.partition(), r.offset(),
                    failures);
        }
    }

    /** The post, or null when {@code json} is not a usable enriched post. */
    static EnrichedPost parse(byte[] json) {
        if (json == null || json.length == 0) {
            return null;
        }
        try {
            EnrichedPost p = Json.fromBytes(json, EnrichedPost.class);
            return p == null || p.id() == null || p.createdAt() == null ? null : p;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public TypeInformation<EnrichedPost> getProducedType() {
        return JsonTypeInfo.of(EnrichedPost.class);
    }
}
