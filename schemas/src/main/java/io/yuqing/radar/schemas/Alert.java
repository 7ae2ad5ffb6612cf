package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * One report on a topic for dispatch, on {@code yuqing.alerts} (key: {@link #topicId}).
 * {@code reportSeq} 1 is the first report (首报), 2.. are follow-ups (续报).
 * {@code alertId} is deterministic (topic id + report seq) so a replay yields the same ids.
 *
 * @param organizations organisations the topic's posts name (涉事单位/机构), most named first; empty
 *                      when none is named or the producer does not recognise them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String alertId,
        String topicId,
        int reportSeq,
        RiskLevel level,
        RiskLevel previousLevel,
        List<AlertReason> reasons,
        String title,
        List<String> keywords,
        Instant windowStart,
        Instant windowEnd,
        Instant firstSeenAt,
        Instant detectedAt,
        long postCount,
        long authorCount,
        double negativeRatio,
        List<String> platforms,
        List<String> regions,
        List<SamplePost> samplePosts,
        double heat,
        Category category,
        Double categoryConfidence,
        List<String> categoryEvidence,
        Double rumorScore,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> organizations) {

    /** An alert without organisations (producers and tests written before they existed). */
    public Alert(String alertId, String topicId, int reportSeq, RiskLevel level, RiskLevel previousLevel,
                 List<AlertReason> reasons, String title, List<String> keywords, Instant windowStart, Instant windowEnd,
                 Instant firstSeenAt, Instant detectedAt, long postCount, long authorCount, double negativeRatio,
                 List<String> platforms, List<String> regions, List<SamplePost> samplePosts, double heat,
                 Category category, Double categoryConfidence, List<String> categoryEvidence, Double rumorScore) {
        this(alertId, topicId, reportSeq, level, previousLevel, reasons, title, keywords, windowStart, windowEnd,
                firstSeenAt, detectedAt, postCount, authorCount, negativeRatio, platforms, regions, samplePosts, heat,
                category, categoryConfidence, categoryEvidence, rumorScore, null);
    }

    /** An alert without the judgement fields (producers and tests written before they existed). */
    public Alert(String alertId, String topicId, int reportSeq, RiskLevel level, RiskLevel previousLevel,
                 List<AlertReason> reasons, String title, List<String> keywords, Instant windowStart, Instant windowEnd,
                 Instant firstSeenAt, Instant detectedAt, long postCount, long authorCount, double negativeRatio,
                 List<String> platforms, List<String> regions, List<SamplePost> samplePosts, double heat) {
        this(alertId, topicId, reportSeq, level, previousLevel, reasons, title, keywords, windowStart, windowEnd,
                firstSeenAt, detectedAt, postCount, authorCount, negativeRatio, platforms, regions, samplePosts, heat,
                null, null, null, null);
    }

    public Alert {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        regions = regions == null ? List.of() : List.copyOf(regions);
        samplePosts = samplePosts == null ? List.of() : List.copyOf(samplePosts);
        categoryEvidence = categoryEvidence == null ? List.of() : List.copyOf(categoryEvidence);
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
        if (samplePosts.size() > 5) {
            throw new IllegalArgumentException("at most 5 sample posts, got " + samplePosts.size());
        }
    }

    /** 一般 / 较大 / 重大 / 特别重大, derived from {@link #level}. */
    @JsonProperty("level_cn")
    public String levelCn() {
        return level == null ? null : level.chinese();
    }

    /** The category's Chinese name (领域), derived from {@link #category}; null without one. */
    @JsonProperty("category_cn")
    public String categoryCn() {
        return category == null ? null : category.chinese();
    }
}
