package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.connectors.cases.CaseWrites;
import io.yuqing.radar.connectors.elasticsearch.ElasticsearchSink;
import io.yuqing.radar.connectors.hbase.HBaseSink;
import io.yuqing.radar.connectors.kafka.JsonRecordSerializer;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JobMain;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.DeadLetter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The cases job (一情一档): alerts ({@code yuqing.alerts}) and case events
 * ({@code yuqing.cases.events}) keyed by case id (= topic id) → {@link CaseFunction} (the
 * {@link CaseLedger} fold and deadline timers) → case files to HBase {@code cases} and ES
 * {@code cases-*} (idempotent: row / document id = case id), 督办 reminders to
 * {@code yuqing.cases.reminders} (exactly once: Kafka transactions committed with checkpoints), and
 * unreadable or refused inputs to {@code yuqing.cases.dlq}. Deadlines: {@link CaseDeadlines}.
 */
public final class CasesJob {
    public static final String NAME = "yuqing-cases";

    private CasesJob() {}

    /** Adds the job's operators to {@code env}; the caller configures checkpointing and executes. */
    public static void build(StreamExecutionEnvironment env, CasesJobConfig c) {
        KafkaSource<RawRecord> alerts = KafkaIo.rawSource(c.kafka(), c.alertsTopic(), c.groupId(), c.startFromEarliest());
        KafkaSource<RawRecord> events = KafkaIo.rawSource(c.kafka(), c.eventsTopic(), c.groupId() + "-events",
                c.startFromEarliest());
        DataStreamSource<RawRecord> alertRecords =
                env.fromSource(alerts, WatermarkStrategy.noWatermarks(), "kafka: " + c.alertsTopic());
        alertRecords.uid("cases-source-alerts");
        DataStreamSource<RawRecord> eventRecords =
                env.fromSource(events, WatermarkStrategy.noWatermarks(), "kafka: " + c.eventsTopic());
        eventRecords.uid("cases-source-case-events");
        if (c.parallelism() > 0) {
            alertRecords.setParallelism(c.parallelism());
            eventRecords.setParallelism(c.parallelism());
        }

        Streams out = wire(alertRecords, eventRecords, c);
        out.files().sinkTo(HBaseSink.of(c.hbase(), CaseWrites::toRow))
                .uid("cases-sink-hbase-cases").name("hbase: " + c.hbase().table());
        out.files().sinkTo(ElasticsearchSink.of(c.elasticsearch(), CaseWrites.toDocument(c.casesIndexPrefix())))
                .uid("cases-sink-es-cases").name("elasticsearch: " + CaseWrites.pattern(c.casesIndexPrefix()));
        out.reminders().sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-reminders",
                        new JsonRecordSerializer<>(c.remindersTopic(), CaseReminder::caseId)))
                .uid("cases-sink-kafka-reminders").name("kafka: " + c.remindersTopic());
        out.deadLetters().sinkTo(KafkaIo.sink(c.kafka(), c.delivery(), c.groupId() + "-dlq",
                        new JsonRecordSerializer<>(c.dlqTopic(), (DeadLetter d) -> d.key())))
                .uid("cases-sink-kafka-dlq").name("kafka: " + c.dlqTopic());
    }

    /** The job's outputs before the sinks. */
    public record Streams(SingleOutputStreamOperator<CaseFile> files, DataStream<CaseReminder> reminders,
                          DataStream<DeadLetter> deadLetters) {}

    /** The processing between sources and sinks, for tests that feed their own records. */
    public static Streams wire(DataStream<RawRecord> alertRecords, DataStream<RawRecord> eventRecords, CasesJobConfig c) {
        // parsing is chained to each source, so each partition's order is kept up to the key-by
        SingleOutputStreamOperator<CaseInput> alerts = alertRecords
                .process(new CaseInputParser(c.alertsTopic()), JsonTypeInfo.of(CaseInput.class))
                .setParallelism(alertRecords.getParallelism())
                .uid("cases-parse-alerts").name("parse alerts");
        SingleOutputStreamOperator<CaseInput> events = eventRecords
                .process(new CaseInputParser(c.alertsTopic()), JsonTypeInfo.of(CaseInput.class))
                .setParallelism(eventRecords.getParallelism())
                .uid("cases-parse-case-events").name("parse case events");
        SingleOutputStreamOperator<CaseFile> files = alerts.union(events)
                .keyBy(CaseInput::caseId, Types.STRING)
                .process(new CaseFunction(c.deadlines(), c.orphanWait()), JsonTypeInfo.of(CaseFile.class))
                .uid("cases-ledger-and-deadlines")
                .name("case ledger · deadlines · 督办");
        if (c.parallelism() > 0) {
            files.setParallelism(c.parallelism());
        }
        DataStream<DeadLetter> deadLetters = alerts.getSideOutput(CaseInputParser.DEAD_LETTERS)
                .union(events.getSideOutput(CaseInputParser.DEAD_LETTERS), files.getSideOutput(CaseFunction.DEAD_LETTERS));
        return new Streams(files, files.getSideOutput(CaseFunction.REMINDERS), deadLetters);
    }

    /** Submits the job to the cluster it runs in (flink run / the Kubernetes operator). */
    public static void main(String[] args) throws Exception {
        JobMain.run(args, NAME, (env, settings) -> build(env, CasesJobConfig.from(settings)));
    }
}
