package io.yuqing.radar.local;

import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.enrich.SentimentModel;
import io.yuqing.radar.jobs.judgement.CategoryModel;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.EnrichedPost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data FILE.tsv", "--texts", "ethnic_religion",
                "./radar-train sentiment", "emotion_label", "--held-out", "./radar-train predict");
        assertThat(run("category", "--data", "x.tsv")).isEqualTo(2);
        assertThat(run("mood", "--data", "x.tsv", "--out", "m")).isEqualTo(2);
        assertThat(run("sentiment", "--data", "x.tsv", "--out", "m", "--lexicon", "l.txt")).isEqualTo(2);
        assertThat(run("category", "--data", "no-such.tsv", "--out", "m")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required", "unknown command 'mood'",
                "unknown option '--lexicon' for sentiment", "--data no-such.tsv: no such file");
    }

    /** Hand-written posts labelled by polarity and emotion, as a team would label its own. */
    static final String SENTIMENT = """
            polarity\temotion\ttext
            neg\tanger\t物业收了钱什么都不管，电梯坏了一个月没人修，凭什么
            neg\tanger\t打了十几次热线没人接，投诉材料被退回来三次，这就是办事效率
            neg\tanger\t黑心商家卖过期食品还不认账，必须严惩
            neg\tanger\t排队三个小时插队的人一大堆，工作人员视而不见，气死了
            neg\tsadness\t外婆走了，再也吃不到她包的饺子了
            neg\tsadness\t失业三个月了，房租都交不起，不知道怎么办
            neg\tsadness\t救援还是没能找到他，一家人哭成一团
            neg\tfear\t听说小区又有人确诊了，好担心家里老人
            neg\tfear\t山洪来得太快，水一下涨到腰，腿都软了
            pos\tlike\t致敬奋战在一线的医护人员，你们辛苦了
            pos\tlike\t感谢消防员连夜救援，你们是最可爱的人
            pos\tlike\t志愿者们冒雨送物资，为你们点赞
            pos\thappiness\t终于考上研究生了，开心到转圈
            pos\thappiness\t周末和家人去爬山，阳光正好，心情特别好
            pos\thappiness\t今天加薪了，晚上吃火锅庆祝一下
            \tsurprise\t居然在地铁上遇到了小学同学，太巧了
            """;

    @Test
    void trainsASentimentModelAndPredictsAsTheEnrichJobWould(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("posts.tsv");
        Files.writeString(data, SENTIMENT, StandardCharsets.UTF_8);
        Path model = dir.resolve("sentiment.model");
        assertThat(run("sentiment", "--data", data.toString(), "--out", model.toString(), "--folds", "3",
                "--held-out", "0.25")).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("16 labelled posts", "Fold 3 of 3", "held-out", "mean", "lexicon", "Wrote " + model,
                "enrich.sentiment-model=");
        SentimentModel m = SentimentModel.load(model);
        assertThat(m.info().examples()).isEqualTo(16);
        assertThat(printed).contains("model " + m.id());

        out.reset();
        String texts = "物业收了钱什么都不管，投诉没人接，凭什么\n感谢志愿者冒雨送物资，辛苦了\n\n";
        assertThat(TrainCommand.run(new String[] {"predict", "--model", model.toString()},
                new ByteArrayInputStream(texts.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        // what the enrich job writes on the same post, through PostEnricher itself
        EnrichedPost enriched = ((EnrichOutcome.Enriched) new PostEnricher(EnrichmentLimits.defaults(), m).enrich(
                ("{\"id\":\"a\",\"platform\":\"weibo\",\"created_at\":\"2026-07-01T11:00:00+08:00\",\"text\":\""
                        + "物业收了钱什么都不管，投诉没人接，凭什么\"}").getBytes(StandardCharsets.UTF_8),
                java.time.Instant.parse("2026-07-01T04:00:00Z"))).post();
        assertThat(lines.get(0)).isEqualTo(enriched.sentiment().json() + "\t"
                + String.format(java.util.Locale.ROOT, "%.3f", enriched.sentimentScore()) + "\t" + enriched.emotion().json()
                + "\t物业收了钱什么都不管，投诉没人接，凭什么");
        assertThat(lines.get(0)).startsWith("negative\t-");
        assertThat(lines.get(1)).startsWith("positive\t");
        assertThat(lines.get(2)).isEqualTo("-\t-\t-\t\t(refused: empty_text)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("model " + m.id());
    }
}
