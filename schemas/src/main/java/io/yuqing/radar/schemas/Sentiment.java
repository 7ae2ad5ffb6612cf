package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Polarity of a post. {@code score} in EnrichedPost runs from -1 (negative) to 1 (positive). */
public enum Sentiment {
    POSITIVE, NEUTRAL, NEGATIVE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
