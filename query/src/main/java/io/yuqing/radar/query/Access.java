package io.yuqing.radar.query;

import java.util.List;

/**
 * The kind of access a request asks for, decided from its method and path alone, before any
 * route runs: a route added later (the cases branch's {@code POST /api/v1/cases/{id}/events}) is
 * a write by its method and needs no entry here to be refused to a viewer.
 */
enum Access {
    /** Topics, alerts, the trend page's calls. Not audited: aggregates, no post bodies beyond excerpts. */
    READ(false),
    /** Post bodies: one post or a search over them. Audited: who looked at which posts (留痕). */
    READ_POSTS(true),
    /** Any request that is not GET/HEAD under /api: it changes what the service or Kafka holds. */
    WRITE(true),
    /** A document meant to leave the system: the daily/weekly/monthly reports, JSON or printable HTML. */
    EXPORT(true);

    /** Path prefixes of the export routes; README's matrix lists the same. */
    static final List<String> EXPORT_PREFIXES = List.of("/api/v1/reports/");
    static final List<String> POST_READ_PREFIXES = List.of("/api/v1/posts/");

    private final boolean audited;

    Access(boolean audited) {
        this.audited = audited;
    }

    boolean audited() {
        return audited;
    }

    static Access of(String method, String path) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return WRITE;
        }
        if (EXPORT_PREFIXES.stream().anyMatch(path::startsWith)) {
            return EXPORT;
        }
        if (POST_READ_PREFIXES.stream().anyMatch(path::startsWith)) {
            return READ_POSTS;
        }
        return READ;
    }
}
