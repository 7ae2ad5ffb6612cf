package io.yuqing.radar.connectors.kafka;

/**
 * A Kafka record exactly as consumed, before any parsing: the value's bytes plus where it came
 * from, so a record that cannot be parsed can still be sent to the dead-letter topic intact and
 * be traced back to its source offset.
 *
 * @param key   the record key decoded as UTF-8, or null
 * @param value the value bytes (never null; an absent value is an empty array)
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, String key, byte[] value) {}
