package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchSink;
import io.yuqing.radar.connectors.hbase.HBaseSink;
import io.yuqing.radar.connectors.kafka.JsonRecordSerializer;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.connectors.topics.TopicWrites;
import io.yuqing.radar.jobs.JobMain;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;


/**
 * The topics job: {@code yuqing.posts.enriched} → hot topics → {@code yuqing.topics} (exactly once),
 * HBase {@code topic_trend} and ES {@code topics-*} (idempotent by topic id and window end).
 *
 * <pre>
 * posts (event time = created_at, bounded out-of-orderness, idleness)
 *   → late posts: side output + topicsLatePosts metric
 *   → terms of each post (hashtags, keywords, places, organisations) with a digest of the post,
 *     its judgement cues by the lexicon in force
 *   → keyBy term · sliding windows (topics.window / topics.slide) merged from one bounded TermAcc
 *     per term and slide-long pane ({@link PanedTermWindows})
 *   → burst score vs the term's own baseline (keyed state, TTL) → candidate terms
 *   → one topic stage: co-occurrence merge, matching to live topics by their anchor terms, stable
 *     ids, lifecycle, heat, posts over the last 1 h / 24 h → TopicSnapshot (gauge topicsAlive)
 * </pre>
 * Judgement (category, signals, rumour score) uses the judgement lexicon in force: shipped, the
 * operator's file ({@code topics.judgement-lexicon}) and live updates from {@code
 * kafka.topic.topics-lexicon} ({@link LexiconUpdates}); refused updates go to {@code kafka.topic.topics-dlq}.
 * Burst scoring: {@link BurstDetector}; merging and tracking: {@link TopicMerger},
 * {@link TopicTracker}; heat: {@link TopicHeat}; the 1 h / 24 h views: {@link TopicVolume}.
 *
 * <p>Posts behind the watermark leave before the windows ({@link LatePostFilter}), so the window
 * operator sees none late; should one slip through, that operator's {@code numLateRecordsDropped}
 * metric counts it, as Flink's window operator did. The topic stage and the three sinks run as one instance
 * each, so a topic's snapshots reach Kafka in window order.
 */
public final class TopicsJob {
    public static final String NAME = "yuqing-topics";

    private TopicsJob() {}

    /** The job's streams, for tests and for wiring further sinks. */
    public record Streams(DataStream<TopicSnapshot> snapshots, DataStream<EnrichedPost> latePosts,
                          DataStream<DeadLetter> deadLetters) {}

