package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResponseEffectTest {
    static final String TOPIC = "tp-8c27e0b5";
    /** 09:30 China time: the 市场监管局's statement on the restaurant kitchen story. */
    static final Instant RESPONDED = Instant.parse("2026-05-21T01:30:00Z");

    /** One 10-minute window ending every minute from {@code from} for {@code minutes}, with these counts. */
    static List<TopicSnapshot> windows(Instant from, int minutes, long posts, long negative) {
        List<TopicSnapshot> out = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            Instant end = from.plus(Duration.ofMinutes(i));
            out.add(new TopicSnapshot(TOPIC, "网传某连锁餐饮门店后厨卫生问题", List.of("后厨", "老鼠"),
                    end.minus(Duration.ofMinutes(10)), end, from.minus(Duration.ofHours(12)), Lifecycle.PEAK, posts,
                    posts, posts / 2, negative, posts == 0 ? 0 : (double) negative / posts, Map.of("weibo", posts),
                    Map.of("江苏省南京市", posts), posts / 5.0, 0, List.of(new SamplePost("1", null, "后厨有老鼠"))));
        }
        return out;
    }

    @Test
    void volumeAndNegativeRatioBeforeAndAfterTheResponse() {
        List<TopicSnapshot> h = new ArrayList<>();
        // 2 h before: 300 posts per 10-minute window (1,800 an hour), 70 % negative
        h.addAll(windows(RESPONDED.minus(Duration.ofHours(2)), 120, 300, 210));
        // 2 h after: 100 per window (600 an hour), 40 % negative
        h.addAll(windows(RESPONDED, 120, 100, 40));
        // outside the span: ignored
        h.addAll(windows(RESPONDED.minus(Duration.ofHours(5)), 30, 5000, 5000));

        ResponseEffect e = ResponseEffect.of(h, RESPONDED, Duration.ofHours(2), RESPONDED.plus(Duration.ofDays(1)));
        assertThat(e.before().windows()).isEqualTo(120);
        assertThat(e.after().windows()).isEqualTo(120);
        assertThat(e.before().postsPerHour()).isCloseTo(1800, within(0.01));
        assertThat(e.after().postsPerHour()).isCloseTo(600, within(0.01));
        assertThat(e.volumeChange()).isCloseTo(-2 / 3.0, within(1e-9));
        assertThat(e.negativeRatioChange()).isCloseTo(-0.3, within(1e-9));
        assertThat(e.complete()).isTrue();
        assertThat(e.summary()).isEqualTo("回应前后各2 小时：声量下降 67%（每小时约 1800 → 600 帖），负面占比 70% → 40%");
    }

    @Test
    void whileTheAfterSpanRunsAndWhenTheTopicFellSilent() {
        List<TopicSnapshot> h = windows(RESPONDED.minus(Duration.ofHours(1)), 60, 60, 30);
        h.addAll(windows(RESPONDED, 20, 120, 90));
        ResponseEffect running = ResponseEffect.of(h, RESPONDED, Duration.ofHours(1), RESPONDED.plus(Duration.ofMinutes(20)));
        assertThat(running.complete()).isFalse();
        assertThat(running.volumeChange()).isCloseTo(1.0, within(1e-9));
        assertThat(running.summary()).contains("声量上升 100%", "50% → 75%", "尚未结束");

        ResponseEffect silent = ResponseEffect.of(windows(RESPONDED.minus(Duration.ofHours(1)), 60, 60, 30), RESPONDED,
                Duration.ofHours(1), RESPONDED.plus(Duration.ofHours(3)));
        assertThat(silent.after().windows()).isZero();
        assertThat(silent.after().postsPerHour()).isNull();
        assertThat(silent.volumeChange()).isNull();
        assertThat(silent.summary()).contains("无数据");
    }
}
