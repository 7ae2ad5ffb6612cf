package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Sentiment;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SentimentModelTest {
    /**
     * Hand-written posts, four to six an emotion, in the layout a team labels in (emotion column,
     * polarity derived from it). Several say what they feel in plain words the lexicon does not
     * weigh (问了三遍还是没人管), which is what a model trained on the team's posts is for.
     */
    static final String LABELLED = """
            emotion\ttext
            anger\t物业收了钱什么都不管，电梯坏了一个月没人修，凭什么
            anger\t又是临时工背锅，出了事就推卸责任，把老百姓当傻子
            anger\t排队三个小时插队的人一大堆，工作人员视而不见，气死了
            anger\t打了十几次热线没人接，投诉材料被退回来三次，这就是办事效率
            anger\t黑心商家卖过期食品还不认账，必须严惩
            disgust\t这种炒作博眼球的人真让人恶心
            disgust\t评论区全是水军带节奏，看着就反胃
            disgust\t满嘴谎话还装清高，真是看不下去
            disgust\t为了流量什么都拍，低俗透了
            fear\t半夜楼道里一直有人敲门，吓得不敢出声
            fear\t听说小区又有人确诊了，好担心家里老人
            fear\t山洪来得太快，水一下涨到腰，腿都软了
            fear\t一个人走夜路总感觉后面有人跟着，心慌
            sadness\t外婆走了，再也吃不到她包的饺子了
            sadness\t救援还是没能找到他，一家人哭成一团
            sadness\t失业三个月了，房租都交不起，不知道怎么办
            sadness\t看到灾区孩子在废墟里找书包，眼泪止不住
            surprise\t居然在地铁上遇到了小学同学，太巧了
            surprise\t没想到这么小的店能排到米其林
            surprise\t万万没想到结局是这样，完全猜不到
            happiness\t终于考上研究生了，开心到转圈
            happiness\t周末和家人去爬山，阳光正好，心情特别好
            happiness\t收到了朋友寄来的生日礼物，哈哈哈太惊喜了
            happiness\t今天加薪了，晚上吃火锅庆祝一下
            like\t致敬奋战在一线的医护人员，你们辛苦了
            like\t感谢消防员连夜救援，你们是最可爱的人
            like\t志愿者们冒雨送物资，为你们点赞
            like\t谢谢社区工作人员这些天的付出，加油
            """;

    static List<SentimentModel.Example> examples(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("labels.tsv");
        Files.writeString(file, LABELLED, StandardCharsets.UTF_8);
        return SentimentData.read(file);
    }

    @Test
    void learnsPolarityAndEmotionFromAFewLabelledPosts(@TempDir Path dir) throws IOException {
        List<String> progress = new ArrayList<>();
        SentimentModel m = SentimentModel.train(examples(dir), "labels.tsv", 3, 0, progress::add);
        assertThat(m.knowsEmotions()).isTrue();
        assertThat(m.id()).matches("sentiment-\\d{8}-[0-9a-f]{8}");
        assertThat(m.info().examples()).isEqualTo(28);
        assertThat(m.info().polarityClasses()).containsEntry(Sentiment.NEGATIVE, 17).containsEntry(Sentiment.POSITIVE, 8);
        assertThat(m.info().crossValidation().folds()).hasSize(3);
        assertThat(progress).anyMatch(l -> l.startsWith("Fold 3 of 3"));

        SentimentAnalyzer lexicon = new SentimentAnalyzer();
        String complaint = "物业收了钱什么都不管，投诉热线没人接，凭什么";
        SentimentModel.Verdict v = m.classify(complaint, List.of(), lexicon.analyze(complaint));
        assertThat(v.sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(v.score()).isNegative();
        assertThat(v.emotion()).as("emotion of %s (%s)", complaint, v).isEqualTo(Emotion.ANGER);
        String thanks = "感谢一线医护人员，你们辛苦了，致敬";
        SentimentModel.Verdict t = m.classify(thanks, List.of(), lexicon.analyze(thanks));
        assertThat(t.sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(t.emotion()).isEqualTo(Emotion.LIKE);
        assertThat(t.emotionScore()).isBetween(0.0, 1.0);
        // nothing the model or the lexicon knows: no polarity
        assertThat(m.classify("", List.of(), lexicon.analyze("")).sentiment()).isEqualTo(Sentiment.NEUTRAL);
    }

    @Test
    void theModelFileRecordsWhatItIsAndLoadsToTheSameVerdicts(@TempDir Path dir) throws IOException {
        SentimentModel m = SentimentModel.train(examples(dir), "labels.tsv", 2, 0.25, line -> {});
        Path file = dir.resolve("sentiment.model");
        m.save(file);
        String text = Files.readString(file);
        assertThat(text).contains("format\tyuqing-sentiment-model 1", "id\t" + m.id(), "data\tlabels.tsv",
                "examples\t28", "cv.folds\t2", "cv.fold.1\tposts=", "cv.mean\t", "heldout.share\t0.250", "heldout\tposts=",
                "emotion.classes\tanger=5 disgust=4 fear=4 sadness=4 surprise=3 happiness=4 like=4");
        SentimentModel loaded = SentimentModel.loadFrom(file.toString());
        assertThat(loaded.id()).isEqualTo(m.id());
        assertThat(loaded.info().trained()).isEqualTo(m.info().trained());
        assertThat(loaded.info().crossValidation().mean().accuracy()).isEqualTo(m.info().crossValidation().mean().accuracy(),
                org.assertj.core.data.Offset.offset(1e-4));
        SentimentAnalyzer lexicon = new SentimentAnalyzer();
        for (String s : List.of("排队插队没人管，气死了", "周末爬山心情特别好", "外婆走了，眼泪止不住", "居然遇到了同学")) {
            assertThat(loaded.classify(s, List.of(), lexicon.analyze(s))).isEqualTo(m.classify(s, List.of(), lexicon.analyze(s)));
        }
        // through Flink's file systems, by URI
        assertThat(SentimentModel.loadFrom(file.toUri().toString()).id()).isEqualTo(m.id());
    }

    @Test
    void aModelThatDoesNotLoadSaysWhichFileAndWhy(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> SentimentModel.loadFrom(dir.resolve("missing.model").toString()))
                .hasMessageContaining("missing.model").hasMessageContaining("enrich.sentiment-model");
        Path category = dir.resolve("category.model");
        Files.writeString(category, "format\tyuqing-category-model 1\n[priors]\nfood\t-1.0\n");
        assertThatThrownBy(() -> SentimentModel.loadFrom(category.toString()))
                .hasMessageContaining("not a sentiment model");
        SentimentModel m = SentimentModel.train(examples(dir), "labels.tsv", 0, 0, line -> {});
        Path file = dir.resolve("sentiment.model");
        m.save(file);
        List<String> lines = Files.readAllLines(file);
        Path truncated = dir.resolve("truncated.model");
        Files.write(truncated, lines.subList(0, lines.size() - 5));
        assertThatThrownBy(() -> SentimentModel.loadFrom(truncated.toString())).hasMessageContaining("truncated");
    }

    @Test
    void theEnrichJobGivenAModelThatDoesNotLoadStopsBeforeItIsSubmitted(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.model");
        Files.writeString(broken, "format\tyuqing-sentiment-model 1\nid\tsentiment-x\n");
        EnrichJobConfig c = EnrichJobConfig.from(Settings.defaults().with("enrich.sentiment-model", broken.toString()));
        assertThatThrownBy(() -> EnrichJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), c))
                .hasMessageContaining("cannot load the sentiment model " + broken)
                .hasMessageContaining("enrich.sentiment-model").hasMessageContaining("not a sentiment model");
    }

    @Test
    void theEnricherPutsTheModelsVerdictAndIdOnThePost(@TempDir Path dir) throws IOException {
        SentimentModel m = SentimentModel.train(examples(dir), "labels.tsv", 0, 0, line -> {});
        String json = """
                {"id":"m1","platform":"weibo","text":"黑心商家卖过期食品，投诉了三次没人管，必须严惩","created_at":"2026-07-01T11:00:00+08:00"}""";
        Instant now = Instant.parse("2026-07-01T04:00:00Z");
        EnrichedPost withModel = ((EnrichOutcome.Enriched) new PostEnricher(EnrichmentLimits.defaults(), m)
                .enrich(json.getBytes(StandardCharsets.UTF_8), now)).post();
        assertThat(withModel.sentimentModel()).isEqualTo(m.id());
        assertThat(withModel.sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(withModel.emotion()).isEqualTo(Emotion.ANGER);
        EnrichedPost lexicon = ((EnrichOutcome.Enriched) new PostEnricher(EnrichmentLimits.defaults())
                .enrich(json.getBytes(StandardCharsets.UTF_8), now)).post();
        assertThat(lexicon.sentimentModel()).isNull();
        assertThat(lexicon.emotion()).isNull();
    }

    @Test
    void readsTheWeiboCorpusLayoutAndRefusesBadRows(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus.tsv");
        Files.writeString(corpus, "emotion_label\tpolarity\ttext\n6\tneg\t太气人了[怒]\n3\tambiguous\t居然是这样\n4\tpos\t致敬英雄\n");
        List<SentimentModel.Example> ex = SentimentData.read(corpus);
        assertThat(ex).containsExactly(new SentimentModel.Example("太气人了[怒]", Sentiment.NEGATIVE, Emotion.ANGER),
                new SentimentModel.Example("居然是这样", null, Emotion.SURPRISE),
                new SentimentModel.Example("致敬英雄", Sentiment.POSITIVE, Emotion.LIKE));
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "polarity\ttext\npos\t很好\nhappy\t开心\n");
        assertThatThrownBy(() -> SentimentData.read(bad)).hasMessageContaining(bad + ":3: unknown polarity 'happy'");
        Path noLabel = dir.resolve("nolabel.tsv");
        Files.writeString(noLabel, "text\n很好\n");
        assertThatThrownBy(() -> SentimentData.read(noLabel)).hasMessageContaining("'polarity', 'emotion' or 'emotion_label'");
    }
}
