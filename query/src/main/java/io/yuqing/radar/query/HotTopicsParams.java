package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.RiskLevel;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A validated {@code GET /api/v1/topics/hot}: the latest snapshot of each topic whose window
 * ended within the last {@code hours}, ranked by heat.
 *
 * @param platform only topics with at least one post on this platform in their latest window, or null
 * @param region   only topics with at least one post from this region (a key of the latest
 *                 snapshot's {@code regions} map, e.g. 广东), or null
 * @param level    only topics whose current alert level (the level of their latest report in
 *                 {@code alerts-*}) is this one, or null
 * @param category only topics whose latest snapshot is of this category (领域), or null
 */
public record HotTopicsParams(int hours, Platform platform, String region, RiskLevel level, Category category,
                              int size) {
    public static final int DEFAULT_HOURS = 24;
    public static final int MAX_HOURS = 72;
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 50;
    public static final int MAX_REGION_CHARS = 32;
    /** Region names are words (广东, 深圳市, 440300): letters, digits, '_' and '-' only. */
    static final Pattern REGION = Pattern.compile("[\\p{L}\\p{N}_-]{1," + MAX_REGION_CHARS + "}");

    public static HotTopicsParams parse(Function<String, String> param) {
        int hours = SearchParams.integer(param, "hours", DEFAULT_HOURS);
        if (hours < 1 || hours > MAX_HOURS) {
            throw ApiException.badParameter("hours must be between 1 and " + MAX_HOURS);
        }
        Platform platform = null;
        String p = param.apply("platform");
        if (p != null && !p.isBlank()) {
            platform = Platform.parse(p.strip()).orElseThrow(() -> ApiException.badParameter(
                    "platform must be one of " + SearchParams.platformNames()));
        }
        String region = param.apply("region");
        if (region != null && region.isBlank()) {
            region = null;
        }
        if (region != null) {
            region = region.strip();
            if (!REGION.matcher(region).matches()) {
                throw ApiException.badParameter("region must be 1 to " + MAX_REGION_CHARS
                        + " letters or digits (e.g. 广东)");
            }
        }
        RiskLevel level = AlertParams.level(param);
        Category category = AlertParams.category(param);
        int size = SearchParams.integer(param, "size", DEFAULT_SIZE);
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badParameter("size must be between 1 and " + MAX_SIZE);
        }
        return new HotTopicsParams(hours, platform, region, level, category, size);
    }
}
