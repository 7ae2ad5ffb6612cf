package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.AlertRulesConfig.Period;
import io.yuqing.radar.schemas.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped YAML, overrides, control-topic updates and the sensitive-period calendar. */
class AlertRulesConfigTest {
    private static final AlertRulesConfig C = AlertRulesConfig.defaults();

    @Test
    void shippedDefaultsAreValidAndDocumented() {
        assertThat(C.validate()).isEmpty();
        assertThat(C.volume().posts().orange()).isEqualTo(1000);
        assertThat(C.negative().ratio()).isEqualTo(0.5);
        assertThat(C.reporting().minInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(C.watchLists()).extracting(AlertRulesConfig.WatchList::name)
                .containsExactly("本单位", "安全生产事故", "食品安全", "医疗纠纷", "征地拆迁", "群体性事件", "谣言/辟谣");
        assertThat(C.offlineLinkage().terms()).contains("聚集", "游行", "堵路", "围堵", "罢工", "静坐", "拉横幅");
        assertThat(C.sensitivePeriods().periods()).extracting(Period::name).containsExactly("两会", "高考", "国庆", "春节");
    }

    @Test
    void aDeploymentFileOverridesOnlyWhatItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                negative:
                  min-count: 50
                watch-lists:
                  - id: own-name
                    terms: [某某集团]
                  - id: pollution
                    name: 环境污染
                    level: blue
                    terms: [污染, 排污]
                """, StandardCharsets.UTF_8);
        AlertRulesConfig c = AlertRulesConfig.load(file);
        assertThat(c.negative().minCount()).isEqualTo(50);
        assertThat(c.negative().ratio()).isEqualTo(0.5);
        assertThat(c.watchLists()).hasSize(8);
        assertThat(c.watchLists().get(0).terms()).containsExactly("某某集团");
        assertThat(c.watchLists().get(0).level()).isEqualTo(RiskLevel.YELLOW);
        assertThat(c.watchLists().get(7).id()).isEqualTo("pollution");
    }

    @Test
    void anUpdateChangesThresholdsAndRoundTripsThroughItsJsonForm() {
        AlertRulesConfig c = C.update("{\"volume\":{\"posts\":{\"orange\":200}},\"reporting\":{\"min-interval\":\"PT5M\"}}");
        assertThat(c.volume().posts().orange()).isEqualTo(200);
        assertThat(c.volume().posts().red()).isEqualTo(10_000);
        assertThat(c.reporting().minInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(AlertRulesConfig.fromJson(c.toJson())).isEqualTo(c);
        assertThat(C.volume().posts().orange()).isEqualTo(1000); // the old one is untouched
    }

    @Test
    void combinedUpdatesEqualUpdatesInTurn() {
        String u1 = "{\"negative\":{\"min-count\":5},\"watch-lists\":[{\"id\":\"own-name\",\"terms\":[\"甲\"]}]}";
        String u2 = "{\"negative\":{\"ratio\":0.6},\"watch-lists\":[{\"id\":\"x\",\"name\":\"新\",\"level\":\"blue\",\"terms\":[\"乙\"]}]}";
        String both = AlertRulesConfig.combine(AlertRulesConfig.combine(null, u1), u2);
        assertThat(C.update(both)).isEqualTo(C.update(u1).update(u2));
    }

    @Test
    void badUpdatesAreRejectedWithTheirKind() {
        assertKind("{not json", InvalidRulesException.Kind.NOT_JSON);
        assertKind("[1,2]", InvalidRulesException.Kind.NOT_AN_OBJECT);
        assertKind("{\"volume\":{\"postz\":{}}}", InvalidRulesException.Kind.WRONG_TYPE);      // unknown key
        assertKind("{\"negative\":{\"ratio\":\"high\"}}", InvalidRulesException.Kind.WRONG_TYPE);
        assertKind("{\"watch-lists\":[{\"id\":\"x\",\"level\":\"purple\",\"terms\":[\"a\"]}]}",
                InvalidRulesException.Kind.WRONG_TYPE);
        assertKind("{\"negative\":{\"ratio\":1.5}}", InvalidRulesException.Kind.INVALID_VALUE);
        assertKind("{\"volume\":{\"posts\":{\"orange\":100,\"red\":50}}}", InvalidRulesException.Kind.INVALID_VALUE);
        assertKind("{\"watch-lists\":[{\"id\":\"x\",\"terms\":[\"a\"]}]}", InvalidRulesException.Kind.INVALID_VALUE);
        assertKind("{\"sensitive-periods\":{\"periods\":[{\"id\":\"p\",\"from\":\"2027-13-01\",\"to\":\"2027-13-02\"}]}}",
                InvalidRulesException.Kind.INVALID_VALUE);
        assertKind("{\"reporting\":{\"hysteresis\":1.2}}", InvalidRulesException.Kind.INVALID_VALUE);
    }

    private static void assertKind(String update, InvalidRulesException.Kind kind) {
        assertThatThrownBy(() -> C.update(update)).as(update)
                .isInstanceOfSatisfying(InvalidRulesException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void annualPeriodsRecurAndMayWrapTheYear() {
        Period nationalDay = new Period("nd", "国庆", "09-30", "10-08");
        assertThat(nationalDay.contains(LocalDate.of(2026, 9, 29))).isFalse();
        assertThat(nationalDay.contains(LocalDate.of(2026, 9, 30))).isTrue();
        assertThat(nationalDay.contains(LocalDate.of(2031, 10, 8))).isTrue();
        assertThat(nationalDay.contains(LocalDate.of(2031, 10, 9))).isFalse();
        Period newYear = new Period("ny", "元旦", "12-30", "01-02");
        assertThat(newYear.contains(LocalDate.of(2026, 12, 31))).isTrue();
        assertThat(newYear.contains(LocalDate.of(2027, 1, 2))).isTrue();
        assertThat(newYear.contains(LocalDate.of(2027, 1, 3))).isFalse();
        assertThat(newYear.contains(LocalDate.of(2026, 12, 29))).isFalse();
    }

    @Test
    void datedPeriodsHoldForTheirYearOnly() {
        Period springFestival = new Period("sf", "春节", "2027-02-04", "2027-02-14");
        assertThat(springFestival.contains(LocalDate.of(2027, 2, 4))).isTrue();
        assertThat(springFestival.contains(LocalDate.of(2027, 2, 14))).isTrue();
        assertThat(springFestival.contains(LocalDate.of(2027, 2, 15))).isFalse();
        assertThat(springFestival.contains(LocalDate.of(2028, 2, 5))).isFalse();
        assertThat(C.periodsOn(LocalDate.of(2027, 3, 5))).extracting(Period::name).containsExactly("两会");
        assertThat(C.periodsOn(LocalDate.of(2026, 6, 7))).extracting(Period::name).containsExactly("高考");
        assertThat(C.periodsOn(LocalDate.of(2026, 11, 24))).isEmpty();
    }
}
