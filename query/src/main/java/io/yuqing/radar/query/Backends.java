package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.apache.hadoop.hbase.client.Connection;

import java.util.List;
import java.util.Objects;

/** The service's view of the real HBase and Elasticsearch clients its caller built. */
record Backends(PostStore store, PostSearch search, TopicReads.HotTopics hotTopics,
                TopicReads.TopicHistory topicHistory, TopicReads.AlertSearch alerts,
                TopicReads.CurrentLevels levels, TopicReads.ReportSource reports,
                List<ReadinessCheck> readinessChecks) {

    static Backends of(QueryConfig config, Connection hbase, ElasticsearchClient es) {
        Objects.requireNonNull(hbase, "hbase connection");
        Objects.requireNonNull(es, "elasticsearch client");
        HBasePostStore store = new HBasePostStore(hbase, config.postsTable(), config.backendTimeout());
        HBaseTopicHistory trend = new HBaseTopicHistory(hbase, config.topicTrendTable(), config.backendTimeout());
        EsAlertSearch alerts = new EsAlertSearch(es, config.alertsIndexPattern());
        return new Backends(store, new EsPostSearch(es, config.postsIndexPattern()),
                new EsTopicSearch(es, config.topicsIndexPattern(), alerts), trend, alerts, alerts,
                new EsReportSource(es, config.topicsIndexPattern(), config.alertsIndexPattern()), List.of(
                new ReadinessCheck("hbase", store::probe),
                // a topic's detail and trend read this table: without it half the API fails
                new ReadinessCheck("hbase_topic_trend", trend::probe),
                // ping is HEAD /: answered by every ES version without parsing a body
                new ReadinessCheck("elasticsearch", () -> {
                    if (!es.ping().value()) {
                        throw new IllegalStateException("ping answered false");
                    }
                })));
    }
}
