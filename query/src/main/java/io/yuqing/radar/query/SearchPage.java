package io.yuqing.radar.query;

import io.yuqing.radar.schemas.EnrichedPost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of search results: the body of {@code GET /api/v1/posts/search}.
 *
 * @param total every post matching the search (exact, not capped at 10,000: monitoring reports
 *              quote these counts)
 * @param highlights by post id: fragments of its text with the matched words in {@code <em>}; the
 *                   text is HTML-escaped, so a fragment can be shown as HTML as it is
 */
public record SearchPage(long total, int page, int size, List<EnrichedPost> items,
                         Map<String, List<String>> highlights) {
    public SearchPage {
        items = List.copyOf(items);
        highlights = highlights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(highlights));
    }

    public SearchPage(long total, int page, int size, List<EnrichedPost> items) {
        this(total, page, size, items, Map.of());
    }
}
