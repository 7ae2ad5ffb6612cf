package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchSink;
import io.yuqing.radar.connectors.hbase.HBaseSink;
import io.yuqing.radar.connectors.kafka.JsonRecordSerializer;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.connectors.posts.PostJson;
import io.yuqing.radar.connectors.posts.PostWrites;
import io.yuqing.radar.jobs.JobMain;
import io.yuqing.radar.jobs.enrich.dedup.NearDuplicateIndex;
import io.yuqing.radar.jobs.enrich.dedup.NearDuplicates;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The enrich job: {@code yuqing.posts.raw} → parse, validate, normalise, segment →
 * near-duplicate clusters (SimHash, see {@link NearDuplicates}) →
 * {@code yuqing.posts.enriched}, HBase {@code posts} and ES {@code posts-*}; refused input →
 * {@code yuqing.posts.dlq} with its reason. Kafka outputs are transactional (exactly once with
 * checkpoints); HBase and ES writes are idempotent by post id.
 */
public final class EnrichJob {
    public static final String NAME = "yuqing-enrich";
    /** Stateless, chained between the assigner and the post sinks (added after savepoints existed: it has none). */
    public static final String UID_POST_JSON = "enrich-post-contract-json";
    private static final Logger LOG = LoggerFactory.getLogger(EnrichJob.class);

    private EnrichJob() {}

    /** Adds the job's operators to {@code env}; the caller configures checkpointing and executes. */
    public static void build(StreamExecutionEnvironment env, EnrichJobConfig c) {
        if (c.sentimentModel() != null && !c.sentimentModel().isBlank()) {
            // read once where the job is built, so a model that does not load stops it before it is
            // submitted, with the file and the reason (each subtask loads its own copy in open())
            SentimentModel m = SentimentModel.loadFrom(c.sentimentModel());
            LOG.info("enrich.sentiment-model {}: model {} trained {} on {} posts", c.sentimentModel(), m.id(),
                    m.info().trained(), m.info().examples());
        }
        KafkaSource<RawRecord> source = KafkaIo.rawSource(c.kafka(), c.rawTopic(), c.groupId(), c.startFromEarliest());

        DataStream<RawRecord> raw = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: " + c.rawTopic())
                .uid("enrich-source-raw-posts");

        SingleOutputStreamOperator<EnrichedPost> enriched = raw
                .process(new EnrichFunction(c.limits(), c.userDictionary(), c.sentimentModel()), EnrichedPostTypeInfo.INSTANCE)
                .uid("enrich-parse-normalise-analyse")
                .name("parse · validate · normalise · segment");
        if (c.parallelism() > 0) {
            enriched.setParallelism(c.parallelism());
        }
        DataStream<DeadLetter> deadLetters = enriched.getSideOutput(EnrichFunction.DEAD_LETTERS);

        // SimHash near-duplicate clusters: every sink and the enriched topic get the clustered post
        DataStream<EnrichedPost> clustered = NearDuplicates.cluster(enriched, c.dupHorizon(),
                NearDuplicateIndex.DEFAULT_CAPACITY, c.parallelism());

        // the contract JSON once for the three outputs, which write the same bytes
        SingleOutputStreamOperator<PostJson> written = clustered
                .map(PostJson::of, PostJsonTypeInfo.INSTANCE)
                .uid(UID_POST_JSON).name("contract json");
        if (c.parallelism() > 0) {
            written.setParallelism(c.parallelism());
        }
        written.sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-enriched",
                        new JsonRecordSerializer<>(c.enrichedTopic(), PostJson::id, PostJson::json)))
                .uid("enrich-sink-kafka-enriched").name("kafka: " + c.enrichedTopic());
        written.sinkTo(HBaseSink.of(c.hbase(), PostWrites::toRow))
                .uid("enrich-sink-hbase-posts").name("hbase: " + c.hbase().table());
        written.sinkTo(ElasticsearchSink.of(c.elasticsearch(), PostWrites.toDocument(c.postsIndexPrefix())))
                .uid("enrich-sink-es-posts").name("elasticsearch: " + c.postsIndexPrefix() + "-*");
        deadLetters.sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-dlq",
                        new JsonRecordSerializer<>(c.dlqTopic(), (DeadLetter d) -> d.key())))
                .uid("enrich-sink-kafka-dlq").name("kafka: " + c.dlqTopic());
    }

    /** Submits the job to the cluster it runs in (flink run / the Kubernetes operator). */
    public static void main(String[] args) throws Exception {
        JobMain.run(args, NAME, (env, settings) -> build(env, EnrichJobConfig.from(settings)));
    }
}
