package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertParamsTest {

    private static AlertParams parse(Map<String, String> params) {
        return AlertParams.parse(params::get);
    }

    private static void rejects(Map<String, String> params, String mentioning) {
        assertThatThrownBy(() -> parse(params))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(mentioning);
    }

    @Test
    void defaults() {
        assertThat(parse(Map.of())).isEqualTo(new AlertParams(null, null, null, null, null, null, null, 0, 20));
    }

    @Test
    void acceptsEveryFilter() {
        AlertParams p = parse(Map.of("level", "RED", "topic", "tp-0123456789ab",
                "from", "2026-11-01T00:00:00+08:00", "to", "1793548800000", "page", "2", "size", "100"));
        assertThat(p.level()).isEqualTo(RiskLevel.RED);
        assertThat(p.topic()).isEqualTo("tp-0123456789ab");
        assertThat(p.from()).isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.ofEpochMilli(1793548800000L));
        assertThat(p.offset()).isEqualTo(200);
        assertThat(parse(Map.of("report", "followup")).report()).isEqualTo(AlertParams.Report.FOLLOWUP);
        assertThat(parse(Map.of("report", " First ")).report()).isEqualTo(AlertParams.Report.FIRST);
    }

    @Test
    void categoryIsACodeAndMinRumorScoreAFraction() {
        AlertParams p = parse(Map.of("category", " Food ", "min_rumor_score", "0.5"));
        assertThat(p.category()).isEqualTo(Category.FOOD);
        assertThat(p.minRumorScore()).isEqualTo(0.5);
        assertThat(parse(Map.of("category", "ethnic_religion", "min_rumor_score", "1")).category())
                .isEqualTo(Category.ETHNIC_RELIGION);
        assertThat(parse(Map.of("min_rumor_score", "0")).minRumorScore()).isEqualTo(0.0);
        assertThat(parse(Map.of("category", " ", "min_rumor_score", "")).category()).isNull();
    }

    @Test
    void rejectsUnknownCategoriesAndScoresOutsideZeroToOne() {
        // the Chinese name is what the page shows, but the parameter is the code: the message lists them
        rejects(Map.of("category", "食品药品安全"), "category must be one of accident, disaster, health, food, crime, "
                + "enforcement, officials, education, livelihood, environment, ethnic_religion, foreign, economy, none");
        rejects(Map.of("category", "food*"), "category must be one of");
        rejects(Map.of("min_rumor_score", "1.5"), "min_rumor_score must be a number from 0 to 1");
        rejects(Map.of("min_rumor_score", "-0.1"), "min_rumor_score");
        rejects(Map.of("min_rumor_score", "NaN"), "min_rumor_score");
        rejects(Map.of("min_rumor_score", "高"), "min_rumor_score");
    }

    @Test
    void rejectsUnknownReportStatus() {
        rejects(Map.of("report", "续报"), "report must be first (首报) or followup (续报)");
    }

    @Test
    void rejectsBadValues() {
        rejects(Map.of("level", "purple"), "level must be one of blue, yellow, orange, red");
        rejects(Map.of("topic", "x".repeat(257)), "topic");
        rejects(Map.of("from", "yesterday"), "from must be ISO-8601");
        rejects(Map.of("from", "2026-11-02T00:00:00+08:00", "to", "2026-11-01T00:00:00+08:00"), "from must be before to");
        rejects(Map.of("page", "-1"), "page");
        rejects(Map.of("size", "101"), "size");
        rejects(Map.of("size", "0"), "size");
        rejects(Map.of("page", "100", "size", "100"), "(page + 1) * size");
    }
}