    /** Adds the whole job, Kafka in and Kafka/HBase/ES out; the caller configures checkpointing and executes. */
    public static Streams build(StreamExecutionEnvironment env, TopicsJobConfig c) {
        KafkaSource<EnrichedPost> source = KafkaSource.<EnrichedPost>builder()
                .setBootstrapServers(c.kafka().bootstrap())
                .setProperties(c.kafka().clientProperties())
                .setTopics(c.enrichedTopic())
                .setGroupId(c.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        c.startFromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new EnrichedPostDeserializer())
                // the enrich job writes transactionally: read only what it committed
                .setProperty("isolation.level", "read_committed")
                .build();
        SingleOutputStreamOperator<EnrichedPost> posts = env
                .fromSource(source, watermarks(c), "kafka: " + c.enrichedTopic())
                .uid("topics-source-enriched-posts");
        if (c.parallelism() > 0) {
            posts.setParallelism(c.parallelism());
        }
        // lexicon updates are read from the beginning on a fresh start, so the lexicon in force is
        // always the shipped one, the file, then every update in order (one partition, kept for ever)
        DataStreamSource<RawRecord> updates = env.fromSource(
                KafkaIo.rawSource(c.kafka(), c.lexiconTopic(), c.groupId() + "-lexicon", OffsetsInitializer.earliest()),
                LexiconUpdates.watermarks(), "kafka: " + c.lexiconTopic());
        updates.uid("topics-source-lexicon-updates").setParallelism(1);
        Streams out = build(posts, updates, c);
        out.deadLetters().sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-dlq",
                        new JsonRecordSerializer<>(c.dlqTopic(), (DeadLetter d) -> d.key())))
                .uid("topics-sink-kafka-dlq").name("kafka: " + c.dlqTopic()).setParallelism(1);

        out.snapshots().sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-topics",
                        new JsonRecordSerializer<>(c.topicsTopic(), TopicSnapshot::topicId)))
                .uid("topics-sink-kafka-topics").name("kafka: " + c.topicsTopic())
                // like the topic stage, one instance: a topic's snapshots reach Kafka in window order
                .setParallelism(1);
        out.snapshots().sinkTo(HBaseSink.of(c.hbase(), TopicWrites::toRow))
                .uid("topics-sink-hbase-topic-trend").name("hbase: " + c.hbase().table())
                .setParallelism(1);
        out.snapshots().sinkTo(ElasticsearchSink.of(c.elasticsearch(), TopicWrites.toDocument(c.topicsIndexPrefix())))
                .uid("topics-sink-es-topics").name("elasticsearch: " + c.topicsIndexPrefix() + "-*")
                .setParallelism(1);
        return out;
    }

    /** The event-time watermarks of the posts stream: created_at, bounded out-of-orderness, idleness. */
    public static WatermarkStrategy<EnrichedPost> watermarks(TopicsJobConfig c) {
        WatermarkStrategy<EnrichedPost> w = WatermarkStrategy.<EnrichedPost>forBoundedOutOfOrderness(c.outOfOrderness())
                .withTimestampAssigner((p, ts) -> p.createdAt().toEpochMilli());
        return c.idleness().isZero() ? w : w.withIdleness(c.idleness());
    }

    /**
     * The processing part, from a posts stream that already carries event-time timestamps and
     * watermarks, and the judgement-lexicon updates (raw records of the lexicon topic; they must
     * not hold back event time, see {@link LexiconUpdates#watermarks}).
     */
    public static Streams build(DataStream<EnrichedPost> posts, DataStream<RawRecord> lexiconUpdates, TopicsJobConfig c) {
        TopicsParams p = c.params();
        SingleOutputStreamOperator<EnrichedPost> onTime = posts
                .process(new LatePostFilter(), JsonTypeInfo.of(EnrichedPost.class))
                .uid("topics-late-posts").name("late posts → side output");
        // what needs no lexicon is done chained to the source: only the post's terms, digest and
        // the text its cues are in cross to the operator the lexicon's broadcast meets
        SingleOutputStreamOperator<PostTerms> postTerms = onTime
                .flatMap(new TermExtractor.Prepare(p.maxTermsPerPost()), PostTermsTypeInfo.INSTANCE)
                .uid("topics-post-terms").name("terms and digest of each post");
        BroadcastStream<RawRecord> lexicon = lexiconUpdates.broadcast(LexiconUpdates.STATE);
        SingleOutputStreamOperator<TermMention> mentions = postTerms
                .connect(lexicon)
                .process(new TermExtractor(c.judgementLexicon()), TermMentionTypeInfo.INSTANCE)
                .uid("topics-terms").name("judgement cues · mentions of each post");
        SingleOutputStreamOperator<TermWindow> candidates = mentions
                .keyBy(TermMention::term, Types.STRING)
                .process(new PanedTermWindows(p, c.window(), c.slide(), c.termTtl()), TermWindowTypeInfo.INSTANCE)
                // the uid of the window operator it replaced: baselines and the stream's start carry over
                .uid("topics-term-windows").name("term windows · burst score");
        if (c.parallelism() > 0) {
            onTime.setParallelism(c.parallelism());
            postTerms.setParallelism(c.parallelism());
            mentions.setParallelism(c.parallelism());
            candidates.setParallelism(c.parallelism());
        }
        SingleOutputStreamOperator<TopicSnapshot> snapshots = candidates
                .keyBy(t -> 0, Types.INT)
                .connect(lexicon)
                .process(new TopicStage(p, c.window(), c.slide(), c.judgementLexicon(), c.categoryModel()), JsonTypeInfo.of(TopicSnapshot.class))
                .uid("topics-topic-stage").name("merge · track · snapshot")
                .setParallelism(1);
        return new Streams(snapshots, onTime.getSideOutput(LatePostFilter.LATE), snapshots.getSideOutput(TopicStage.DEAD_LETTERS));
    }

    /** Submits the job to the cluster it runs in (flink run / the Kubernetes operator). */
    public static void main(String[] args) throws Exception {
        JobMain.run(args, NAME, (env, settings) -> build(env, TopicsJobConfig.from(settings)));
    }
}
