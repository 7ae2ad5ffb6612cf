package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

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
        Long postCountLastDay) {

    /** A snapshot without the 1 h and 24 h views (producers and tests written before they existed). */
    public TopicSnapshot(String topicId, String title, List<String> keywords, Instant windowStart, Instant windowEnd,
                         Instant firstSeenAt, Lifecycle lifecycle, long postCount, long authorCount, long originalCount,
                         long negativeCount, double negativeRatio, Map<String, Long> platforms,
                         Map<String, Long> regions, double heat, double velocity, List<SamplePost> samplePosts) {
        this(topicId, title, keywords, windowStart, windowEnd, firstSeenAt, lifecycle, postCount, authorCount,
                originalCount, negativeCount, negativeRatio, platforms, regions, heat, velocity, samplePosts, null, null);
    }

    public TopicSnapshot {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        platforms = platforms == null ? Map.of() : Map.copyOf(platforms);
        regions = regions == null ? Map.of() : Map.copyOf(regions);
        samplePosts = samplePosts == null ? List.of() : List.copyOf(samplePosts);
    }
}
