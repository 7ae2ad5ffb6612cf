package io.yuqing.radar.jobs.enrich.dedup;

/**
 * One of a post's {@value NearDuplicateIndex#BANDS} look-ups: its fingerprint under one band key
 * ({@link NearDuplicateIndex#bandKey}). {@code time} is the post's {@code created_at}, epoch ms.
 * A Flink POJO (records are), so it travels without Kryo.
 */
public record BandProbe(int bandKey, String postId, long simhash, long time) {}
