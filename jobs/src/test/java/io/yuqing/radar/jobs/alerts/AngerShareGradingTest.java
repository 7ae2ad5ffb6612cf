package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.RiskGrader.Grade;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.yuqing.radar.jobs.alerts.Snapshots.topic;
import static org.assertj.core.api.Assertions.assertThat;

/** The anger share (anger_ratio) in the judged grading: topics whose posts carry emotions from a trained model. */
class AngerShareGradingTest {
    private static final AlertRulesConfig C = AlertRulesConfig.defaults();

    /** A livelihood complaint of 60 posts, 30 % of them negative: a lesser domain, blue only with a finding besides. */
    private static TopicSnapshot complaint() {
        return topic().title("小区停水三天物业推诿").posts(60).authors(55).tone(0.3).category(Category.LIVELIHOOD, 0.8).build();
    }

    @Test
    void anAngryPublicAddsItsPointAndIsNamed() {
        TopicSnapshot angry = complaint().withEmotions(Map.of("anger", 30L, "sadness", 12L, "fear", 6L), 0.625);
        Optional<Grade> g = RiskGrader.grade(angry, C);
        assertThat(g.map(Grade::level)).contains(RiskLevel.BLUE); // livelihood 1 + anger 1
        assertThat(g.orElseThrow().reasons()).contains(new AlertReason("anger_ratio", 0.625, 0.4));
        // the same topic, sad rather than angry, or without emotions (no model): no alert
        assertThat(RiskGrader.grade(complaint().withEmotions(Map.of("anger", 6L, "sadness", 40L), 0.1304), C)).isEmpty();
        assertThat(RiskGrader.grade(complaint(), C)).isEmpty();
    }

    @Test
    void aFewAngryPostsAreNoAngryPublic() {
        // 3 of 4 posts with an emotion angry: the share is high, the count below negative.min-count
        assertThat(RiskGrader.grade(complaint().withEmotions(Map.of("anger", 3L, "sadness", 1L), 0.75), C)).isEmpty();
    }

    @Test
    void theThresholdIsARuleLikeAnyOther() {
        // a live rules update, as published on yuqing.alerts.control
        AlertRulesConfig stricter = C.update("{\"judgement\": {\"anger-ratio\": 0.7}}");
        TopicSnapshot angry = complaint().withEmotions(Map.of("anger", 30L, "sadness", 18L), 0.625);
        assertThat(RiskGrader.grade(angry, stricter)).isEmpty();
        assertThat(AlertRulesConfig.defaults().judgement().angerRatio()).isEqualTo(0.4);
    }
}
