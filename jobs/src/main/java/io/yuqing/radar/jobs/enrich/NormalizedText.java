package io.yuqing.radar.jobs.enrich;

import java.util.List;

/**
 * A post's text made comparable across platforms and scripts, with what was lifted out of it.
 *
 * @param text     simplified Chinese, half-width, URLs and Unicode emoji removed, whitespace collapsed
 * @param urls     links found in the text, in order
 * @param hashtags {@code #话题#} topics, without the #, in order, unique
 * @param mentions {@code @name} mentions, without the @, in order, unique
 * @param emojis   Unicode emoji (removed from the text) and Weibo bracket emoticons such as {@code [怒]}
 *                 (left in the text), in order of first appearance, unique
 */
public record NormalizedText(String text, List<String> urls, List<String> hashtags, List<String> mentions,
        List<String> emojis) {

    public NormalizedText {
        emojis = emojis == null ? List.of() : emojis;
    }

    public NormalizedText(String text, List<String> urls, List<String> hashtags, List<String> mentions) {
        this(text, urls, hashtags, mentions, List.of());
    }
}
