package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.Sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads labelled posts for {@link SentimentModel}: a UTF-8 TSV whose header line names its
 * columns. {@code text} is required, and at least one of
 * <ul>
 *   <li>{@code polarity}: {@code pos}/{@code positive}/正面, {@code neg}/{@code negative}/负面,
 *       {@code neutral}/中性, or empty or {@code ambiguous} for a post without one;</li>
 *   <li>{@code emotion}: an {@link Emotion} code or its Chinese name ({@code anger}, 愤怒 …), or empty;</li>
 *   <li>{@code emotion_label}: the codes 0–6 of the Weibo emotion corpus the 2020 posts come in
 *       ({@link #CORPUS_CODES}).</li>
 * </ul>
 * A post with an emotion and no polarity column takes the emotion's polarity (surprise has none).
 * Other columns are ignored. Every error names the file and line: label files are typed by hand.
 */
public final class SentimentData {
    /**
     * The emotion codes of the labelled 2020 Weibo posts ({@code covid_weibo_train.tsv}): 0 fear,
     * 1 disgust, 2 happiness, 3 surprise, 4 like, 5 sadness, 6 anger — the corpus's own polarity
     * column agrees (2 and 4 positive; 0, 1, 5, 6 negative; 3 ambiguous).
     */
    public static final List<Emotion> CORPUS_CODES = List.of(Emotion.FEAR, Emotion.DISGUST, Emotion.HAPPINESS,
            Emotion.SURPRISE, Emotion.LIKE, Emotion.SADNESS, Emotion.ANGER);

    private SentimentData() {}

    public static List<SentimentModel.Example> read(Path file) throws IOException {
        List<SentimentModel.Example> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null) {
                throw new IllegalArgumentException(file + ": empty file (expected a header line of column names)");
            }
            Map<String, Integer> cols = new HashMap<>();
            String[] names = first.replace("\uFEFF", "").split("\t", -1);
            for (int i = 0; i < names.length; i++) {
                cols.putIfAbsent(names[i].strip(), i);
            }
            Integer text = cols.get("text");
            Integer polarity = cols.get("polarity");
            Integer emotion = cols.get("emotion");
            Integer code = cols.get("emotion_label");
            if (text == null || (polarity == null && emotion == null && code == null)) {
                throw new IllegalArgumentException(file + ":1: the header " + cols.keySet() + " needs a 'text' column and"
                        + " a 'polarity', 'emotion' or 'emotion_label' column (tab-separated column names)");
            }
            int needed = text;
            for (Integer c : new Integer[] {polarity, emotion, code}) {
                if (c != null) {
                    needed = Math.max(needed, c);
                }
            }
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length <= needed) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + f.length + " columns, the header names "
                            + names.length + " (is a tab missing, or a text broken over lines?)");
                }
                try {
                    Emotion e = emotion != null ? emotionOf(f[emotion]) : code != null ? corpusCode(f[code]) : null;
                    Sentiment p = polarity != null ? polarityOf(f[polarity])
                            : e != null && e.polarity() != Sentiment.NEUTRAL ? e.polarity() : null;
                    if (f[text].isBlank()) {
                        throw new IllegalArgumentException("empty text");
                    }
                    if (p != null || e != null) {
                        out.add(new SentimentModel.Example(f[text], p, e));
                    }
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + ex.getMessage(), ex);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no labelled rows after the header");
        }
        return out;
    }

    static Sentiment polarityOf(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "pos", "positive", "正面", "1", "+1" -> Sentiment.POSITIVE;
            case "neg", "negative", "负面", "-1" -> Sentiment.NEGATIVE;
            case "neutral", "neu", "中性", "0" -> Sentiment.NEUTRAL;
            case "", "ambiguous", "none" -> null;
            default -> throw new IllegalArgumentException("unknown polarity '" + v
                    + "'; one of pos, neg, neutral (or positive, negative, 正面, 负面, 中性), or empty/ambiguous for none");
        };
    }

    private static Emotion emotionOf(String v) {
        return v.isBlank() || v.strip().equalsIgnoreCase("none") ? null : Emotion.of(v);
    }

    private static Emotion corpusCode(String v) {
        String s = v.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return CORPUS_CODES.get(Integer.parseInt(s));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("emotion_label '" + v + "' is not a code 0–6 (0 fear, 1 disgust, 2 happiness,"
                    + " 3 surprise, 4 like, 5 sadness, 6 anger)");
        }
    }
}
