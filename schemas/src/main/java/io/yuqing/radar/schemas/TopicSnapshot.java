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
        List<SamplePost> samplePosts) {

    public TopicSnapshot {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        platforms = platforms == null ? Map.of() : Map.copyOf(platforms);
        regions = regions == null ? Map.of() : Map.copyOf(regions);
        samplePosts = samplePosts == null ? List.of() : List.copyOf(samplePosts);
    }
}
