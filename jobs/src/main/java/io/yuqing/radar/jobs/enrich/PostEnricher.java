package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.Sentiment;

import java.time.Instant;
import java.util.List;

/**
 * The whole enrichment of one raw message, as a plain function: parse and validate, normalise,
 * analyse (terms, keywords, entities), sentiment, region to province/city, assemble the
 * {@link EnrichedPost}. The Flink operator only routes its outcome. Not thread-safe (holds a
 * segmenter): one instance per subtask. Operators' user dictionary ({@link UserDictionary}) is
 * loaded before the first instance is made, by the operator.
 *
 * <p>Sentiment is the shipped lexicon's, or, with a trained {@link SentimentModel}
 * ({@code enrich.sentiment-model}), the model's (which reads the lexicon's verdict among its
 * features), with the post's emotion when the model knows them and the model's id on the post.
 */
public final class PostEnricher {
    private final PostParser parser;
    private final EnrichmentLimits limits;
    private final TextNormalizer normalizer = new TextNormalizer();
    private final TextAnalyzer analyzer = new TextAnalyzer();
    private final SentimentAnalyzer sentiment = new SentimentAnalyzer();
    private final RegionResolver regions = RegionResolver.get();
    private final SentimentModel model;

    public PostEnricher(EnrichmentLimits limits) {
        this(limits, null);
    }

    /** @param model a trained sentiment model, or null for the lexicon alone */
    public PostEnricher(EnrichmentLimits limits, SentimentModel model) {
        this.limits = limits;
        this.parser = new PostParser(limits.maxMessageBytes(), limits.futureTolerance());
        this.model = model;
    }

    public EnrichOutcome enrich(byte[] raw, Instant now) {
        ParseOutcome parsed = parser.parse(raw, now);
        if (parsed instanceof Rejection rejection) {
            return rejection;
        }
        Post post = ((ParseOutcome.Valid) parsed).post();
        NormalizedText norm = normalizer.normalize(post.text());
        if (norm.text().length() > limits.maxTextChars()) {
            return new Rejection(DeadLetterReason.TEXT_TOO_LONG, "normalised text has "
                    + norm.text().length() + " characters, the limit is " + limits.maxTextChars());
        }
        // A repost spreads its source's story: its terms, places and organisations are the
        // reposted text's as well as its own words' (a comment alone, 苦了百姓, rarely names the
        // story it passes on). Its tone is its own words', the reaction; a plain repost (no words,
        // or the platform's 转发微博 placeholder) takes the reposted text's tone too.
        boolean plain = post.repostOf() != null && isPlaceholder(norm.text());
        NormalizedText own = plain ? new NormalizedText("", norm.urls(), norm.hashtags(), norm.mentions(), norm.emojis())
                : norm;
        NormalizedText reposted = post.repostText() == null ? null : normalizer.normalize(post.repostText());
        String source = reposted == null ? "" : reposted.text();
        if (source.length() > limits.maxTextChars()) {
            source = source.substring(0, limits.maxTextChars());
        }
        String toned = title(post) + (own.text().isEmpty() ? source : own.text());
        List<String> tonedEmojis = own.text().isEmpty() && reposted != null ? reposted.emojis() : own.emojis();
        // own words then the source, as one text; the source segmented on its own, once per cascade
        TextAnalysis a = own.text().isEmpty() ? analyzer.analyze(title(post) + source)
                : analyzer.analyze(title(post) + own.text(), source);
        SentimentResult tone = sentiment.analyze(toned, tonedEmojis);
        Sentiment polarity = tone.sentiment();
        double score = tone.score();
        Emotion emotion = null;
        if (model != null) {
            SentimentModel.Verdict v = model.classify(toned, tonedEmojis, tone);
            polarity = v.sentiment();
            score = v.score();
            emotion = v.emotion();
        }
        // Region: the post's own field when given, else the first place named in the text;
        // province/city from the field when it resolves, else from the places.
        boolean hasField = post.region() != null && !post.region().isBlank();
        String region = hasField ? post.region().strip() : a.entities().places().stream().findFirst().orElse(null);
        Region resolved = hasField ? regions.resolve(region) : Region.NONE;
        if (!resolved.isKnown()) {
            resolved = regions.resolvePlaces(a.entities().places());
        }
        return new EnrichOutcome.Enriched(new EnrichedPost(
                post.id(), post.platform(), own.text(), post.title(), post.createdAt(), post.author(), post.url(),
                orZero(post.reposts()), orZero(post.comments()), orZero(post.likes()), post.repostOf(), region,
                post.lang(), a.terms(), a.keywords(), norm.hashtags(), norm.mentions(), norm.urls(), a.entities(),
                polarity, score, null, null, now, resolved.province(), resolved.city(), norm.emojis(),
                a.phrases(), emotion, model == null ? null : model.id(),
                post.repostOf() == null || source.isEmpty() ? null : source));
    }

    /** A repost whose words are none, or only what the platform writes when the reposter wrote nothing. */
    static boolean isPlaceholder(String text) {
        String t = text.strip();
        return t.isEmpty() || t.equals("转发微博") || t.equals("轉發微博") || t.equalsIgnoreCase("Repost") || t.equals("转发");
    }

    private static String title(Post p) {
        return p.title() == null || p.title().isBlank() ? "" : p.title() + "。";
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }
}
