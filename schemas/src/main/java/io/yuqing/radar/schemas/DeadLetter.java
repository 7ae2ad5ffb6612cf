package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A message that could not be processed, on {@code yuqing.posts.dlq}, with enough to find,
 * understand and replay it: the raw bytes (base64, lossless even when they are not UTF-8), a
 * readable excerpt, the reason and where it came from.
 *
 * @param rawBase64  the message value exactly as received
 * @param rawExcerpt the first characters of the value decoded leniently as UTF-8, for people
 * @param detail     a human-readable explanation (e.g. which field, what was found)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        DeadLetterReason reason,
        String detail,
        String job,
        String sourceTopic,
        Integer sourcePartition,
        Long sourceOffset,
        String key,
        String rawBase64,
        String rawExcerpt,
        Instant failedAt) {}
