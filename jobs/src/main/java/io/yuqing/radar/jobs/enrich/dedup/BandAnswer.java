package io.yuqing.radar.jobs.enrich.dedup;

/** One band's answer for a post: the earliest cluster it matched there (the post itself if none). */
public record BandAnswer(String postId, String clusterId, long clusterTime) {}
