package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A validated, normalised and analysed post, the message on {@code yuqing.posts.enriched}
 * (key: {@link #id}) and the document stored in HBase {@code posts} and ES {@code posts-*}.
 * See schemas/enriched-post.schema.json for every field's meaning.
 *
 * @param text           normalised text: simplified Chinese, half-width, URLs removed
 * @param terms          content words after segmentation and stop-word/part-of-speech filtering
 * @param keywords       the post's most characteristic terms, best first
 * @param sentiment      polarity, or null where it has not been computed
 * @param sentimentScore -1..1, or null with {@code sentiment}
 * @param simhash        64-bit SimHash of the normalised text, 16 hex digits, or null
 * @param dupCluster     near-duplicate cluster id (posts sharing it are copies/reposts), or null
 * @param enrichedAt     when enrichment ran (processing time)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrichedPost(
        String id,
        Platform platform,
        String text,
        String title,
        Instant createdAt,
        Author author,
        String url,
        long reposts,
        long comments,
        long likes,
        String repostOf,
        String region,
        String lang,
        List<String> terms,
        List<String> keywords,
        List<String> hashtags,
        List<String> mentions,
        List<String> urls,
        Entities entities,
        Sentiment sentiment,
        Double sentimentScore,
        String simhash,
        String dupCluster,
        Instant enrichedAt) {

    public EnrichedPost {
        terms = terms == null ? List.of() : List.copyOf(terms);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        urls = urls == null ? List.of() : List.copyOf(urls);
        entities = entities == null ? Entities.NONE : entities;
    }

    /** This post with its near-duplicate fingerprint and cluster, set by the clustering step. */
    public EnrichedPost withNearDuplicate(String simhash, String dupCluster) {
        return new EnrichedPost(id, platform, text, title, createdAt, author, url, reposts, comments, likes, repostOf,
                region, lang, terms, keywords, hashtags, mentions, urls, entities, sentiment, sentimentScore, simhash,
                dupCluster, enrichedAt);
    }
}
