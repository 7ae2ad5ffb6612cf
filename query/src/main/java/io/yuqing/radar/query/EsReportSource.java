package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.NamedValue;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A report's inputs in two searches: the period's alerts, then one aggregation over the period's
 * topic snapshots that are hot enough or belong to an alerted topic, per topic its peaks, its
 * hottest snapshot and its heat per sparkline bucket. Only instants, numbers and topic ids (as
 * term values) reach the queries.
 */
final class EsReportSource implements TopicReads.ReportSource {
    /** More alerts than this in one period and the report says it is truncated. */
    static final int MAX_ALERTS = 2000;
    static final int MAX_TOPICS = 200;
    private static final String TOPICS = "topics";
    private static final String PEAK_HEAT = "peak_heat";
    private static final String PEAK_POSTS = "peak_posts";
    private static final String PEAK_AUTHORS = "peak_authors";
    private static final String PEAK = "peak";
    private static final String TREND = "trend";
    private static final String BUCKET_POSTS = "posts";
    private static final String PEAK_RUMOR = "peak_rumor";

    private final ElasticsearchClient es;
    private final String topicsPattern;
    private final String alertsPattern;

    EsReportSource(ElasticsearchClient es, String topicsPattern, String alertsPattern) {
        this.es = es;
        this.topicsPattern = topicsPattern;
        this.alertsPattern = alertsPattern;
    }

    @Override
    public ReportInputs read(ReportPeriod period, double minHeat) throws IOException {
        List<Alert> alerts = alerts(period);
        Set<String> alerted = new LinkedHashSet<>();
        alerts.forEach(a -> alerted.add(a.topicId()));
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(topicsPattern)
                        .query(topicQuery(period, minHeat, alerted))
                        .size(0)
                        .aggregations(TOPICS, a -> a
                                .terms(t -> t.field(EsTopicSearch.TOPIC_ID).size(MAX_TOPICS)
                                        .order(NamedValue.of(PEAK_HEAT, SortOrder.Desc)))
                                .aggregations(PEAK_HEAT, x -> x.max(m -> m.field("heat")))
                                .aggregations(PEAK_POSTS, x -> x.max(m -> m.field("post_count")))
                                .aggregations(PEAK_AUTHORS, x -> x.max(m -> m.field("author_count")))
                                .aggregations(PEAK_RUMOR, x -> x.max(m -> m.field("rumor_score")))
                                .aggregations(PEAK, x -> x.topHits(h -> h.size(1)
                                        .sort(o -> o.field(f -> f.field("heat").order(SortOrder.Desc)))
                                        .source(src -> src.filter(f -> f.includes("topic_id", "title", "keywords",
                                                "first_seen_at", "window_end", "heat", "category")))))
                                .aggregations(TREND, x -> x
                                        .dateHistogram(d -> d.field(EsTopicSearch.WINDOW_END)
                                                .fixedInterval(i -> i.time(period.kind().bucket().toMinutes() + "m"))
                                                // buckets start where the period does, not at midnight UTC
                                                .offset(o -> o.time(offsetMinutes(period) + "m")))
                                        .aggregations(PEAK_HEAT, y -> y.max(m -> m.field("heat")))
                                        .aggregations(BUCKET_POSTS, y -> y.max(m -> m.field("post_count"))))),
                JsonData.class);
        List<ReportInputs.TopicSummary> topics = new ArrayList<>();
        Aggregate agg = r.aggregations().get(TOPICS);
        List<StringTermsBucket> buckets = agg == null ? List.of() : agg.sterms().buckets().array();
        for (StringTermsBucket b : buckets) {
            topics.add(summary(b));
        }
        boolean truncated = alerts.size() >= MAX_ALERTS
                || (agg != null && agg.sterms().sumOtherDocCount() != null && agg.sterms().sumOtherDocCount() > 0);
        return new ReportInputs(topics, alerts, truncated);
    }

    private List<Alert> alerts(ReportPeriod period) throws IOException {
        BoolQuery.Builder b = new BoolQuery.Builder();
        EsQueries.timeRange(b, EsAlertSearch.DETECTED_AT, period.start(), period.end());
        Query q = b.build()._toQuery();
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(alertsPattern)
                        .query(q)
                        .sort(o -> o.field(f -> f.field(EsAlertSearch.DETECTED_AT).order(SortOrder.Desc)
                                .unmappedType(FieldType.Date)))
                        .size(MAX_ALERTS),
                JsonData.class);
        return EsQueries.sources(r, Alert.class);
    }

    /** Snapshots of the period that are hot enough, or of a topic alerted in it. */
    static Query topicQuery(ReportPeriod period, double minHeat, Set<String> alerted) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        EsQueries.timeRange(b, EsTopicSearch.WINDOW_END, period.start(), period.end());
        b.should(s -> s.range(r -> r.number(n -> n.field("heat").gte(minHeat))));
        if (!alerted.isEmpty()) {
            List<FieldValue> ids = alerted.stream().map(FieldValue::of).toList();
            b.should(s -> s.terms(t -> t.field(EsTopicSearch.TOPIC_ID).terms(v -> v.value(ids))));
        }
        b.minimumShouldMatch("1");
        return b.build()._toQuery();
    }

    static long offsetMinutes(ReportPeriod period) {
        long bucket = period.kind().bucket().toMinutes();
        return Math.floorMod(period.start().getEpochSecond() / 60, bucket);
    }

    private static ReportInputs.TopicSummary summary(StringTermsBucket b) {
        String id = b.key().stringValue();
        TopicSnapshot peak = null;
        var hits = b.aggregations().get(PEAK).topHits().hits().hits();
        if (!hits.isEmpty() && hits.get(0).source() != null) {
            peak = EsQueries.decode(hits.get(0).source(), TopicSnapshot.class);
        }
        List<ReportInputs.Bucket> trend = new ArrayList<>();
        for (DateHistogramBucket d : b.aggregations().get(TREND).dateHistogram().buckets().array()) {
            if (d.docCount() > 0) {
                trend.add(new ReportInputs.Bucket(Instant.ofEpochMilli(d.key()),
                        max(d.aggregations().get(PEAK_HEAT)), (long) max(d.aggregations().get(BUCKET_POSTS))));
            }
        }
        return new ReportInputs.TopicSummary(id, peak == null ? null : peak.title(),
                peak == null ? List.of() : peak.keywords(), peak == null ? null : peak.firstSeenAt(),
                max(b.aggregations().get(PEAK_HEAT)), (long) max(b.aggregations().get(PEAK_POSTS)),
                (long) max(b.aggregations().get(PEAK_AUTHORS)), peak == null ? null : peak.windowEnd(), trend,
                peak == null ? null : peak.category(), maxOrNull(b.aggregations().get(PEAK_RUMOR)));
    }

    /** A max aggregation's value, rounded like {@link #max}; null when no document had the field. */
    private static Double maxOrNull(Aggregate a) {
        Double v = a == null ? null : a.max().value();
        return v == null || v.isNaN() || v.isInfinite() ? null : Math.round(v * 100) / 100.0;
    }

    /** A max aggregation's value; 0 when there was nothing to aggregate. */
    private static double max(Aggregate a) {
        Double v = a == null ? null : a.max().value();
        // heat is stored as a float: round away the float-to-double noise (130.2 came back as 130.19999)
        return v == null || v.isNaN() || v.isInfinite() ? 0 : Math.round(v * 100) / 100.0;
    }
}
