package io.yuqing.radar.query;

import java.io.IOException;

/** Full-text search over posts (Elasticsearch {@code posts-*}). */
interface PostSearch {
    SearchPage search(SearchParams params) throws IOException;
}
