package io.yuqing.radar.query;

import io.yuqing.radar.schemas.EnrichedPost;

import java.util.List;

/**
 * One page of search results: the body of {@code GET /api/v1/posts/search}.
 *
 * @param total every post matching the search (exact, not capped at 10,000: monitoring reports
 *              quote these counts)
 */
public record SearchPage(long total, int page, int size, List<EnrichedPost> items) {
    public SearchPage {
        items = List.copyOf(items);
    }
}
