package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.judgement.JudgementTally;
import io.yuqing.radar.schemas.Lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * A topic the tracker follows across windows.
 *
 * @param keywords      its terms, most supported first (more than are shown, to match clusters)
 * @param anchors       the few most supported terms it was founded on: a post belongs to the topic
 *                      when it names one of them, which is how clusters and terms are matched to it
 * @param counts        post counts of its recent windows, oldest first
 * @param lastWindowEnd end of the last window it had a supporting term in
 * @param volume        its posts per slide and per hour, for the 1 h and 24 h views
 * @param title         the title of its last snapshot with posts, which its "ended" snapshot keeps
 *                      (null in state written before titles were kept)
 * @param judgement     its judgement evidence summed over its windows (empty in state written before
 *                      topics were judged)
 */
public record LiveTopic(String id, List<String> keywords, List<String> anchors, Instant firstSeenAt,
                        Instant lastWindowEnd, List<Long> counts, long peak, Lifecycle lifecycle, TopicVolume volume,
                        String title, JudgementTally judgement) {
    public LiveTopic {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        // state written before anchors existed: the best keywords stand in
        anchors = anchors == null || anchors.isEmpty()
                ? keywords.subList(0, Math.min(TopicTracker.ANCHORS, keywords.size())) : List.copyOf(anchors);
        counts = counts == null ? List.of() : List.copyOf(counts);
        volume = volume == null ? TopicVolume.EMPTY : volume;
        judgement = judgement == null ? JudgementTally.EMPTY : judgement;
    }

    /** A topic not yet judged. */
    public LiveTopic(String id, List<String> keywords, List<String> anchors, Instant firstSeenAt,
                     Instant lastWindowEnd, List<Long> counts, long peak, Lifecycle lifecycle, TopicVolume volume,
                     String title) {
        this(id, keywords, anchors, firstSeenAt, lastWindowEnd, counts, peak, lifecycle, volume, title,
                JudgementTally.EMPTY);
    }
}
