package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicEmotionsTest {
    private static final Instant T = Instant.parse("2026-07-12T00:10:00Z");
    private static final TopicSnapshot SNAPSHOT = new TopicSnapshot("t1", "小区停水三天物业推诿", List.of("停水", "物业"),
            T.minusSeconds(600), T, T.minusSeconds(900), Lifecycle.EMERGING, 40, 38, 30, 28, 0.7, Map.of("weibo", 40L),
            Map.of(), 60, 1.5, List.of());

    private static PostDigest digest(int i, String text, Emotion emotion) {
        return new PostDigest("p" + i, i, 1000 + i, 2000 + i, "weibo", null, emotion != null && emotion.polarity()
                == io.yuqing.radar.schemas.Sentiment.NEGATIVE, true, false, 0, 0, 0, T.minusSeconds(60), null, text,
                List.of("停水"), 0, null, emotion);
    }

    @Test
    void countsEachEmotionScaledToTheWindowAndTheShareOfAnger() {
        List<PostDigest> sample = new ArrayList<>();
        sample.add(digest(1, "停水三天了物业还在推诿，凭什么", Emotion.ANGER));
        sample.add(digest(2, "物业电话打不通，气死了", Emotion.ANGER));
        sample.add(digest(3, "家里老人孩子没水用，心酸", Emotion.SADNESS));
        sample.add(digest(4, "感谢送水的志愿者", Emotion.LIKE));
        sample.add(digest(5, "转发", null)); // scored before the model was loaded: no emotion
        TopicSnapshot s = TopicEmotions.on(SNAPSHOT, sample, 8.0);
        assertThat(s.emotions()).containsExactlyInAnyOrderEntriesOf(Map.of("anger", 16L, "sadness", 8L, "like", 8L));
        assertThat(s.angerRatio()).isEqualTo(0.5); // of the four posts that carry an emotion
        assertThat(s.postCount()).isEqualTo(SNAPSHOT.postCount());
    }

    @Test
    void aWindowWithoutEmotionsHasNoneRatherThanZeros() {
        TopicSnapshot s = TopicEmotions.on(SNAPSHOT, List.of(digest(1, "停水三天了", null)), 40.0);
        assertThat(s.emotions()).isNull();
        assertThat(s.angerRatio()).isNull();
    }
}
