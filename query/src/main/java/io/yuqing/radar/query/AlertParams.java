package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Category;
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
 * @param report only first reports (首报) or only follow-ups (续报), or null for both
 * @param category only alerts on topics of this category (领域), or null
 * @param minRumorScore only alerts whose rumor_score (疑似不实) is at least this, 0..1, or null;
 *              alerts without a rumour score (from jobs that do not judge) never pass it
 */
public record AlertParams(RiskLevel level, String topic, Instant from, Instant to, Report report, Category category,
                          Double minRumorScore, int page, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** Which reports of a topic: its first (首报, report_seq 1) or its follow-ups (续报, report_seq 2..). */
    public enum Report {
        FIRST("first"), FOLLOWUP("followup");

        private final String json;

        Report(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    /** For the service's own reads (a topic's alerts): no parameters to validate. */
    static AlertParams ofTopic(String topicId, int size) {
        return new AlertParams(null, topicId, null, null, null, null, null, 0, size);
    }

    public int offset() {
        return page * size;
    }

    public static AlertParams parse(Function<String, String> param) {
        RiskLevel level = level(param);
        Report report = null;
        String r = param.apply("report");
        if (r != null && !r.isBlank()) {
            String want = r.strip().toLowerCase(Locale.ROOT);
            report = Arrays.stream(Report.values()).filter(x -> x.json().equals(want)).findFirst()
                    .orElseThrow(() -> ApiException.badParameter("report must be first (首报) or followup (续报)"));
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
        Category category = category(param);
        Double minRumorScore = SearchParams.fraction(param, "min_rumor_score");
        SearchParams.Window w = SearchParams.window(param, DEFAULT_SIZE, MAX_SIZE);
        return new AlertParams(level, topic, w.from(), w.to(), report, category, minRumorScore, w.page(), w.size());
    }

    /** The optional {@code category} parameter: a code of the taxonomy (food, disaster …), not its Chinese name. */
    static Category category(Function<String, String> param) {
        String c = param.apply("category");
        if (c == null || c.isBlank()) {
            return null;
        }
        String want = c.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(Category.values()).filter(x -> x.json().equals(want)).findFirst()
                .orElseThrow(() -> ApiException.badParameter("category must be one of " + Arrays.stream(Category.values())
                        .map(Category::json).collect(Collectors.joining(", "))));
    }

    /** The optional {@code level} parameter: blue, yellow, orange or red. */
    static RiskLevel level(Function<String, String> param) {
        String l = param.apply("level");
        if (l == null || l.isBlank()) {
            return null;
        }
        String want = l.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(RiskLevel.values()).filter(r -> r.json().equals(want)).findFirst()
                .orElseThrow(() -> ApiException.badParameter("level must be one of " + Arrays.stream(RiskLevel.values())
                        .map(RiskLevel::json).collect(Collectors.joining(", "))));
    }
}
