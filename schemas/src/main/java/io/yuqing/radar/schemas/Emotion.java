package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The emotion a post expresses: the seven classes of the Chinese Weibo emotion corpora (NLPCC
 * 2013/2014 and the 2020 Weibo posts labelled the same way), which public-opinion teams label their
 * own posts with. {@link #LIKE} is approval aimed at someone (praise, gratitude, encouragement:
 * 致敬 感谢 加油), {@link #HAPPINESS} one's own joy. Set on an enriched post only by a trained
 * sentiment model that knows emotions; the lexicon does not judge them.
 */
public enum Emotion {
    ANGER("愤怒", Sentiment.NEGATIVE),
    DISGUST("厌恶", Sentiment.NEGATIVE),
    FEAR("恐惧", Sentiment.NEGATIVE),
    SADNESS("悲伤", Sentiment.NEGATIVE),
    SURPRISE("惊讶", Sentiment.NEUTRAL),
    HAPPINESS("高兴", Sentiment.POSITIVE),
    LIKE("喜好", Sentiment.POSITIVE);

    private final String chinese;
    private final Sentiment polarity;

    Emotion(String chinese, Sentiment polarity) {
        this.chinese = chinese;
        this.polarity = polarity;
    }

    public String chinese() {
        return chinese;
    }

    /** The polarity the emotion carries; surprise carries none (it can go either way). */
    public Sentiment polarity() {
        return polarity;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The emotion of a code ({@code anger}) or its Chinese name ({@code 愤怒}); case-insensitive. */
    @JsonCreator
    public static Emotion of(String code) {
        if (code == null) {
            throw new IllegalArgumentException("emotion is null");
        }
        String c = code.strip();
        for (Emotion e : values()) {
            if (e.json().equalsIgnoreCase(c) || e.chinese.equals(c)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown emotion '" + code + "'; one of "
                + java.util.Arrays.stream(values()).map(Emotion::json).toList());
    }
}
