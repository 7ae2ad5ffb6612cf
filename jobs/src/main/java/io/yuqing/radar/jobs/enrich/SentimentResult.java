package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.Sentiment;

/**
 * The polarity of one text.
 *
 * @param sentiment positive, neutral or negative
 * @param score     -1 (most negative) .. 1 (most positive); near 0 for neutral
 * @param raw       the unbounded sum of weighted evidence the score squashes (for evaluation)
 */
public record SentimentResult(Sentiment sentiment, double score, double raw) {
    public static final SentimentResult NEUTRAL = new SentimentResult(Sentiment.NEUTRAL, 0.0, 0.0);
}
