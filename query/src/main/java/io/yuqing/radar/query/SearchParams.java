package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Sentiment;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A validated post search: the parameters of {@code GET /api/v1/posts/search}. Parsing is pure
 * (it sees parameters through a lookup function) so every rule is unit-testable without HTTP.
 *
 * @param q        free text, matched against {@code text} as analysed words, never as query syntax
 * @param platform only posts from this platform, or null for all
 * @param sentiment only posts of this polarity (positive, neutral, negative), or null for all
 * @param from     created_at at or after this instant, or null
 * @param to       created_at strictly before this instant, or null (half-open, so consecutive
 *                 days tile without overlap)
 */
public record SearchParams(String q, Platform platform, Sentiment sentiment, Instant from, Instant to, int page,
                           int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Elasticsearch's default index.max_result_window: from + size may not pass it. */
    public static final int MAX_WINDOW = 10_000;
    /** Long enough for any real search phrase, short enough to bound the query's cost. */
    public static final int MAX_QUERY_CHARS = 200;

    /** Offset of the first hit, as Elasticsearch's {@code from}. */
    public int offset() {
        return page * size;
    }

    /**
     * @param param the value of a query parameter, or null when absent
     * @throws ApiException 400 naming the first bad parameter
     */
    public static SearchParams parse(Function<String, String> param) {
        String q = param.apply("q");
        if (q == null || q.isBlank()) {
            throw ApiException.badParameter("q is required and must not be blank");
        }
        q = q.strip();
        if (q.length() > MAX_QUERY_CHARS) {
            throw ApiException.badParameter("q must be at most " + MAX_QUERY_CHARS + " characters");
        }

        Platform platform = null;
        String p = param.apply("platform");
        if (p != null && !p.isBlank()) {
            platform = Platform.parse(p).orElseThrow(() -> ApiException.badParameter(
                    "platform must be one of " + platformNames()));
        }

        Sentiment sentiment = null;
        String sv = param.apply("sentiment");
        if (sv != null && !sv.isBlank()) {
            String want = sv.strip().toLowerCase(Locale.ROOT);
            sentiment = Arrays.stream(Sentiment.values()).filter(x -> x.json().equals(want)).findFirst()
                    .orElseThrow(() -> ApiException.badParameter("sentiment must be one of " + Arrays.stream(Sentiment.values())
                            .map(Sentiment::json).collect(Collectors.joining(", "))));
        }

        Window w = window(param, DEFAULT_SIZE, MAX_SIZE);
        return new SearchParams(q, platform, sentiment, w.from(), w.to(), w.page(), w.size());
    }

    /** The period ({@code from}, {@code to}: either may be absent) and page of a listing. */
    record Window(Instant from, Instant to, int page, int size) {}

    /** The listing parameters every search and list route shares, checked alike. */
    static Window window(Function<String, String> param, int defaultSize, int maxSize) {
        Instant from = time(param, "from");
        Instant to = time(param, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badParameter("from must be before to");
        }
        int page = integer(param, "page", 0);
        int size = integer(param, "size", defaultSize);
        if (page < 0) {
            throw ApiException.badParameter("page must be >= 0");
        }
        if (size < 1 || size > maxSize) {
            throw ApiException.badParameter("size must be between 1 and " + maxSize);
        }
        // long arithmetic: page may be near Integer.MAX_VALUE
        if ((long) page * size + size > MAX_WINDOW) {
            throw ApiException.badParameter("(page + 1) * size must be at most " + MAX_WINDOW
                    + "; narrow the listing with from/to instead of paging deeper");
        }
        return new Window(from, to, page, size);
    }

    static Instant time(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        // An unencoded '+' in a query string arrives as a space ("...T08:00:00 08:00"). ISO-8601
        // never contains a space, so restoring the '+' only repairs that mistake.
        String iso = v.strip().replace(' ', '+');
        try {
            return Json.parseTime(iso);
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw ApiException.badParameter(name + " must be ISO-8601 with an offset (2026-11-01T00:00:00+08:00)"
                    + " or epoch milliseconds");
        }
    }

    static int integer(Function<String, String> param, String name, int dflt) {
        String v = param.apply(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name + " must be an integer");
        }
    }

    /** An optional number from 0 to 1 (a score or a share), or null when absent. */
    static Double fraction(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        // NaN fails both comparisons, so "NaN" and unparsable text get the same answer as 1.5
        if (!(d >= 0 && d <= 1)) {
            throw ApiException.badParameter(name + " must be a number from 0 to 1 (e.g. 0.5)");
        }
        return d;
    }

    static String platformNames() {
        return Arrays.stream(Platform.values()).map(Platform::json).collect(Collectors.joining(", "));
    }
}
