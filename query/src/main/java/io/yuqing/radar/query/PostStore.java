package io.yuqing.radar.query;

import io.yuqing.radar.schemas.EnrichedPost;

import java.io.IOException;
import java.util.Optional;

/** Point lookup of one post by id (HBase {@code posts}, the source of truth). */
interface PostStore {
    Optional<EnrichedPost> get(String id) throws IOException;
}
