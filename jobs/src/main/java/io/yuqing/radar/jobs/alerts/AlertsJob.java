package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.connectors.alerts.AlertWrites;
import io.yuqing.radar.connectors.elasticsearch.ElasticsearchSink;
import io.yuqing.radar.connectors.kafka.JsonRecordSerializer;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JobMain;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.DeadLetter;
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


/**
 * The alerts job: topic snapshots ({@code yuqing.topics}) → rules → risk level → 首报 / 续报 →
 * {@code yuqing.alerts} (exactly once: Kafka transactions committed with checkpoints) and ES
 * {@code alerts-*} (document id = alert id). Rules come from {@code alert-rules.yaml} overlaid by
 * {@code alerts.rules-file}, and change at run time through the control topic
 * ({@code kafka.topic.alerts-control}, broadcast); refused updates and unreadable snapshots go to
 * {@code kafka.topic.alerts-dlq}.
 */
public final class AlertsJob {
    public static final String NAME = "yuqing-alerts";

    private AlertsJob() {}

    /** Adds the job's operators to {@code env}; the caller configures checkpointing and executes. */
    public static void build(StreamExecutionEnvironment env, AlertsJobConfig c) {
        KafkaSource<RawRecord> topics = KafkaIo.rawSource(c.kafka(), c.topicsTopic(), c.groupId(), c.startFromEarliest());
        // Control updates are read from the beginning on a fresh start (no checkpoint), so the
        // rules in force are always the initial rules plus every update in order. The control
        // topic must therefore have one partition (order) and keep its messages (retention.ms=-1).
        KafkaSource<RawRecord> control = KafkaIo.rawSource(c.kafka(), c.controlTopic(), c.groupId() + "-control",
                OffsetsInitializer.earliest());

        DataStreamSource<RawRecord> snapshotRecords =
                env.fromSource(topics, WatermarkStrategy.noWatermarks(), "kafka: " + c.topicsTopic());
        snapshotRecords.uid("alerts-source-topic-snapshots");
        if (c.parallelism() > 0) {
            snapshotRecords.setParallelism(c.parallelism());
        }
        DataStreamSource<RawRecord> controlRecords =
                env.fromSource(control, WatermarkStrategy.noWatermarks(), "kafka: " + c.controlTopic());
        controlRecords.uid("alerts-source-control").setParallelism(1);

        Streams out = wire(snapshotRecords, controlRecords, c);
        SingleOutputStreamOperator<Alert> alerts = out.alerts();
        DataStream<DeadLetter> deadLetters = out.deadLetters();

        alerts.sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-alerts",
                        new JsonRecordSerializer<>(c.alertsTopic(), Alert::topicId)))
                .uid("alerts-sink-kafka-alerts").name("kafka: " + c.alertsTopic());
        alerts.sinkTo(ElasticsearchSink.of(c.elasticsearch(), AlertWrites.toDocument(c.alertsIndexPrefix())))
                .uid("alerts-sink-es-alerts").name("elasticsearch: " + AlertWrites.pattern(c.alertsIndexPrefix()));
        deadLetters.sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-dlq",
                        new JsonRecordSerializer<>(c.dlqTopic(), (DeadLetter d) -> d.key())))
                .uid("alerts-sink-kafka-dlq").name("kafka: " + c.dlqTopic());
    }

    /** The job's outputs before the sinks. */
    public record Streams(SingleOutputStreamOperator<Alert> alerts, DataStream<DeadLetter> deadLetters) {}

    /**
     * The processing between sources and sinks, for tests that feed their own records: snapshot
     * records (values = TopicSnapshot JSON) and control records (values = rules updates).
     * Parsing runs with the snapshot source's parallelism (chained to it, so each partition's order
     * is kept up to the key-by); grading runs keyed by topic id.
     */
    public static Streams wire(DataStream<RawRecord> snapshotRecords, DataStream<RawRecord> controlRecords,
                               AlertsJobConfig c) {
        SingleOutputStreamOperator<TopicSnapshot> snapshots = snapshotRecords
                .process(new SnapshotParser(), JsonTypeInfo.of(TopicSnapshot.class))
                .setParallelism(snapshotRecords.getParallelism())
                .uid("alerts-parse-snapshots")
                .name("parse topic snapshots");
        BroadcastStream<RawRecord> rules = controlRecords.broadcast(AlertFunction.RULES);
        SingleOutputStreamOperator<Alert> alerts = snapshots
                .keyBy(TopicSnapshot::topicId, Types.STRING)
                .connect(rules)
                .process(new AlertFunction(c.rulesJson(), c.stateTtl()), JsonTypeInfo.of(Alert.class))
                .uid("alerts-grade-and-sequence")
                .name("grade · 首报/续报");
        if (c.parallelism() > 0) {
            alerts.setParallelism(c.parallelism());
        }
        DataStream<DeadLetter> deadLetters = snapshots.getSideOutput(SnapshotParser.DEAD_LETTERS)
                .union(alerts.getSideOutput(AlertFunction.DEAD_LETTERS));
        return new Streams(alerts, deadLetters);
    }

    /** Submits the job to the cluster it runs in (flink run / the Kubernetes operator). */
    public static void main(String[] args) throws Exception {
        JobMain.run(args, NAME, (env, settings) -> build(env, AlertsJobConfig.from(settings)));
    }
}
