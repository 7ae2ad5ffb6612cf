package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.elasticsearch.RestClientCustomizer;
import io.yuqing.radar.connectors.hbase.HBaseSinkConfig;
import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;

/** Everything the topics job needs, read from {@link Settings} (keys {@code topics.*}). */
public record TopicsJobConfig(
        KafkaConnection kafka,
        String enrichedTopic,
        String topicsTopic,
        String lexiconTopic,
        String dlqTopic,
        String groupId,
        boolean startFromEarliest,
        DeliveryGuarantee delivery,
        HBaseSinkConfig hbase,
        ElasticsearchConfig elasticsearch,
        String topicsIndexPrefix,
        Duration window,
        Duration slide,
        Duration outOfOrderness,
        Duration idleness,
        Duration termTtl,
        TopicsParams params,
        int parallelism,
        String judgementLexicon,
        String categoryModel) {

    public TopicsJobConfig {
        if (slide.isZero() || slide.isNegative() || window.compareTo(slide) < 0 || window.toMillis() % slide.toMillis() != 0) {
            throw new IllegalArgumentException("topics.window must be a positive multiple of topics.slide, got "
                    + window + " and " + slide);
        }
        if (outOfOrderness.isNegative() || idleness.isNegative() || termTtl.isZero() || termTtl.isNegative()) {
            throw new IllegalArgumentException("topics durations must not be negative, topics.term-ttl positive");
        }
    }

    public static TopicsJobConfig from(Settings s) {
        TopicsParams params = new TopicsParams(
                getDouble(s, "topics.alpha"), getDouble(s, "topics.burst-alpha-factor"), getDouble(s, "topics.long-alpha"),
                getDouble(s, "topics.z-threshold"), getDouble(s, "topics.min-ratio"),
                s.getInt("topics.min-authors"), s.getInt("topics.sustain-authors"), getDouble(s, "topics.sustain-z"),
                s.getInt("topics.authors-per-cluster"), getDouble(s, "topics.merge-containment"),
                getDouble(s, "topics.match-overlap"), s.getInt("topics.min-topic-terms"), s.getDuration("topics.warmup"),
                s.getDuration("topics.end-after"), s.getDuration("topics.revive-within"), s.getInt("topics.sample-size"),
                s.getInt("topics.max-terms-per-post"), s.getInt("topics.max-keywords"),
                s.getDuration("topics.slow-span"), s.getInt("topics.slow-min-authors"));
        return new TopicsJobConfig(KafkaConnection.from(s), s.get("kafka.topic.enriched"), s.get("kafka.topic.topics"),
                s.get("kafka.topic.topics-lexicon"), s.get("kafka.topic.topics-dlq"),
                s.get("topics.group"), KafkaIo.startFromEarliest(s), KafkaIo.delivery(s),
                HBaseSinkConfig.of(s.get("hbase.zookeeper"), s.get("hbase.table.topic-trend")),
                new ElasticsearchConfig(s.getList("es.urls"), s.optional("es.api-key"), s.optional("es.username"),
                        s.optional("es.password"), RestClientCustomizer.NONE),
                s.get("es.index.topics"), s.getDuration("topics.window"), s.getDuration("topics.slide"),
                s.getDuration("topics.out-of-orderness"), s.getDuration("topics.idleness"),
                s.getDuration("topics.term-ttl"), params, s.getInt("topics.parallelism"),
                s.optional("topics.judgement-lexicon"), s.optional("topics.category-model"));
    }

    public TopicsJobConfig withElasticsearch(ElasticsearchConfig es) {
        return new TopicsJobConfig(kafka, enrichedTopic, topicsTopic, lexiconTopic, dlqTopic, groupId, startFromEarliest, delivery, hbase, es,
                topicsIndexPrefix, window, slide, outOfOrderness, idleness, termTtl, params, parallelism,
                judgementLexicon, categoryModel);
    }

    private static double getDouble(Settings s, String key) {
        try {
            return Double.parseDouble(s.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + s.get(key) + "'");
        }
    }
}
