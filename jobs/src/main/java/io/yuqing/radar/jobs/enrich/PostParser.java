package io.yuqing.radar.jobs.enrich;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the bytes of a {@code yuqing.posts.raw} message into a {@link Post}, or names exactly what
 * is wrong with it. Lenient where platforms differ harmlessly (numeric ids, epoch-millis times),
 * strict where a wrong value would corrupt counts downstream (unknown platform, future times).
 */
public final class PostParser {
    private static final Set<String> KNOWN = Set.of("id", "platform", "text", "created_at", "author", "url",
            "reposts", "comments", "likes", "repost_of", "repost_text", "region", "title", "lang");

    private final int maxMessageBytes;
    private final Duration futureTolerance;

    /**
     * @param maxMessageBytes messages larger than this are refused before parsing
     * @param futureTolerance how far ahead of the clock {@code created_at} may be (clock skew
     *                        between platforms and us); beyond it the post is refused
     */
    public PostParser(int maxMessageBytes, Duration futureTolerance) {
        this.maxMessageBytes = maxMessageBytes;
        this.futureTolerance = futureTolerance;
    }

    public ParseOutcome parse(byte[] value, Instant now) {
        if (value.length > maxMessageBytes) {
            return invalid(DeadLetterReason.MESSAGE_TOO_LARGE,
                    "message is " + value.length + " bytes, the limit is " + maxMessageBytes);
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return invalid(DeadLetterReason.INVALID_UTF8, "value is not valid UTF-8: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JacksonException e) {
            return invalid(DeadLetterReason.NOT_JSON, e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return invalid(DeadLetterReason.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        try {
            return new ParseOutcome.Valid(toPost((ObjectNode) root, now));
        } catch (Refused r) {
            return invalid(r.reason, r.getMessage());
        }
    }

    private Post toPost(ObjectNode o, Instant now) {
        String id = idLike(o, "id").orElseThrow(() -> new Refused(DeadLetterReason.MISSING_ID, "no id"));
        String platformName = text(o, "platform")
                .orElseThrow(() -> new Refused(DeadLetterReason.MISSING_PLATFORM, "no platform"));
        Platform platform = Platform.parse(platformName).orElseThrow(() -> new Refused(
                DeadLetterReason.UNKNOWN_PLATFORM, "platform '" + platformName + "' is not one of weibo, wechat, news, forum, douyin, other"));
        Instant createdAt = createdAt(o, now);
        String text = text(o, "text").orElse(null);
        String repostOf = idLike(o, "repost_of").orElse(null);
        if ((text == null || text.isBlank()) && repostOf == null) {
            throw new Refused(DeadLetterReason.EMPTY_TEXT, "text is empty and the post is not a repost");
        }
        Map<String, JsonNode> extra = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!KNOWN.contains(f.getKey())) {
                extra.put(f.getKey(), f.getValue());
            }
        }
        return new Post(id, platform, text, createdAt, author(o.get("author")), text(o, "url").orElse(null),
                count(o, "reposts"), count(o, "comments"), count(o, "likes"), repostOf,
                text(o, "repost_text").orElse(null), text(o, "region").orElse(null),
                text(o, "title").orElse(null), text(o, "lang").orElse(null), extra);
    }

    private Instant createdAt(ObjectNode o, Instant now) {
        JsonNode n = o.get("created_at");
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            throw new Refused(DeadLetterReason.MISSING_CREATED_AT, "no created_at");
        }
        Instant t;
        try {
            if (n.isIntegralNumber()) {
                t = Instant.ofEpochMilli(n.asLong());
            } else if (n.isTextual()) {
                t = Json.parseTime(n.asText());
            } else {
                throw new Refused(DeadLetterReason.BAD_CREATED_AT, "created_at is a " + n.getNodeType());
            }
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            throw new Refused(DeadLetterReason.BAD_CREATED_AT,
                    "created_at '" + n.asText() + "' is neither ISO-8601 with offset nor epoch millis");
        }
        if (t.isAfter(now.plus(futureTolerance))) {
            throw new Refused(DeadLetterReason.FUTURE_CREATED_AT,
                    "created_at " + t + " is more than " + futureTolerance.toMinutes() + " min after now (" + now + ")");
        }
        return t;
    }

    private static Author author(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new Refused(DeadLetterReason.WRONG_TYPE, "author must be an object, got " + n.getNodeType());
        }
        ObjectNode a = (ObjectNode) n;
        JsonNode verified = a.get("verified");
        if (verified != null && !verified.isNull() && !verified.isBoolean()) {
            throw new Refused(DeadLetterReason.WRONG_TYPE, "author.verified must be true or false");
        }
        return new Author(idLike(a, "id").orElse(null), text(a, "name").orElse(null), count(a, "followers"),
                verified == null || verified.isNull() ? null : verified.booleanValue());
    }

    /** Ids arrive as strings or, from some exports, as integers. */
    private static Optional<String> idLike(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isTextual()) {
            String s = n.asText().trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        }
        if (n.isIntegralNumber()) {
            return Optional.of(n.bigIntegerValue().toString());
        }
        throw new Refused(DeadLetterReason.WRONG_TYPE, field + " must be a string, got " + n.getNodeType());
    }

    private static Optional<String> text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new Refused(DeadLetterReason.WRONG_TYPE, field + " must be a string, got " + n.getNodeType());
        }
        return Optional.of(n.asText());
    }

    private static Long count(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw new Refused(DeadLetterReason.WRONG_TYPE, field + " must be a non-negative integer, got " + n);
        }
        return n.asLong();
    }

    private static ParseOutcome invalid(DeadLetterReason reason, String detail) {
        return new Rejection(reason, detail);
    }

    /** Control flow for refusals deep in the field readers; no stack trace, it is not an error. */
    private static final class Refused extends RuntimeException {
        final DeadLetterReason reason;

        Refused(DeadLetterReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
