package io.yuqing.radar.jobs.judgement;

import io.yuqing.radar.schemas.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CategoryModelTest {
    private static final String DATA = """
            text\tcategory\tnote
            某小区学校食堂被曝使用过期变质肉，多名学生出现腹泻呕吐\tfood\t
            超市售卖的奶粉检出三聚氰胺，家长要求下架召回\tfood\t
            网友曝光某餐馆用地沟油炸油条，市场监管部门已介入调查\tfood\t
            外卖送来的盒饭里吃出苍蝇，商家拒绝退款\tfood\t
            凌晨发生4.8级地震，震中附近房屋出现裂缝，暂无人员伤亡\tdisaster\t
            暴雨导致山体滑坡，村道被冲毁，数百村民紧急转移\tdisaster\t
            台风登陆带来特大暴雨，城区多处内涝积水齐腰\tdisaster\t
            持续干旱，水库见底，山区群众饮水困难\tdisaster\t
            今天天气真好，和闺蜜去逛街喝奶茶，开心\tnone\t
            新专辑终于上线了，单曲循环一整天，太好听了\tnone\t
            周末在家追剧，结局好感人，哭了一包纸巾\tnone\t
            早安，新的一周也要元气满满哦\tnone\t
            """;

    @Test
    void trainedModelSavesAndLoadsWithTheSamePredictions(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("labels.tsv");
        Files.writeString(data, DATA, StandardCharsets.UTF_8);
        List<CategoryModel.Example> examples = TrainingData.read(data, null);
        assertThat(examples).hasSize(12);

        JudgementLexicon lexicon = JudgementLexicon.shipped();
        CategoryModel model = CategoryModel.train(examples, 4, lexicon);
        Path file = dir.resolve("model/category.model");
        model.save(file);
        CategoryModel loaded = CategoryModel.load(file, lexicon);

        List<String> unseen = List.of("学校食堂饭菜发霉变质，学生集体食物中毒", "强降雨引发洪水，多个乡镇被淹",
                "周末和朋友去看电影，爆米花很好吃");
        for (String text : unseen) {
            Map<Category, Double> before = model.predict(text);
            Map<Category, Double> after = loaded.predict(text);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            before.forEach((c, p) -> assertThat(after.get(c)).as(text + " " + c).isCloseTo(p, within(1e-9)));
            assertThat(before.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        }
        assertThat(CategoryModel.best(loaded.predict(unseen.get(0)))).isEqualTo(Category.FOOD);
        assertThat(CategoryModel.best(loaded.predict(unseen.get(1)))).isEqualTo(Category.DISASTER);
        assertThat(CategoryModel.best(loaded.predict(unseen.get(2)))).isEqualTo(Category.NONE);

        // a topic whose posts are all plain reposts or emoji has no text to speak of: the priors answer
        assertThat(loaded.predict("")).containsOnlyKeys(Category.FOOD, Category.DISASTER, Category.NONE);
        assertThat(loaded.predict(null).get(Category.NONE)).isCloseTo(1 / 3.0, within(1e-9));

        CategoryModel.Info info = loaded.info();
        assertThat(info.examples()).isEqualTo(12);
        assertThat(info.classes()).containsEntry(Category.FOOD, 4).containsEntry(Category.DISASTER, 4)
                .containsEntry(Category.NONE, 4);
        assertThat(info.folds()).isEqualTo(4);
        assertThat(info.accuracy()).isEqualTo(model.info().accuracy(), within(1e-3)).isBetween(0.0, 1.0);
        assertThat(info.trained()).isEqualTo(model.info().trained());
        assertThat(info.perCategory()).containsKeys(Category.FOOD, Category.DISASTER, Category.NONE);
        assertThat(Files.readString(file)).contains("format\tyuqing-category-model 1", "examples\t12",
                "classes\tdisaster=4 food=4 none=4", "cv.folds\t4", "cv.category\tfood\t4\t");
    }

    @Test
    void theBlendKeepsTheLexiconsDomainAndLetsAConfidentModelNameOneTheLexiconMissed() {
        TopicJudge.Judgement food = new TopicJudge.Judgement(Category.FOOD, 0.8, List.of("地沟油"), 0.1, Map.of());
        TopicJudge.Judgement none = new TopicJudge.Judgement(Category.NONE, 0.9, List.of(), 0.6, Map.of("casualties", 0.3));
        Map<Category, Double> saysCrime = Map.of(Category.CRIME, 0.75, Category.FOOD, 0.05, Category.NONE, 0.2);
        Map<Category, Double> unsure = Map.of(Category.CRIME, 0.5, Category.NONE, 0.5);

        assertThat(CategoryModel.blend(food, saysCrime)).isEqualTo(food);
        assertThat(CategoryModel.blend(none, unsure)).isEqualTo(none);
        TopicJudge.Judgement blended = CategoryModel.blend(none, saysCrime);
        assertThat(blended.category()).isEqualTo(Category.CRIME);
        assertThat(blended.confidence()).isEqualTo(0.75);
        assertThat(blended.evidence()).isEmpty();
        assertThat(blended.rumorScore()).isEqualTo(0.6);
        assertThat(blended.signals()).isEqualTo(none.signals());
    }

    @Test
    void anUnknownCategoryIsReportedWithItsLineAndTheValidCodes(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("labels.tsv");
        Files.writeString(data, "text\tcategory\n暴雨导致山体滑坡\tdisaster\n超市奶粉检出三聚氰胺\tfood_safety\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TrainingData.read(data, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(data + ":3: unknown category 'food_safety'")
                .hasMessageContaining("food").hasMessageContaining("ethnic_religion").hasMessageContaining("none");
    }

    @Test
    void aFileWithoutTheColumnsOrWithAShortRowSaysWhatIsWrong(@TempDir Path dir) throws IOException {
        Path noHeader = dir.resolve("no-header.tsv");
        Files.writeString(noHeader, "暴雨导致山体滑坡\tdisaster\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TrainingData.read(noHeader, null))
                .hasMessageContaining(noHeader + ":1: no 'category' column in the header");
        Path shortRow = dir.resolve("short.tsv");
        Files.writeString(shortRow, "text\tcategory\n暴雨导致山体滑坡\tdisaster\n超市奶粉检出三聚氰胺 food\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TrainingData.read(shortRow, null)).hasMessageContaining(shortRow + ":3: 1 columns");
    }

    @Test
    void labelsAreJoinedToTheirTextsByEventId(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("labels.tsv");
        Path events = dir.resolve("events.tsv");
        Files.writeString(labels, "event_id\tcategory\trelevance\n7\tdisaster\t2\n9\tnone\t0\n", StandardCharsets.UTF_8);
        Files.writeString(events, "event_id\tlabel\ttext\n9\tnonrumor\t早安，新的一周也要元气满满哦\n"
                + "7\trumor\t暴雨导致山体滑坡，村道被冲毁\n", StandardCharsets.UTF_8);
        assertThat(TrainingData.read(labels, events)).containsExactly(
                new CategoryModel.Example("暴雨导致山体滑坡，村道被冲毁", Category.DISASTER),
                new CategoryModel.Example("早安，新的一周也要元气满满哦", Category.NONE));
        Files.writeString(labels, "event_id\tcategory\n8\tfood\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TrainingData.read(labels, events)).hasMessageContaining(labels + ":2: event_id '8' is not in");
    }

    @Test
    void aFileOfAnotherKindIsNotTakenForAModel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lexicon.txt");
        Files.writeString(file, "[category.food]\n地沟油 三聚氰胺\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CategoryModel.load(file, JudgementLexicon.shipped())).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }
}
