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
 * @param province       the region resolved to a provincial-level division, short name (湖北, 内蒙古,
 *                       香港), or null where it could not be resolved
 * @param city           the region resolved to a prefecture-level city, short name (武汉); for 直辖市
 *                       and 特别行政区 the same as {@code province}; null where unknown
 * @param emojis         Unicode emoji lifted out of the text and Weibo bracket emoticons ({@code [怒]},
 *                       which stay in the text), in order of first appearance, unique
 * @param phrases        phrase candidates: two content nouns standing side by side in the text
 *                       ({@code 天河路口}, {@code 排水系统}), in order of first appearance, unique
 * @param emotion        the emotion the post expresses, or null: set only by a trained sentiment model
 *                       that knows emotions ({@code enrich.sentiment-model})
 * @param sentimentModel id of the trained model that set {@code sentiment}, {@code sentiment_score} and
 *                       {@code emotion}, or null where the shipped lexicon did
 * @param repostText     on a repost, the reposted text as normalised (the story it passes on), or null
 *                       where the feed did not give it
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
        Instant enrichedAt,
        String province,
        String city,
        List<String> emojis,
        List<String> phrases,
        Emotion emotion,
        String sentimentModel,
        String repostText) {

    public EnrichedPost {
        terms = terms == null ? List.of() : List.copyOf(terms);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        urls = urls == null ? List.of() : List.copyOf(urls);
        entities = entities == null ? Entities.NONE : entities;
        emojis = emojis == null ? List.of() : List.copyOf(emojis);
        phrases = phrases == null ? List.of() : List.copyOf(phrases);
    }

    /** The record as it was before {@code repostText} was added (left unset). */
    public EnrichedPost(String id, Platform platform, String text, String title, Instant createdAt, Author author,
            String url, long reposts, long comments, long likes, String repostOf, String region, String lang,
            List<String> terms, List<String> keywords, List<String> hashtags, List<String> mentions,
            List<String> urls, Entities entities, Sentiment sentiment, Double sentimentScore, String simhash,
            String dupCluster, Instant enrichedAt, String province, String city, List<String> emojis,
            List<String> phrases, Emotion emotion, String sentimentModel) {
        this(id, platform, text, title, createdAt, author, url, reposts, comments, likes, repostOf, region, lang,
                terms, keywords, hashtags, mentions, urls, entities, sentiment, sentimentScore, simhash, dupCluster,
                enrichedAt, province, city, emojis, phrases, emotion, sentimentModel, null);
    }

    /** The record as it was before {@code emotion} and {@code sentimentModel} were added (those left unset). */
    public EnrichedPost(String id, Platform platform, String text, String title, Instant createdAt, Author author,
            String url, long reposts, long comments, long likes, String repostOf, String region, String lang,
            List<String> terms, List<String> keywords, List<String> hashtags, List<String> mentions,
            List<String> urls, Entities entities, Sentiment sentiment, Double sentimentScore, String simhash,
            String dupCluster, Instant enrichedAt, String province, String city, List<String> emojis,
            List<String> phrases) {
        this(id, platform, text, title, createdAt, author, url, reposts, comments, likes, repostOf, region, lang,
                terms, keywords, hashtags, mentions, urls, entities, sentiment, sentimentScore, simhash, dupCluster,
                enrichedAt, province, city, emojis, phrases, null, null);
    }

    /**
     * The record as it was before {@code province}, {@code city}, {@code emojis} and {@code phrases} were added
     * (those left unset), so code written against schema version 1.0 keeps compiling.
     */
    public EnrichedPost(String id, Platform platform, String text, String title, Instant createdAt, Author author,
            String url, long reposts, long comments, long likes, String repostOf, String region, String lang,
            List<String> terms, List<String> keywords, List<String> hashtags, List<String> mentions,
            List<String> urls, Entities entities, Sentiment sentiment, Double sentimentScore, String simhash,
            String dupCluster, Instant enrichedAt) {
        this(id, platform, text, title, createdAt, author, url, reposts, comments, likes, repostOf, region, lang,
                terms, keywords, hashtags, mentions, urls, entities, sentiment, sentimentScore, simhash, dupCluster,
                enrichedAt, null, null, null, null);
    }

    /** This post with its near-duplicate fingerprint and cluster, set by the clustering step. */
    public EnrichedPost withNearDuplicate(String simhash, String dupCluster) {
        return new EnrichedPost(id, platform, text, title, createdAt, author, url, reposts, comments, likes, repostOf,
                region, lang, terms, keywords, hashtags, mentions, urls, entities, sentiment, sentimentScore, simhash,
                dupCluster, enrichedAt, province, city, emojis, phrases, emotion, sentimentModel, repostText);
    }
}
