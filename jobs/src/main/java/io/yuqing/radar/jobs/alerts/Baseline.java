package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.schemas.TopicSnapshot;

/**
 * A topic's own baseline (基线): exponentially weighted means of its windows' post and author
 * counts, over {@code windows} earlier snapshots. Kept per topic in the alerts job's state.
 */
public record Baseline(double posts, double authors, int windows) {
    public static final Baseline NONE = new Baseline(0, 0, 0);

    /** This baseline with {@code s}'s counts folded in, the newest window weighing {@code alpha}. */
    public Baseline add(TopicSnapshot s, double alpha) {
        if (windows == 0) {
            return new Baseline(s.postCount(), s.authorCount(), 1);
        }
        return new Baseline(alpha * s.postCount() + (1 - alpha) * posts,
                alpha * s.authorCount() + (1 - alpha) * authors, windows + 1);
    }
}
