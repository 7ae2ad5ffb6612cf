package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Sentiment;

import java.time.Instant;
import java.util.List;

/**
 * What the topics job keeps of one post: enough to count, weigh and show it, nothing more (no
 * author name; the author id only as a hash, for distinct counts).
 *
 * @param hash        hash of the post id; samples keep the posts with the smallest hashes
 * @param authorHash  hash of the author id (of the post id when the author is unknown)
 * @param clusterHash hash of the near-duplicate cluster of an original post; of the post id for
 *                    a post without a cluster and for a repost (reposting is spread, not copying)
 * @param keywords    the terms the post is counted under ({@link TermExtractor})
 * @param names       bit i set when {@code keywords[i]} is a name: a hashtag, place or organisation
 *                    (what ties a sub-theme told in other words to its event, where a common
 *                    word such as an emoticon's 嘻嘻 ties nothing)
 * @param cues        what the topic judgement needs of the post (lexicon terms, reaction, questioning);
 *                    null in digests written before topics were judged, which the judgement leaves out
 * @param emotion     the post's emotion as the enrich job's sentiment model gave it, or null (no model,
 *                    or a digest written before emotions were kept)
 * @param organizations bit i set when {@code keywords[i]} is an organisation the enrich job recognised
 *                    (what a case names as the organisations involved); 0 in older digests
 */
public record PostDigest(
        String id,
        long hash,
        long authorHash,
        long clusterHash,
        String platform,
        String region,
        boolean negative,
        boolean original,
        boolean verified,
        long reposts,
        long comments,
        long likes,
        Instant createdAt,
        String url,
        String excerpt,
        List<String> keywords,
        int names,
        PostCues cues,
        Emotion emotion,
        int organizations) {

    static final int EXCERPT_CHARS = 80;

    public PostDigest {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    /** A digest without organisations (state written before they were kept, and tests that need none). */
    public PostDigest(String id, long hash, long authorHash, long clusterHash, String platform, String region,
                      boolean negative, boolean original, boolean verified, long reposts, long comments, long likes,
                      Instant createdAt, String url, String excerpt, List<String> keywords, int names, PostCues cues,
                      Emotion emotion) {
        this(id, hash, authorHash, clusterHash, platform, region, negative, original, verified, reposts, comments, likes,
                createdAt, url, excerpt, keywords, names, cues, emotion, 0);
    }

    /** A digest without an emotion (state written before emotions were kept, and tests that need none). */
    public PostDigest(String id, long hash, long authorHash, long clusterHash, String platform, String region,
                      boolean negative, boolean original, boolean verified, long reposts, long comments, long likes,
                      Instant createdAt, String url, String excerpt, List<String> keywords, int names, PostCues cues) {
        this(id, hash, authorHash, clusterHash, platform, region, negative, original, verified, reposts, comments, likes,
                createdAt, url, excerpt, keywords, names, cues, null);
    }

    /** A digest without judgement cues (state written before they existed, and tests of counting alone). */
    public PostDigest(String id, long hash, long authorHash, long clusterHash, String platform, String region,
                      boolean negative, boolean original, boolean verified, long reposts, long comments, long likes,
                      Instant createdAt, String url, String excerpt, List<String> keywords, int names) {
        this(id, hash, authorHash, clusterHash, platform, region, negative, original, verified, reposts, comments, likes,
                createdAt, url, excerpt, keywords, names, null);
    }

    /** A digest whose terms are all plain words (no names). */
    public PostDigest(String id, long hash, long authorHash, long clusterHash, String platform, String region,
                      boolean negative, boolean original, boolean verified, long reposts, long comments, long likes,
                      Instant createdAt, String url, String excerpt, List<String> keywords) {
        this(id, hash, authorHash, clusterHash, platform, region, negative, original, verified, reposts, comments, likes,
                createdAt, url, excerpt, keywords, 0, null);
    }

    /** This digest with {@code cues} (found once the lexicon in force is known, see {@link PostTerms}). */
    public PostDigest withCues(PostCues cues) {
        return new PostDigest(id, hash, authorHash, clusterHash, platform, region, negative, original, verified, reposts,
                comments, likes, createdAt, url, excerpt, keywords, names, cues, emotion, organizations);
    }

    /** Whether {@code keywords[i]} is an organisation. */
    public boolean isOrganization(int i) {
        return i < 32 && (organizations >>> i & 1) != 0;
    }

    /** Whether {@code keywords[i]} is a hashtag, place or organisation. */
    public boolean isName(int i) {
        return i < 32 && (names >>> i & 1) != 0;
    }

    /** The digest of {@code p}, judged by the shipped lexicon. */
    public static PostDigest of(EnrichedPost p, List<String> keywords) {
        return of(p, keywords, PostCues.of(p, JudgementLexicon.shipped()));
    }

    public static PostDigest of(EnrichedPost p, List<String> keywords, PostCues cues) {
        String author = p.author() == null || p.author().id() == null ? "post:" + p.id() : p.author().id();
        // copies are original posts sharing a near-duplicate cluster; a repost is the reposter's own
        // act (its cluster is its source's), so it counts as its own unit and only distinct authors limit it
        String cluster = p.dupCluster() != null && p.repostOf() == null ? "dup:" + p.dupCluster() : "post:" + p.id();
        String text = p.text() == null || p.text().isBlank() ? (p.title() == null ? "" : p.title()) : p.text();
        if (p.repostOf() != null && p.repostText() != null && !p.repostText().isBlank() && !text.contains(p.repostText())) {
            // as the platform shows a repost: its words and the chain of reposters' words before it
            // (太让人揪心了//@小王:气愤), then the story it passes on, which a headline and the story key
            // read; long words give way, so the excerpt keeps the story
            text = (text.length() <= EXCERPT_CHARS / 2 ? text : text.substring(0, EXCERPT_CHARS / 2) + "…")
                    + "//" + p.repostText();
        }
        String excerpt = text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS);
        return new PostDigest(p.id(), Hashing.hash(p.id()), Hashing.hash(author), Hashing.hash(cluster),
                p.platform() == null ? "other" : p.platform().json(), regionOf(p),
                p.sentiment() == Sentiment.NEGATIVE, p.repostOf() == null,
                p.author() != null && Boolean.TRUE.equals(p.author().verified()),
                p.reposts(), p.comments(), p.likes(), p.createdAt(), p.url(), excerpt, keywords,
                TermExtractor.names(p, keywords), cues, p.emotion(), TermExtractor.organizations(p, keywords));
    }

    /**
     * Where a post counts for a topic's breadth: its province when the enrich job resolved one
     * ("湖北 武汉", "武汉市洪山区" and 420100 all count as 湖北), else the region as given.
     */
    static String regionOf(EnrichedPost p) {
        String province = blankToNull(p.province());
        return province != null ? province : blankToNull(p.region());
    }

    /** Engagement (互动量): reposts weigh most, as they spread the post further. */
    public double engagement() {
        return 2.0 * reposts + comments + 0.2 * likes;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
