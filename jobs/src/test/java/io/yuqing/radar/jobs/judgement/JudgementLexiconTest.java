package io.yuqing.radar.jobs.judgement;

import io.yuqing.radar.schemas.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JudgementLexiconTest {
    @Test
    void findsEveryTermOnceAndNotATermInsideALongerOneAtTheSamePlace() {
        JudgementLexicon lex = JudgementLexicon.parse("[category.disaster]\n暴雨 大暴雨:2 积水\n[category.accident]\n事故 交通事故:2\n",
                "test");
        assertThat(lex.find("南京大暴雨，多处积水，积水路段发生交通事故")).containsExactly("大暴雨", "积水", "交通事故");
        assertThat(lex.find("暴雨")).containsExactly("暴雨");
        assertThat(lex.find("今天天气不错")).isEmpty();
    }

    @Test
    void sumsWeightsPerCategoryAndSection() {
        JudgementLexicon lex = JudgementLexicon.parse("""
                [category.food]
                地沟油:3 餐馆
                [signal.casualties]
                死亡:2
                [rumor.claim]
                网传
                """, "test");
        List<String> found = lex.find("网传某餐馆使用地沟油，已致一人死亡");
        assertThat(lex.categoryWeights(found)).containsEntry(Category.FOOD, 4.0).hasSize(1);
        assertThat(lex.weight(found, "signal.casualties")).isEqualTo(2.0);
        assertThat(lex.weight(found, "rumor.claim")).isEqualTo(1.0);
    }

    @Test
    void matchesFullWidthTextAgainstHalfWidthTerms() {
        JudgementLexicon lex = JudgementLexicon.parse("[category.environment]\nPM2.5:3\n", "test");
        assertThat(lex.find("今天ＰＭ２．５又爆表了")).containsExactly("pm2.5");
    }

    @Test
    void anOperatorsFileAddsTermsChangesWeightsAndRemovesShippedOnes(@TempDir Path dir) throws IOException {
        Path own = dir.resolve("own.txt");
        Files.writeString(own, """
                # 本地补充
                [category.livelihood]
                城中村改造:3 -噪音
                [category.accident]
                火灾:1
                """, StandardCharsets.UTF_8);
        JudgementLexicon shipped = JudgementLexicon.shipped();
        JudgementLexicon extended = JudgementLexicon.load(own.toString());
        assertThat(shipped.find("城中村改造")).doesNotContain("城中村改造");
        assertThat(extended.find("城中村改造启动")).contains("城中村改造");
        assertThat(shipped.entries("噪音")).anyMatch(e -> e.section().equals("category.livelihood"));
        assertThat(extended.entries("噪音")).noneMatch(e -> e.section().equals("category.livelihood"));
        assertThat(shipped.weight(List.of("火灾"), "category.accident")).isEqualTo(2.0);
        assertThat(extended.weight(List.of("火灾"), "category.accident")).isEqualTo(1.0);
        assertThat(extended.source()).contains(own.toString());
    }

    @Test
    void refusesUnknownSectionsBadWeightsAndTermsOutsideASection() {
        assertThatThrownBy(() -> JudgementLexicon.parse("[category.sport]\n足球\n", "own.txt"))
                .hasMessageContaining("own.txt line 1").hasMessageContaining("unknown section [category.sport]");
        assertThatThrownBy(() -> JudgementLexicon.parse("[signal.casualties]\n死亡:x\n", "own.txt"))
                .hasMessageContaining("line 2").hasMessageContaining("死亡:x");
        assertThatThrownBy(() -> JudgementLexicon.parse("死亡\n", "own.txt")).hasMessageContaining("before any [section]");
        assertThatThrownBy(() -> JudgementLexicon.load("/no/such/lexicon.txt"))
                .hasMessageContaining("cannot read the judgement lexicon /no/such/lexicon.txt");
    }

    @Test
    void theShippedLexiconHasEveryCategoryAndSignal() {
        JudgementLexicon lex = JudgementLexicon.shipped();
        for (Category c : Category.values()) {
            assertThat(lex.find(sampleOf(c))).as(c.json()).isNotEmpty();
        }
        assertThat(lex.weight(lex.find("求扩散！孩子走失"), Signal.CALL_TO_SPREAD.section())).isPositive();
    }

    private static String sampleOf(Category c) {
        return switch (c) {
            case ACCIDENT -> "化工厂爆炸";
            case DISASTER -> "地震";
            case HEALTH -> "医院误诊";
            case FOOD -> "地沟油";
            case CRIME -> "拐卖儿童";
            case ENFORCEMENT -> "城管执法";
            case OFFICIALS -> "局长受贿";
            case EDUCATION -> "高考作弊";
            case LIVELIHOOD -> "拖欠农民工工资";
            case ENVIRONMENT -> "河流污染";
            case ETHNIC_RELIGION -> "宗教";
            case FOREIGN -> "外交部";
            case ECONOMY -> "股市大跌";
            case NONE -> "演唱会门票";
        };
    }
}
