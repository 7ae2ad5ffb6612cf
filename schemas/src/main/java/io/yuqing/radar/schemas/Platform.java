package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** Where a post was published. JSON form is the lower-case name. */
public enum Platform {
    WEIBO, WECHAT, NEWS, FORUM, DOUYIN, OTHER;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The platform named by {@code s} (any case), or empty when it names none. */
    public static Optional<Platform> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Platform p : values()) {
            if (p.name().equalsIgnoreCase(s.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static Platform fromJson(String s) {
        return parse(s).orElseThrow(() -> new IllegalArgumentException("unknown platform '" + s + "'"));
    }
}
