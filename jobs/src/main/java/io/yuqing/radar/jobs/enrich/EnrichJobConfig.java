package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.connectors.hbase.HBaseSinkConfig;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;

/**
 * Everything the enrich job needs, read from {@link Settings}. {@code userDictionary}: path of the
 * operators' word file for the segmenter ({@code enrich.user-dictionary}), null or blank for none.
 * {@code sentimentModel}: where a trained sentiment model is ({@code enrich.sentiment-model}: a path or
 * a URI Flink's file systems read), null or blank for the lexicon alone.
 */
public record EnrichJobConfig(
        KafkaConnection kafka,
        String rawTopic,
        String enrichedTopic,
        String dlqTopic,
        String groupId,
        boolean startFromEarliest,
        DeliveryGuarantee delivery,
        HBaseSinkConfig hbase,
        ElasticsearchConfig elasticsearch,
        String postsIndexPrefix,
        EnrichmentLimits limits,
        int parallelism,
        Duration dupHorizon,
        String userDictionary,
        String sentimentModel) {

    public static EnrichJobConfig from(Settings s) {
        HBaseSinkConfig hbase = HBaseSinkConfig.of(s.get("hbase.zookeeper"), s.get("hbase.table.posts"));
        ElasticsearchConfig es = ElasticsearchConfig.from(s);
        return new EnrichJobConfig(KafkaConnection.from(s), s.get("kafka.topic.raw"), s.get("kafka.topic.enriched"),
                s.get("kafka.topic.dlq"), s.get("enrich.group"), KafkaIo.startFromEarliest(s), KafkaIo.delivery(s), hbase, es,
                s.get("es.index.posts"),
                new EnrichmentLimits(s.getInt("enrich.max-message-bytes"), s.getInt("enrich.max-text-chars"),
                        s.getDuration("enrich.future-tolerance")),
                s.getInt("enrich.parallelism"),
                positive(s.getDuration("enrich.dup-horizon"), "enrich.dup-horizon"),
                s.optional("enrich.user-dictionary"), s.optional("enrich.sentiment-model"));
    }

    public EnrichJobConfig withElasticsearch(ElasticsearchConfig es) {
        return new EnrichJobConfig(kafka, rawTopic, enrichedTopic, dlqTopic, groupId, startFromEarliest, delivery,
                hbase, es, postsIndexPrefix, limits, parallelism, dupHorizon,
                userDictionary, sentimentModel);
    }

    private static Duration positive(Duration d, String key) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
        return d;
    }
}
