package io.yuqing.radar.schemas;

import java.time.Instant;

/**
 * Elasticsearch indices for posts: one per month of {@code created_at} in China time,
 * {@code posts-2026.11}, document id = post id (so writes are idempotent). The index template
 * {@code elasticsearch/posts-template.json} on this module's classpath applies to
 * {@code posts-*}; readers search the pattern.
 */
public final class PostsIndex {
    public static final String DEFAULT_PREFIX = "posts";
    public static final String TEMPLATE_RESOURCE = "elasticsearch/posts-template.json";

    private PostsIndex() {}

    public static String indexFor(String prefix, Instant createdAt) {
        return MonthlyIndex.indexFor(prefix, createdAt);
    }

    public static String pattern(String prefix) {
        return MonthlyIndex.pattern(prefix);
    }
}
