package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the alerts job needs, read from {@link Settings}.
 *
 * @param rulesJson the initial rules (shipped defaults overlaid by {@code alerts.rules-file}),
 *                  validated, as JSON; control-topic updates apply on top of them
 * @param stateTtl  how long a topic's report state is kept after its last snapshot
 */
public record AlertsJobConfig(
        KafkaConnection kafka,
        String topicsTopic,
        String alertsTopic,
        String controlTopic,
        String dlqTopic,
        String groupId,
        boolean startFromEarliest,
        DeliveryGuarantee delivery,
        ElasticsearchConfig elasticsearch,
        String alertsIndexPrefix,
        String rulesJson,
        Duration stateTtl,
        int parallelism) {

    public static AlertsJobConfig from(Settings s) {
        ElasticsearchConfig es = ElasticsearchConfig.from(s);
        String rulesFile = s.optional("alerts.rules-file");
        AlertRulesConfig rules = AlertRulesConfig.load(rulesFile == null ? null : Path.of(rulesFile));
        Duration ttl = s.getDuration("alerts.state-ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("alerts.state-ttl must be positive, got " + ttl);
        }
        return new AlertsJobConfig(KafkaConnection.from(s), s.get("kafka.topic.topics"), s.get("kafka.topic.alerts"),
                s.get("kafka.topic.alerts-control"), s.get("kafka.topic.alerts-dlq"), s.get("alerts.group"),
                KafkaIo.startFromEarliest(s), KafkaIo.delivery(s), es, s.get("es.index.alerts"), rules.toJson(), ttl,
                s.getInt("alerts.parallelism"));
    }

    public AlertRulesConfig rules() {
        return AlertRulesConfig.fromJson(rulesJson);
    }

    public AlertsJobConfig withElasticsearch(ElasticsearchConfig es) {
        return new AlertsJobConfig(kafka, topicsTopic, alertsTopic, controlTopic, dlqTopic, groupId, startFromEarliest,
                delivery, es, alertsIndexPrefix, rulesJson, stateTtl, parallelism);
    }

    public AlertsJobConfig withRules(AlertRulesConfig rules) {
        return new AlertsJobConfig(kafka, topicsTopic, alertsTopic, controlTopic, dlqTopic, groupId, startFromEarliest,
                delivery, elasticsearch, alertsIndexPrefix, rules.toJson(), stateTtl, parallelism);
    }
}
