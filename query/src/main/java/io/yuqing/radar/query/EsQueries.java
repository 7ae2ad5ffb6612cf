package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.yuqing.radar.schemas.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Query pieces the searches share; values travel as typed parameters, never as query text. */
final class EsQueries {
    private EsQueries() {}

    /** Filters {@code field} to [from, to) when either is given; both are optional. */
    static void timeRange(BoolQuery.Builder b, String field, Instant from, Instant to) {
        if (from == null && to == null) {
            return;
        }
        b.filter(f -> f.range(r -> r.date(d -> {
            d.field(field).format("epoch_millis");
            if (from != null) {
                d.gte(Long.toString(from.toEpochMilli()));
            }
            if (to != null) {
                d.lt(Long.toString(to.toEpochMilli()));
            }
            return d;
        })));
    }

    /**
     * A hit's source as one of our records. Searches ask for {@link JsonData}, not the record:
     * the caller built the client and its JSON mapper may not know our snake_case contract;
     * {@link Json#mapper()} does.
     */
    static <T> T decode(JsonData source, Class<T> type) {
        return Json.fromString(source.toJson().toString(), type);
    }

    /** Every hit's source as a record, in hit order; hits without a source are skipped. */
    static <T> List<T> sources(SearchResponse<JsonData> r, Class<T> type) {
        List<T> out = new ArrayList<>(r.hits().hits().size());
        r.hits().hits().forEach(hit -> {
            if (hit.source() != null) {
                out.add(decode(hit.source(), type));
            }
        });
        return out;
    }
}
