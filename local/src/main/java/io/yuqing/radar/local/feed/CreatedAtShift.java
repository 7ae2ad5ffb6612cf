package io.yuqing.radar.local.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Json;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Moves a post's {@code created_at} by a fixed amount, so a replay of old data looks current in the
 * demo's windows and "last 10 minutes" views. Everything else in the JSON is kept (unknown fields
 * included); a record without a readable {@code created_at}, or that is not JSON at all, comes
 * back unchanged so it still fails downstream for the reason it would have.
 */
final class CreatedAtShift {
    private CreatedAtShift() {}

    static byte[] apply(byte[] json, Duration shift) {
        if (shift.isZero()) {
            return json;
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (IOException | RuntimeException e) {
            return json;
        }
        if (!(tree instanceof ObjectNode post)) {
            return json;
        }
        JsonNode at = post.get("created_at");
        if (at == null) {
            return json;
        }
        if (at.isIntegralNumber()) {
            post.put("created_at", at.asLong() + shift.toMillis());
        } else if (at.isTextual()) {
            Instant t;
            try {
                t = Json.parseTime(at.asText());
            } catch (DateTimeParseException | NumberFormatException e) {
                return json;
            }
            post.put("created_at", Json.formatTime(t.plus(shift)));
        } else {
            return json;
        }
        return Json.toBytes(post);
    }
}
