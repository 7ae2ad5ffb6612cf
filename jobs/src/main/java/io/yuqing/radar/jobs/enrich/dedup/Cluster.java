package io.yuqing.radar.jobs.enrich.dedup;

/**
 * A near-duplicate cluster, named by its earliest post: {@code id} is that post's id, {@code time}
 * its {@code created_at} in epoch milliseconds. Earlier time wins; equal times fall back to the
 * smaller id, so the choice never depends on arrival order or on which subtask answered.
 */
public record Cluster(String id, long time) {

    public boolean isBefore(Cluster other) {
        return time != other.time ? time < other.time : id.compareTo(other.id) < 0;
    }

    public static Cluster earliest(Cluster a, Cluster b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.isBefore(a) ? b : a;
    }
}
