package io.yuqing.radar.local;

import io.yuqing.radar.jobs.judgement.CategoryModel;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.schemas.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {
    private static final String DATA = """
            category\ttext
            food\t学校食堂被曝使用过期变质肉，多名学生出现腹泻呕吐
            food\t超市售卖的奶粉检出三聚氰胺，家长要求下架召回
            food\t网友曝光某餐馆用地沟油炸油条，市场监管部门已介入调查
            disaster\t凌晨发生4.8级地震，震中附近房屋出现裂缝
            disaster\t暴雨导致山体滑坡，村道被冲毁，数百村民紧急转移
            disaster\t台风登陆带来特大暴雨，城区多处内涝积水齐腰
            none\t今天天气真好，和闺蜜去逛街喝奶茶，开心
            none\t新专辑终于上线了，单曲循环一整天，太好听了
            none\t周末在家追剧，结局好感人，哭了一包纸巾
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return TrainCommand.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void trainsReportsPerCategoryAndWritesAModelThatLoads(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("labels.tsv");
        Files.writeString(data, DATA, StandardCharsets.UTF_8);
        Path model = dir.resolve("category.model");
        assertThat(run("category", "--data", data.toString(), "--out", model.toString(), "--folds", "3")).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("9 labelled texts in 3 categories", "3-fold accuracy", "precision", "recall",
                "Wrote " + model);
        assertThat(printed).containsPattern("(?m)^  food +3 ");
        CategoryModel loaded = CategoryModel.load(model, JudgementLexicon.shipped());
        assertThat(loaded.info().folds()).isEqualTo(3);
        assertThat(CategoryModel.best(loaded.predict("餐馆后厨老鼠乱窜，顾客吃出异物"))).isEqualTo(Category.FOOD);
    }

    @Test
    void aBadFileFailsWithItsLineAndTheValidCodes(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("labels.tsv");
        Files.writeString(data, DATA + "flood\t河水暴涨冲垮堤坝\n", StandardCharsets.UTF_8);
        Path model = dir.resolve("category.model");
        assertThat(run("category", "--data", data.toString(), "--out", model.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(data + ":11: unknown category 'flood'", "disaster",
                "ethnic_religion");
        assertThat(model).doesNotExist();
    }

    @Test
    void optionsAreChecked() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data FILE.tsv", "--texts", "ethnic_religion");
        assertThat(run("category", "--data", "x.tsv")).isEqualTo(2);
        assertThat(run("sentiment", "--data", "x.tsv", "--out", "m")).isEqualTo(2);
        assertThat(run("category", "--data", "no-such.tsv", "--out", "m")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required", "unknown model 'sentiment'",
                "--data no-such.tsv: no such file");
    }
}
