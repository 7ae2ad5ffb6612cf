package io.yuqing.radar.jobs.enrich.dedup;

/**
 * The band answers a post has received so far and the earliest cluster among them. Kept in state
 * until all {@value NearDuplicateIndex#BANDS} answers and the post itself have arrived.
 */
public record ClusterVote(int answers, String clusterId, long clusterTime) {

    public static ClusterVote add(ClusterVote vote, BandAnswer answer) {
        Cluster offered = new Cluster(answer.clusterId(), answer.clusterTime());
        if (vote == null) {
            return new ClusterVote(1, offered.id(), offered.time());
        }
        Cluster best = Cluster.earliest(vote.cluster(), offered);
        return new ClusterVote(vote.answers() + 1, best.id(), best.time());
    }

    public Cluster cluster() {
        return new Cluster(clusterId, clusterTime);
    }

    public boolean complete() {
        return answers >= NearDuplicateIndex.BANDS;
    }
}
