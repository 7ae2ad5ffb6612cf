package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.Lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * A topic the tracker follows across windows.
 *
 * @param keywords      its terms, most supported first (more than are shown, to match clusters)
 * @param counts        post counts of its recent windows, oldest first
 * @param lastWindowEnd end of the last window it had a supporting term in
 */
public record LiveTopic(String id, List<String> keywords, Instant firstSeenAt, Instant lastWindowEnd,
                        List<Long> counts, long peak, Lifecycle lifecycle) {
    public LiveTopic {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        counts = counts == null ? List.of() : List.copyOf(counts);
    }
}
