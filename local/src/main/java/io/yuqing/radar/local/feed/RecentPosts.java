package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Platform;

import java.util.SplittableRandom;

/**
 * The last few originals the generator made, so reposts can name an earlier id and carry its
 * text. A ring: memory stays fixed however long the generator runs.
 */
final class RecentPosts {
    /** What a repost needs of its source. */
    record Source(String id, String text, Platform platform) {}

    private final Source[] ring;
    private int size;
    private int next;

    RecentPosts(int capacity) {
        ring = new Source[capacity];
    }

    void add(String id, String text, Platform platform) {
        ring[next] = new Source(id, text, platform);
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    boolean isEmpty() {
        return size == 0;
    }

    Source pick(SplittableRandom rng) {
        return ring[rng.nextInt(size)];
    }
}
