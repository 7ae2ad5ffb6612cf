package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.hbase.HBaseSinkConfig;
import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the cases job needs, read from {@link Settings}.
 *
 * @param deadlines  the shipped case-deadlines.yaml overlaid by {@code cases.deadlines-file}, validated
 * @param orphanWait how long a case event for a case not yet opened waits for the 首报 before it is refused
 */
public record CasesJobConfig(
        KafkaConnection kafka,
        String alertsTopic,
        String eventsTopic,
        String remindersTopic,
        String dlqTopic,
        String groupId,
        boolean startFromEarliest,
        DeliveryGuarantee delivery,
        HBaseSinkConfig hbase,
        ElasticsearchConfig elasticsearch,
        String casesIndexPrefix,
        CaseDeadlines deadlines,
        Duration orphanWait,
        int parallelism) {

    /** Long enough for the alerts topic to catch up with the events topic on a fresh start. */
    public static final Duration ORPHAN_WAIT = Duration.ofMinutes(2);

    public static CasesJobConfig from(Settings s) {
        String file = s.optional("cases.deadlines-file");
        return new CasesJobConfig(KafkaConnection.from(s), s.get("kafka.topic.alerts"), s.get("kafka.topic.cases-events"),
                s.get("kafka.topic.cases-reminders"), s.get("kafka.topic.cases-dlq"), s.get("cases.group"),
                KafkaIo.startFromEarliest(s), KafkaIo.delivery(s),
                HBaseSinkConfig.of(s.get("hbase.zookeeper"), s.get("hbase.table.cases")), ElasticsearchConfig.from(s),
                s.get("es.index.cases"), CaseDeadlines.load(file == null ? null : Path.of(file)), ORPHAN_WAIT,
                s.getInt("cases.parallelism"));
    }

    public CasesJobConfig withElasticsearch(ElasticsearchConfig es) {
        return new CasesJobConfig(kafka, alertsTopic, eventsTopic, remindersTopic, dlqTopic, groupId, startFromEarliest,
                delivery, hbase, es, casesIndexPrefix, deadlines, orphanWait, parallelism);
    }

    public CasesJobConfig withDeadlines(CaseDeadlines d) {
        return new CasesJobConfig(kafka, alertsTopic, eventsTopic, remindersTopic, dlqTopic, groupId, startFromEarliest,
                delivery, hbase, elasticsearch, casesIndexPrefix, d, orphanWait, parallelism);
    }
}
