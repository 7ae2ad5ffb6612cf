package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;

import java.time.Instant;

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
}
