package io.yuqing.radar.jobs.topics;

/** One term of one post, the unit the per-term windows count. */
public record TermMention(String term, PostDigest post) {}
