package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.RiskLevel;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts over {@code alerts-*}: term filters on keyword fields, a range on detected_at, newest
 * first; and each topic's current level, the level of its latest report.
 */
final class EsAlertSearch implements TopicReads.AlertSearch, TopicReads.CurrentLevels {
    static final String DETECTED_AT = "detected_at";
    static final String REPORT_SEQ = "report_seq";
    static final String TOPIC_ID = "topic_id";

    private final ElasticsearchClient es;
    private final String indexPattern;

    EsAlertSearch(ElasticsearchClient es, String indexPattern) {
        this.es = es;
        this.indexPattern = indexPattern;
    }

    @Override
    public TopicReads.AlertPage search(AlertParams p) throws IOException {
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(indexPattern)
                        .query(query(p))
                        .sort(o -> o.field(f -> f.field(DETECTED_AT).order(SortOrder.Desc).unmappedType(FieldType.Date)))
                        .from(p.offset())
                        .size(p.size())
                        .trackTotalHits(t -> t.enabled(true)),
                JsonData.class);
        List<Alert> items = EsQueries.sources(r, Alert.class);
        long total = r.hits().total() == null ? items.size() : r.hits().total().value();
        return new TopicReads.AlertPage(total, p.page(), p.size(), items);
    }

    /**
     * One search: the topics' alerts collapsed on topic id, highest report_seq first, so each
     * topic contributes its latest report. Ids travel as term values, never as query text.
     */
    @Override
    public Map<String, RiskLevel> of(Collection<String> topicIds) throws IOException {
        if (topicIds.isEmpty()) {
            return Map.of();
        }
        List<FieldValue> ids = topicIds.stream().distinct().map(FieldValue::of).toList();
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(indexPattern)
                        .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field(TOPIC_ID).terms(v -> v.value(ids))))))
                        .collapse(c -> c.field(TOPIC_ID))
                        .sort(o -> o.field(f -> f.field(REPORT_SEQ).order(SortOrder.Desc).unmappedType(FieldType.Integer)))
                        .source(src -> src.filter(f -> f.includes(TOPIC_ID, "level")))
                        .size(ids.size()),
                JsonData.class);
        Map<String, RiskLevel> out = new HashMap<>();
        for (Alert a : EsQueries.sources(r, Alert.class)) {
            if (a.topicId() != null && a.level() != null) {
                out.put(a.topicId(), a.level());
            }
        }
        return out;
    }

    static Query query(AlertParams p) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        if (p.level() != null) {
            b.filter(f -> f.term(t -> t.field("level").value(p.level().json())));
        }
        if (p.topic() != null) {
            b.filter(f -> f.term(t -> t.field(TOPIC_ID).value(p.topic())));
        }
        if (p.report() == AlertParams.Report.FIRST) {
            b.filter(f -> f.term(t -> t.field(REPORT_SEQ).value(1)));
        } else if (p.report() == AlertParams.Report.FOLLOWUP) {
            b.filter(f -> f.range(r -> r.number(n -> n.field(REPORT_SEQ).gte(2.0))));
        }
        if (p.category() != null) {
            b.filter(f -> f.term(t -> t.field("category").value(p.category().json())));
        }
        if (p.minRumorScore() != null) {
            b.filter(f -> f.range(r -> r.number(n -> n.field("rumor_score").gte(p.minRumorScore()))));
        }
        EsQueries.timeRange(b, DETECTED_AT, p.from(), p.to());
        return b.build()._toQuery();
    }
}
