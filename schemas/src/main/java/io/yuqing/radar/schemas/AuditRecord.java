package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * One audited request to the query service (留痕): who (a token's id, its role and unit, never the
 * token), what (method, route, the path and its parameters), with what result (status, items,
 * bytes) and when. Written once on Kafka {@code yuqing.audit} (key: audit id) and once in
 * Elasticsearch {@code audit-yyyy.MM} (document id = audit id, created, never updated).
 * Contract: {@code schemas/audit.schema.json}.
 *
 * @param access      read_posts | write | export: why the request is audited
 * @param parameters  the query string's parameters (repeated ones joined with ','), and for a
 *                    write its path parameters; bodies are not copied (a case event is on its own topic)
 * @param resultItems items the answer listed (posts found, 1 for one post), absent when the
 *                    answer is not a list (a report, an error)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        String auditId,
        Instant at,
        String tokenId,
        String role,
        String unit,
        String access,
        String method,
        String route,
        String path,
        Map<String, String> parameters,
        int status,
        Integer resultItems,
        long resultBytes,
        long durationMs) {

    public AuditRecord {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
