package io.yuqing.radar.jobs.topics;

import java.util.List;

/**
 * Everything the topic stage remembers between windows: the live topics, and the ended ones that
 * may still come back (newest last, at most {@link TopicTracker#MAX_DORMANT}).
 */
public record TrackerState(List<LiveTopic> topics, List<LiveTopic> dormant) {
    public static final TrackerState EMPTY = new TrackerState(List.of(), List.of());

    public TrackerState {
        topics = topics == null ? List.of() : List.copyOf(topics);
        dormant = dormant == null ? List.of() : List.copyOf(dormant);
    }

    public TrackerState(List<LiveTopic> topics) {
        this(topics, List.of());
    }
}
