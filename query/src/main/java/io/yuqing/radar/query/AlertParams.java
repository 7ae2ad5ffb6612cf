package io.yuqing.radar.query;

import io.yuqing.radar.schemas.RiskLevel;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A validated {@code GET /api/v1/alerts}: alerts newest {@code detected_at} first.
 *
 * @param level only alerts of this level, or null
 * @param topic only alerts of this topic id, or null
 * @param from  detected_at at or after, or null
 * @param to    detected_at strictly before, or null
 */
public record AlertParams(RiskLevel level, String topic, Instant from, Instant to, int page, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public int offset() {
        return page * size;
    }

    public static AlertParams parse(Function<String, String> param) {
        RiskLevel level = null;
        String l = param.apply("level");
        if (l != null && !l.isBlank()) {
            String want = l.strip().toLowerCase(Locale.ROOT);
            level = Arrays.stream(RiskLevel.values()).filter(r -> r.json().equals(want)).findFirst()
                    .orElseThrow(() -> ApiException.badParameter("level must be one of " + Arrays.stream(RiskLevel.values())
                            .map(RiskLevel::json).collect(Collectors.joining(", "))));
        }
        String topic = param.apply("topic");
        if (topic != null && topic.isBlank()) {
            topic = null;
        }
        if (topic != null) {
            topic = topic.strip();
            if (topic.length() > QueryService.MAX_ID_CHARS) {
                throw ApiException.badParameter("topic must be at most " + QueryService.MAX_ID_CHARS + " characters");
            }
        }
        Instant from = SearchParams.time(param, "from");
        Instant to = SearchParams.time(param, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badParameter("from must be before to");
        }
        int page = SearchParams.integer(param, "page", 0);
        int size = SearchParams.integer(param, "size", DEFAULT_SIZE);
        if (page < 0) {
            throw ApiException.badParameter("page must be >= 0");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badParameter("size must be between 1 and " + MAX_SIZE);
        }
        if ((long) page * size + size > SearchParams.MAX_WINDOW) {
            throw ApiException.badParameter("(page + 1) * size must be at most " + SearchParams.MAX_WINDOW
                    + "; narrow the listing with from/to instead of paging deeper");
        }
        return new AlertParams(level, topic, from, to, page, size);
    }
}
