package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchSink;
import io.yuqing.radar.connectors.hbase.HBaseSink;
import io.yuqing.radar.connectors.kafka.JsonRecordSerializer;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.connectors.kafka.RawRecordDeserializer;
import io.yuqing.radar.connectors.posts.PostWrites;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;

/**
 * The enrich job: {@code yuqing.posts.raw} → parse, validate, normalise, segment →
 * {@code yuqing.posts.enriched}, HBase {@code posts} and ES {@code posts-*}; refused input →
 * {@code yuqing.posts.dlq} with its reason. Kafka outputs are transactional (exactly once with
 * checkpoints); HBase and ES writes are idempotent by post id.
 */
public final class EnrichJob {
    public static final String NAME = "yuqing-enrich";

    private EnrichJob() {}

    /** Adds the job's operators to {@code env}; the caller configures checkpointing and executes. */
    public static void build(StreamExecutionEnvironment env, EnrichJobConfig c) {
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(c.bootstrap())
                .setTopics(c.rawTopic())
                .setGroupId(c.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        c.startFromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new RawRecordDeserializer())
                // read only what the producers committed, in case they write transactionally
                .setProperty("isolation.level", "read_committed")
                .build();

        DataStream<RawRecord> raw = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: " + c.rawTopic())
                .uid("enrich-source-raw-posts");

        SingleOutputStreamOperator<EnrichedPost> enriched = raw
                .process(new EnrichFunction(c.limits()), JsonTypeInfo.of(EnrichedPost.class))
                .uid("enrich-parse-normalise-analyse")
                .name("parse · validate · normalise · segment");
        if (c.parallelism() > 0) {
            enriched.setParallelism(c.parallelism());
        }
        DataStream<DeadLetter> deadLetters = enriched.getSideOutput(EnrichFunction.DEAD_LETTERS);

        enriched.sinkTo(kafkaSink(c, c.enrichedTopic(), new JsonRecordSerializer<>(c.enrichedTopic(), EnrichedPost::id), "enriched"))
                .uid("enrich-sink-kafka-enriched").name("kafka: " + c.enrichedTopic());
        enriched.sinkTo(HBaseSink.of(c.hbase(), PostWrites::toRow))
                .uid("enrich-sink-hbase-posts").name("hbase: " + c.hbase().table());
        enriched.sinkTo(ElasticsearchSink.of(c.elasticsearch(), PostWrites.toDocument(c.postsIndexPrefix())))
                .uid("enrich-sink-es-posts").name("elasticsearch: " + c.postsIndexPrefix() + "-*");
        deadLetters.sinkTo(kafkaSink(c, c.dlqTopic(),
                        new JsonRecordSerializer<>(c.dlqTopic(), (DeadLetter d) -> d.key()), "dlq"))
                .uid("enrich-sink-kafka-dlq").name("kafka: " + c.dlqTopic());
    }

    private static <T> KafkaSink<T> kafkaSink(EnrichJobConfig c, String topic, JsonRecordSerializer<T> serializer,
                                              String suffix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(c.bootstrap())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(c.delivery())
                .setTransactionalIdPrefix(c.groupId() + "-" + suffix)
                // must not exceed the broker's transaction.max.timeout.ms (15 min by default)
                .setProperty("transaction.timeout.ms", String.valueOf(Duration.ofMinutes(10).toMillis()))
                .setProperty("compression.type", "lz4")
                .build();
    }

    /** Submits the job to the cluster it runs in (flink run / the Kubernetes operator). */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(settings.getDuration("flink.checkpoint-interval").toMillis());
        build(env, EnrichJobConfig.from(settings));
        env.execute(NAME);
    }
}
