package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A topic window's emotion distribution (情绪分布): how many of its posts carry each emotion, as the
 * enrich job's trained sentiment model gave them, and the share of anger among those posts. Counted
 * on the window's post sample and scaled to its estimated post count, as the platforms are. A window
 * where no post carries an emotion (the lexicon alone: no model) has none, not zeros.
 */
final class TopicEmotions {
    private TopicEmotions() {}

    /**
     * @param sample the window's post sample
     * @param scale  estimated posts per sampled post
     */
    static TopicSnapshot on(TopicSnapshot s, Collection<PostDigest> sample, double scale) {
        Map<Emotion, Long> counts = new EnumMap<>(Emotion.class);
        for (PostDigest d : sample) {
            if (d.emotion() != null) {
                counts.merge(d.emotion(), 1L, Long::sum);
            }
        }
        if (counts.isEmpty()) {
            return s;
        }
        long withEmotion = counts.values().stream().mapToLong(Long::longValue).sum();
        double anger = Math.round(10_000.0 * counts.getOrDefault(Emotion.ANGER, 0L) / withEmotion) / 10_000.0;
        Map<String, Long> scaled = new LinkedHashMap<>();
        counts.forEach((e, n) -> scaled.put(e.json(), Math.round(n * scale)));
        return s.withEmotions(scaled, anger);
    }
}
