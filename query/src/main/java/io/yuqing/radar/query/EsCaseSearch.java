package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.yuqing.radar.schemas.CaseFile;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The case ledger over {@code cases-*}: term filters on keyword fields, a range on opened_at, newest first. */
final class EsCaseSearch implements CaseDesk.Search, CaseDesk.MonthSource {
    static final String OPENED_AT = "opened_at";
    /** The most cases one monthly bulletin reads (hundreds a month is a busy office). */
    static final int MAX_BULLETIN_CASES = 2000;

    private final ElasticsearchClient es;
    private final String indexPattern;

    EsCaseSearch(ElasticsearchClient es, String indexPattern) {
        this.es = es;
        this.indexPattern = indexPattern;
    }

    @Override
    public CaseDesk.Page search(CaseParams p) throws IOException {
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(indexPattern)
                        .query(query(p))
                        // the list needs the report fields, not every timeline line
                        .source(src -> src.filter(f -> f.excludes("timeline")))
                        .sort(o -> o.field(f -> f.field(OPENED_AT).order(SortOrder.Desc).unmappedType(FieldType.Date)))
                        .from(p.offset())
                        .size(p.size())
                        .ignoreUnavailable(true)
                        .allowNoIndices(true)
                        .trackTotalHits(t -> t.enabled(true)),
                JsonData.class);
        List<CaseFile> items = EsQueries.sources(r, CaseFile.class);
        long total = r.hits().total() == null ? items.size() : r.hits().total().value();
        return new CaseDesk.Page(total, p.page(), p.size(), items);
    }

    @Override
    public CaseDesk.Active active(Instant start, Instant end) throws IOException {
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(indexPattern)
                        .query(activeIn(start, end))
                        .source(src -> src.filter(f -> f.excludes("timeline")))
                        .sort(o -> o.field(f -> f.field(OPENED_AT).order(SortOrder.Asc).unmappedType(FieldType.Date)))
                        .size(MAX_BULLETIN_CASES)
                        .ignoreUnavailable(true)
                        .allowNoIndices(true)
                        .trackTotalHits(t -> t.enabled(true)),
                JsonData.class);
        List<CaseFile> items = EsQueries.sources(r, CaseFile.class);
        long total = r.hits().total() == null ? items.size() : r.hits().total().value();
        return new CaseDesk.Active(items, total > items.size());
    }

    /** Opened before {@code end}, and still open or closed at or after {@code start}. */
    static Query activeIn(Instant start, Instant end) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        EsQueries.timeRange(b, OPENED_AT, null, end);
        b.filter(f -> f.bool(o -> o
                .should(x -> x.range(r -> r.date(d -> d.field("closed_at").format("epoch_millis")
                        .gte(Long.toString(start.toEpochMilli())))))
                .should(x -> x.terms(t -> t.field("status").terms(v -> v.value(List.of(
                        co.elastic.clients.elasticsearch._types.FieldValue.of("open"),
                        co.elastic.clients.elasticsearch._types.FieldValue.of("handling"),
                        co.elastic.clients.elasticsearch._types.FieldValue.of("responded"))))))
                .minimumShouldMatch("1")));
        return b.build()._toQuery();
    }

    static Query query(CaseParams p) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        if (p.status() != null) {
            b.filter(f -> f.term(t -> t.field("status").value(p.status().json())));
        }
        if (p.level() != null) {
            b.filter(f -> f.term(t -> t.field("level").value(p.level().json())));
        }
        if (p.category() != null) {
            b.filter(f -> f.term(t -> t.field("category").value(p.category().json())));
        }
        if (p.unit() != null) {
            b.filter(f -> f.term(t -> t.field("unit").value(p.unit())));
        }
        if (p.overdue() != null) {
            b.filter(f -> f.term(t -> t.field("overdue").value(p.overdue())));
        }
        EsQueries.timeRange(b, OPENED_AT, p.from(), p.to());
        return b.build()._toQuery();
    }
}
