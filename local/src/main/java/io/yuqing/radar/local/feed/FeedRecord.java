package io.yuqing.radar.local.feed;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a feed: the bytes to send to {@code yuqing.posts.raw}, its Kafka key and the event
 * time the feed is ordered by. The value is raw bytes, not a parsed Post, so a malformed line of
 * a real export still reaches Kafka (and the dead-letter topic) instead of vanishing in the feed.
 *
 * @param eventTime when the post was made ({@code created_at}), or the previous record's time when
 *                  the value has no readable one
 * @param key       the post id, or null when the value names none
 * @param value     the message exactly as it is to be sent
 */
public record FeedRecord(Instant eventTime, String key, byte[] value) {
    public FeedRecord {
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(value, "value");
    }
}
