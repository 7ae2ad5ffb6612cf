package io.yuqing.radar.connectors.posts;

import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;

/**
 * An enriched post with its contract JSON, written once for the three outputs that carry it (the
 * {@code yuqing.posts.enriched} message, the HBase {@code json} cell and the Elasticsearch
 * document): each wrote the same bytes again, 12 % of the enrich job's CPU samples (StackThroughput's
 * profile, bench/README.md).
 *
 * @param json {@code Json.toBytes(post)}, shared by every output: never modified
 */
public record PostJson(EnrichedPost post, byte[] json) {

    public static PostJson of(EnrichedPost post) {
        return new PostJson(post, Json.toBytes(post));
    }

    public String id() {
        return post.id();
    }
}
