package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a topic stands in its life. */
public enum Lifecycle {
    EMERGING, RISING, PEAK, COOLING, ENDED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
