package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of one topic at the end of one window, the message on {@code yuqing.topics}
 * (key: {@link #topicId}). A topic's snapshots over time are its trend.
 *
 * @param platforms post count per platform in the window
 * @param regions   post count per region (province or city) in the window
 * @param heat      热度 index; the formula is documented in the topics job
 * @param postCountLastHour posts of the topic over the hour up to {@link #windowEnd} (the 1 h view);
 *                  optional (null when the producer does not compute it)
 * @param postCountLastDay  posts of the topic over the 24 hours up to {@link #windowEnd}, to the
 *                  hour, while the topic has been live (the 24 h view); optional
 * @param category  what the topic concerns (its domain); optional (null from producers that do not judge)
 * @param categoryConfidence 0..1, how clearly the topic's posts point to {@code category}
 * @param categoryEvidence the domain terms its posts use most, the evidence for {@code category}
 * @param rumorScore 疑似不实: 0..1, how much its posts read like an unverified claim that reactions
 *                  question (see the topics job's judgement)
 * @param signals   content signals and the share of the topic's posts carrying each (casualties,
 *                  call_to_spread, minors, officials, gathering, questioning); only those present
 * @param emotions  post count per {@link Emotion} in the window, of the posts that carry one (set by a
 *                  trained sentiment model in the enrich job); null when none does
 * @param angerRatio the share of anger among those posts (0..1); null with {@code emotions}
 * @param organizations post count per organisation the window's posts name (涉事单位/机构, as the enrich
 *                  job recognised them), the most named few; empty when none is named
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopicSnapshot(
        String topicId,
        String title,
        List<String> keywords,
        Instant windowStart,
        Instant windowEnd,
        Instant firstSeenAt,
        Lifecycle lifecycle,
        long postCount,
        long authorCount,
        long originalCount,
        long negativeCount,
        double negativeRatio,
        Map<String, Long> platforms,
        Map<String, Long> regions,
        double heat,
        double velocity,
        List<SamplePost> samplePosts,
        Long postCountLastHour,
        Long postCountLastDay,
        Category category,
        Double categoryConfidence,
        List<String> categoryEvidence,
        Double rumorScore,
        Map<String, Double> signals,
        Map<String, Long> emotions,
        Double angerRatio,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> organizations) {

    /** A snapshot without organisations (producers and tests written before they existed). */
    public TopicSnapshot(String topicId, String title, List<String> keywords, Instant windowStart, Instant windowEnd,
                         Instant firstSeenAt, Lifecycle lifecycle, long postCount, long authorCount, long originalCount,
                         long negativeCount, double negativeRatio, Map<String, Long> platforms,
                         Map<String, Long> regions, double heat, double velocity, List<SamplePost> samplePosts,
                         Long postCountLastHour, Long postCountLastDay, Category category, Double categoryConfidence,
                         List<String> categoryEvidence, Double rumorScore, Map<String, Double> signals,
                         Map<String, Long> emotions, Double angerRatio) {
        this(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount, authorCount,
                originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity, samplePosts,
                postCountLastHour, postCountLastDay, category, categoryConfidence, categoryEvidence, rumorScore, signals,
                emotions, angerRatio, null);
    }

    /** A snapshot without the 1 h and 24 h views (producers and tests written before they existed). */
    public TopicSnapshot(String topicId, String title, List<String> keywords, Instant windowStart, Instant windowEnd,
                         Instant firstSeenAt, Lifecycle lifecycle, long postCount, long authorCount, long originalCount,
                         long negativeCount, double negativeRatio, Map<String, Long> platforms,
                         Map<String, Long> regions, double heat, double velocity, List<SamplePost> samplePosts) {
        this(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount, authorCount,
                originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity, samplePosts, null, null);
    }

    /** A snapshot without the judgement fields (producers and tests written before they existed). */
    public TopicSnapshot(String topicId, String title, List<String> keywords, Instant windowStart, Instant windowEnd,
                         Instant firstSeenAt, Lifecycle lifecycle, long postCount, long authorCount, long originalCount,
                         long negativeCount, double negativeRatio, Map<String, Long> platforms,
                         Map<String, Long> regions, double heat, double velocity, List<SamplePost> samplePosts,
                         Long postCountLastHour, Long postCountLastDay) {
        this(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount, authorCount,
                originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity, samplePosts,
                postCountLastHour, postCountLastDay, null, null, null, null, null);
    }

    /** A snapshot without the emotion distribution (producers and tests written before it existed). */
    public TopicSnapshot(String topicId, String title, List<String> keywords, Instant windowStart, Instant windowEnd,
                         Instant firstSeenAt, Lifecycle lifecycle, long postCount, long authorCount, long originalCount,
                         long negativeCount, double negativeRatio, Map<String, Long> platforms,
                         Map<String, Long> regions, double heat, double velocity, List<SamplePost> samplePosts,
                         Long postCountLastHour, Long postCountLastDay, Category category, Double categoryConfidence,
                         List<String> categoryEvidence, Double rumorScore, Map<String, Double> signals) {
        this(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount, authorCount,
                originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity, samplePosts,
                postCountLastHour, postCountLastDay, category, categoryConfidence, categoryEvidence, rumorScore, signals,
                null, null);
    }

    public TopicSnapshot {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        platforms = platforms == null ? Map.of() : Map.copyOf(platforms);
        regions = regions == null ? Map.of() : Map.copyOf(regions);
        samplePosts = samplePosts == null ? List.of() : List.copyOf(samplePosts);
        categoryEvidence = categoryEvidence == null ? List.of() : List.copyOf(categoryEvidence);
        signals = signals == null ? Map.of() : Map.copyOf(signals);
        emotions = emotions == null ? null : Map.copyOf(emotions);
        organizations = organizations == null ? Map.of() : Map.copyOf(organizations);
    }

    /** This snapshot with the topic's judgement: its domain, how sure, the evidence, rumour score and signals. */
    public TopicSnapshot withJudgement(Category category, Double categoryConfidence, List<String> categoryEvidence,
                                       Double rumorScore, Map<String, Double> signals) {
        return new TopicSnapshot(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount,
                authorCount, originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity,
                samplePosts, postCountLastHour, postCountLastDay, category, categoryConfidence, categoryEvidence,
                rumorScore, signals, emotions, angerRatio, organizations);
    }

    /** This snapshot with the emotion distribution of its window's posts (null, null: none carries one). */
    public TopicSnapshot withEmotions(Map<String, Long> emotions, Double angerRatio) {
        return new TopicSnapshot(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount,
                authorCount, originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity,
                samplePosts, postCountLastHour, postCountLastDay, category, categoryConfidence, categoryEvidence,
                rumorScore, signals, emotions, angerRatio, organizations);
    }

    /** This snapshot with the organisations its window's posts name (count per organisation). */
    public TopicSnapshot withOrganizations(Map<String, Long> organizations) {
        return new TopicSnapshot(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount,
                authorCount, originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity,
                samplePosts, postCountLastHour, postCountLastDay, category, categoryConfidence, categoryEvidence,
                rumorScore, signals, emotions, angerRatio, organizations);
    }

    /** The category's Chinese name (领域), derived from {@link #category}; null without one. */
    @JsonProperty("category_cn")
    public String categoryCn() {
        return category == null ? null : category.chinese();
    }
}
