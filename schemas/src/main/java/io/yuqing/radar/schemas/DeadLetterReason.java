package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Why a raw message went to {@code yuqing.posts.dlq}. One reason per distinct fault. */
public enum DeadLetterReason {
    /** The bytes are not valid UTF-8. */
    INVALID_UTF8,
    /** Not parseable as JSON. */
    NOT_JSON,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /** A field has the wrong JSON type (e.g. a number where text is expected). */
    WRONG_TYPE,
    MISSING_ID,
    MISSING_PLATFORM,
    UNKNOWN_PLATFORM,
    MISSING_CREATED_AT,
    /** {@code created_at} is neither ISO-8601 with offset nor epoch millis. */
    BAD_CREATED_AT,
    /** {@code created_at} lies further in the future than the configured tolerance. */
    FUTURE_CREATED_AT,
    /** No text, and not a plain repost. */
    EMPTY_TEXT,
    /** Text longer than the limit after normalisation. */
    TEXT_TOO_LONG,
    /** The message itself is larger than the configured byte limit. */
    MESSAGE_TOO_LARGE,
    /** Enrichment threw; the detail names the exception. Never expected, always kept. */
    PROCESSING_ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
