package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Alerts over {@code alerts-*}: term filters on keyword fields, a range on detected_at, newest first. */
final class EsAlertSearch implements TopicReads.AlertSearch {
    static final String DETECTED_AT = "detected_at";

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
        List<Alert> items = new ArrayList<>();
        for (Hit<JsonData> hit : r.hits().hits()) {
            if (hit.source() != null) {
                items.add(Json.fromString(hit.source().toJson().toString(), Alert.class));
            }
        }
        long total = r.hits().total() == null ? items.size() : r.hits().total().value();
        return new TopicReads.AlertPage(total, p.page(), p.size(), items);
    }

    static Query query(AlertParams p) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        if (p.level() != null) {
            b.filter(f -> f.term(t -> t.field("level").value(p.level().json())));
        }
        if (p.topic() != null) {
            b.filter(f -> f.term(t -> t.field("topic_id").value(p.topic())));
        }
        EsQueries.timeRange(b, DETECTED_AT, p.from(), p.to());
        return b.build()._toQuery();
    }
}
