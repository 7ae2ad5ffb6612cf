package io.yuqing.radar.jobs.topics;

import java.util.List;

/** Everything the topic stage remembers between windows: the live topics. */
public record TrackerState(List<LiveTopic> topics) {
    public static final TrackerState EMPTY = new TrackerState(List.of());

    public TrackerState {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }
}
