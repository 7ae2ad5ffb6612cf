package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.elasticsearch.RestClientCustomizer;
import io.yuqing.radar.connectors.hbase.HBaseSinkConfig;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.util.Locale;

/** Everything the enrich job needs, read from {@link Settings}. */
public record EnrichJobConfig(
        String bootstrap,
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
        int parallelism) {

    public static EnrichJobConfig from(Settings s) {
        String start = s.get("kafka.start").toLowerCase(Locale.ROOT);
        if (!start.equals("earliest") && !start.equals("latest")) {
            throw new IllegalArgumentException("kafka.start must be earliest or latest, got '" + start + "'");
        }
        String delivery = s.get("kafka.delivery").toUpperCase(Locale.ROOT);
        DeliveryGuarantee guarantee;
        try {
            guarantee = DeliveryGuarantee.valueOf(delivery);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kafka.delivery must be exactly_once or at_least_once, got '" + delivery + "'");
        }
        HBaseSinkConfig hbase = HBaseSinkConfig.of(s.get("hbase.zookeeper"), s.get("hbase.table.posts"));
        ElasticsearchConfig es = new ElasticsearchConfig(s.getList("es.urls"), s.optional("es.api-key"),
                s.optional("es.username"), s.optional("es.password"), RestClientCustomizer.NONE);
        return new EnrichJobConfig(s.get("kafka.bootstrap"), s.get("kafka.topic.raw"), s.get("kafka.topic.enriched"),
                s.get("kafka.topic.dlq"), s.get("enrich.group"), start.equals("earliest"), guarantee, hbase, es,
                s.get("es.index.posts"),
                new EnrichmentLimits(s.getInt("enrich.max-message-bytes"), s.getInt("enrich.max-text-chars"),
                        s.getDuration("enrich.future-tolerance")),
                s.getInt("enrich.parallelism"));
    }

    public EnrichJobConfig withElasticsearch(ElasticsearchConfig es) {
        return new EnrichJobConfig(bootstrap, rawTopic, enrichedTopic, dlqTopic, groupId, startFromEarliest, delivery,
                hbase, es, postsIndexPrefix, limits, parallelism);
    }
}
