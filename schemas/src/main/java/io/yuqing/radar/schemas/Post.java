package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A post as platforms deliver it, the message on {@code yuqing.posts.raw} (key: {@link #id}).
 * See schemas/post.schema.json. {@code createdAt} is read from ISO-8601 with an offset or from
 * epoch milliseconds; {@code text} may be empty only for a plain repost, which then names
 * {@code repostOf}. Fields this record does not know are kept in {@link #extra} and written back
 * unchanged (the one exception is a field literally named {@code extra}, which Jackson cannot tell
 * from this component and drops). {@code extra} keeps the order it is given; a read collects it in
 * a HashMap first, so after a read the order is stable for a given set of names but is not the
 * arrival order. JSON object order carries no meaning in any contract.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Post(
        String id,
        Platform platform,
        String text,
        Instant createdAt,
        Author author,
        String url,
        Long reposts,
        Long comments,
        Long likes,
        String repostOf,
        String repostText,
        String region,
        String title,
        String lang,
        // @JsonAnySetter on the creator parameter (Jackson 2.18+) collects the unknown fields on
        // read; @JsonIgnore keeps "extra" itself out of the JSON, extraFields() writes them back.
        @JsonIgnore @JsonAnySetter Map<String, JsonNode> extra) {

    public Post {
        extra = extra == null || extra.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    @JsonAnyGetter
    public Map<String, JsonNode> extraFields() {
        return extra;
    }

    /** A plain repost carries no words of its own. */
    @JsonIgnore
    public boolean isPlainRepost() {
        return (text == null || text.isBlank()) && repostOf != null && !repostOf.isBlank();
    }
}
