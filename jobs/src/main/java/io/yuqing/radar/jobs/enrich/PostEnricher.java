package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Post;

import java.time.Instant;

/**
 * The whole enrichment of one raw message, as a plain function: parse and validate, normalise,
 * analyse, assemble the {@link EnrichedPost}. The Flink operator only routes its outcome. Not
 * thread-safe (holds a segmenter): one instance per subtask.
 */
public final class PostEnricher {
    private final PostParser parser;
    private final EnrichmentLimits limits;
    private final TextNormalizer normalizer = new TextNormalizer();
    private final TextAnalyzer analyzer = new TextAnalyzer();

    public PostEnricher(EnrichmentLimits limits) {
        this.limits = limits;
        this.parser = new PostParser(limits.maxMessageBytes(), limits.futureTolerance());
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
        // A plain repost says nothing of its own; its topic is the reposted text's.
        String analysed = norm.text().isEmpty() && post.repostText() != null
                ? normalizer.normalize(post.repostText()).text()
                : norm.text();
        TextAnalysis a = analyzer.analyze(title(post) + analysed);
        String region = post.region() != null && !post.region().isBlank()
                ? post.region().strip()
                : a.entities().places().stream().findFirst().orElse(null);
        return new EnrichOutcome.Enriched(new EnrichedPost(
                post.id(), post.platform(), norm.text(), post.title(), post.createdAt(), post.author(), post.url(),
                orZero(post.reposts()), orZero(post.comments()), orZero(post.likes()), post.repostOf(), region,
                post.lang(), a.terms(), a.keywords(), norm.hashtags(), norm.mentions(), norm.urls(), a.entities(),
                null, null, null, null, now));
    }

    private static String title(Post p) {
        return p.title() == null || p.title().isBlank() ? "" : p.title() + "。";
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }
}
