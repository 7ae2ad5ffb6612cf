package io.yuqing.radar.jobs.judgement;

import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Platform;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TopicJudgeTest {
    private static final JudgementLexicon LEX = JudgementLexicon.shipped();
    private static final Instant T = Instant.parse("2026-07-01T03:00:00Z");

    @Test
    void aStoryToldInADomainsWordsIsThatDomainWithItsEvidence() {
        List<PostCues> posts = posts(60, "【突发】某化工厂发生爆炸起火，消防正在救援，已造成3人死亡",
                "化工厂爆炸现场浓烟滚滚，附近居民紧急撤离");
        TopicJudge.Judgement j = judge(posts);
        assertThat(j.category()).isEqualTo(Category.ACCIDENT);
        assertThat(j.confidence()).isGreaterThan(0.5);
        assertThat(j.evidence()).contains("爆炸", "化工厂");
        assertThat(j.signals()).containsKey("casualties");
    }

    @Test
    void chatterIsNoneWithoutEvidence() {
        TopicJudge.Judgement j = judge(posts(60, "早安！今天也要元气满满，爱情和梦想都不能少",
                "晚安，愿你被这个世界温柔以待"));
        assertThat(j.category()).isEqualTo(Category.NONE);
        assertThat(j.evidence()).isEmpty();
        assertThat(j.confidence()).isGreaterThan(0.5);
    }

    @Test
    void aFewDomainWordsInAQuoteDoNotMakeItADomain() {
        // one post in ten names a hospital; the rest is a life-wisdom quote
        List<PostCues> posts = new ArrayList<>(posts(54, "人生就像一场旅行，不必在乎目的地，在乎的是沿途的风景和看风景的心情"));
        posts.addAll(posts(6, "在医院陪护的时候才明白，健康最重要"));
        assertThat(judge(posts).category()).isEqualTo(Category.NONE);
    }

    @Test
    void theFirstFewPostsAloneDoNotDecideACategory() {
        assertThat(judge(posts(3, "医院")).category()).isEqualTo(Category.NONE);
        assertThat(judge(posts(60, "医院 医生 患者 医疗纠纷")).category()).isEqualTo(Category.HEALTH);
    }

    @Test
    void questioningReactionsAndCallsToSpreadRaiseTheRumourScore() {
        String claim = "紧急扩散！网传明天起自来水有毒，千万不要喝！转给家人！";
        List<PostCues> questioned = new ArrayList<>(posts(40, claim));
        for (int i = 0; i < 20; i++) {
            questioned.add(reaction("真的假的？求证", claim));
        }
        List<PostCues> sourced = posts(60, "据新华社报道，市水务局通报：明日起部分区域计划停水8小时");
        double rumour = judge(questioned).rumorScore();
        double news = judge(sourced).rumorScore();
        assertThat(rumour).isGreaterThan(0.8);
        assertThat(news).isLessThan(0.5);
        assertThat(judge(questioned).signals()).containsKeys("questioning", "call_to_spread");
    }

    @Test
    void aStoryToldByVerifiedAccountsReadsLessLikeARumour() {
        String claim = "听说明天起市区部分路段要封闭施工，大家提前安排出行";
        List<PostCues> byAnyone = new ArrayList<>();
        List<PostCues> byVerified = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byAnyone.add(PostCues.of(told("a" + i, claim, null, false), LEX));
            // a third told by verified accounts (outlets, offices) in their own name
            byVerified.add(PostCues.of(told("v" + i, claim, null, i % 3 == 0), LEX));
        }
        JudgementTally tally = JudgementTally.of(byVerified, LEX);
        assertThat(tally.originals()).isEqualTo(60);
        assertThat(tally.vouched()).isEqualTo(20);
        assertThat(judge(byVerified).rumorScore()).isLessThan(judge(byAnyone).rumorScore() - 0.1);
        // only an original counts: a verified account's repost passes the story on, it does not tell it,
        // and a repost is no original even when all it shows is the chain it passes on
        assertThat(PostCues.of(told("r", "扩散//@某网友:" + claim, "s1", true), LEX))
                .satisfies(c -> assertThat(c.vouched()).isFalse()).satisfies(c -> assertThat(c.original()).isFalse());
        assertThat(PostCues.of(told("r", "//@某网友:" + claim, "s1", true), LEX))
                .satisfies(c -> assertThat(c.vouched()).isFalse()).satisfies(c -> assertThat(c.original()).isFalse());
        assertThat(PostCues.of(told("o", claim, null, true), LEX))
                .satisfies(c -> assertThat(c.vouched()).isTrue()).satisfies(c -> assertThat(c.original()).isTrue());
    }

    @Test
    void cuesAndTalliesKeptBeforeTheVerifiedShareReadAsNoneVouched() throws Exception {
        // the topic stage's state keeps digests and tallies as JSON: a savepoint of the version before
        PostCues cues = io.yuqing.radar.schemas.Json.mapper().readValue(
                "{\"terms\":[\"暴雨\"],\"told\":true,\"reaction\":false,\"questioning\":false,\"exclaims\":1}", PostCues.class);
        assertThat(cues.original()).isFalse();
        assertThat(cues.vouched()).isFalse();
        JudgementTally tally = io.yuqing.radar.schemas.Json.mapper().readValue(
                "{\"posts\":40.0,\"told\":30.0,\"reactions\":10.0,\"questioning\":2.0}", JudgementTally.class);
        assertThat(tally.originals()).isZero();
        assertThat(tally.vouched()).isZero();
        assertThat(TopicJudge.rumorFeatures(tally)[5]).isZero();
    }

    @Test
    void aPlainRepostIsJudgedByTheWordsItWasAnalysedBy() {
        EnrichedPost plain = post("r1", "", "s1", List.of("化工厂", "爆炸", "起火"));
        PostCues c = PostCues.of(plain, LEX);
        assertThat(c.terms()).contains("化工厂", "爆炸");
        assertThat(c.told()).isFalse();
        assertThat(c.reaction()).isFalse();

        PostCues r = PostCues.of(post("r2", "假的吧？已经辟谣了//@某网友:化工厂爆炸了", "s1", List.of()), LEX);
        assertThat(r.reaction()).isTrue();
        assertThat(r.questioning()).isTrue();
        // the questioning is in the chain, not in this reposter's words
        PostCues chain = PostCues.of(post("r3", "转发//@某网友:假的吧？", "s1", List.of()), LEX);
        assertThat(chain.questioning()).isFalse();
    }

    @Test
    void aCommentedRepostCountsForTheDomainOfTheStoryItSpreads() {
        // its comment names no domain; the words it was analysed by are the reposted text's too
        PostCues c = PostCues.of(post("r4", "太过分了,苦了老百姓", "s1", List.of("红十字会", "发票", "老百姓")), LEX);
        assertThat(c.terms()).contains("红十字会");
        assertThat(c.told()).isTrue();
        assertThat(c.reaction()).isTrue();
        assertThat(c.exclaims()).isZero();
    }

    @Test
    void aRepostIsJudgedByTheTextItPassesOnNotOnlyByItsTerms() {
        // the segmenter's terms lose 被拐 (拐 is a single character) and 转发: the reposted text keeps them
        String source = "紧急寻人！三岁男童9月1号在村口被拐，求大家转发扩散！";
        List<String> terms = List.of("紧急", "寻人", "男童", "村口", "大家", "扩散");
        EnrichedPost plain = new EnrichedPost("r5", Platform.WEIBO, "", null, T, null, null, 0, 0, 0, "s2", null, "zh",
                terms, List.of(), null, null, null, null, null, null, null, null, T, null, null, null, null, null, null,
                source);
        PostCues c = PostCues.of(plain, LEX);
        assertThat(c.terms()).contains("被拐", "男童", "大家转");
        assertThat(c.told()).isFalse();
        // without the reposted text (a feed that does not give it), the terms are all there is
        assertThat(PostCues.of(post("r6", "", "s2", terms), LEX).terms()).doesNotContain("被拐").contains("男童");
    }

    @Test
    void aWindowsTallySumsEachPostsCappedDomainWeightAndCountsItsSignals() {
        JudgementLexicon lex = JudgementLexicon.parse("""
                [category.accident]
                爆炸:3 化工厂:3
                [category.environment]
                化工厂:2 污染:2
                [signal.casualties]
                死亡
                [signal.call_to_spread]
                扩散:2
                [rumor.claim]
                听说:2
                [rumor.sourced]
                通报:2
                """, "test");
        JudgementTally t = JudgementTally.of(List.of(
                new PostCues(List.of("化工厂", "爆炸", "死亡"), true, false, false, 0, true, false),
                new PostCues(List.of("污染", "扩散", "听说", "路人"), true, true, true, 5, false, false),
                new PostCues(List.of("爆炸"), false, false, false, 0, false, false),
                new PostCues(List.of(), true, true, false, 0, false, false)), lex);
        assertThat(t.posts()).isEqualTo(4);
        // 3 + 3 capped at 5 in the first post, 3 in the plain repost
        assertThat(t.domains()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("accident", 8.0, "environment", 4.0));
        assertThat(t.signals()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("casualties", 1.0, "call_to_spread", 1.0));
        assertThat(t.told()).isEqualTo(3);
        assertThat(t.reactions()).isEqualTo(2);
        assertThat(t.questioning()).isEqualTo(1);
        assertThat(t.claim()).isEqualTo(0.5);
        assertThat(t.spread()).isEqualTo(2.0 / 3);
        assertThat(t.sourced()).isZero();
        assertThat(t.exclaims()).isEqualTo(1.0);
        assertThat(lex.categoryWeights(List.of("化工厂", "爆炸", "污染")))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(Category.ACCIDENT, 6.0, Category.ENVIRONMENT, 4.0));
    }

    @Test
    void talliesAddUp() {
        JudgementTally a = JudgementTally.of(posts(10, "化工厂爆炸"), LEX);
        JudgementTally b = JudgementTally.of(posts(30, "化工厂爆炸"), LEX);
        JudgementTally sum = a.plus(b);
        assertThat(sum.posts()).isEqualTo(40);
        assertThat(sum.domains().get("accident")).isEqualTo(a.domains().get("accident") + b.domains().get("accident"));
    }

    @Test
    void aTrainedModelNamesTheDomainWhereTheLexiconFindsNone() {
        List<PostCues> posts = posts(60, "纯牛奶包装上印的日期比购买那天还晚，网友质疑");
        JudgementTally lexiconOnly = JudgementTally.of(posts, LEX);
        assertThat(TopicJudge.judge(lexiconOnly, posts, LEX).category()).isEqualTo(Category.NONE);
        // the model's mean over two windows: food 0.7 and 0.5 → 0.6, none 0.2 and 0.3 → 0.25 (< 0.3)
        JudgementTally withModel = lexiconOnly
                .withModel(java.util.Map.of(Category.FOOD, 0.7, Category.NONE, 0.2, Category.HEALTH, 0.1))
                .withModel(java.util.Map.of(Category.FOOD, 0.5, Category.NONE, 0.3, Category.HEALTH, 0.2));
        TopicJudge.Judgement j = TopicJudge.judge(withModel, posts, LEX);
        assertThat(j.category()).isEqualTo(Category.FOOD);
        assertThat(j.confidence()).isEqualTo(0.6);
        assertThat(j.evidence()).contains("牛奶");
        // a model that thinks it chatter leaves the lexicon's none
        JudgementTally unsure = lexiconOnly.withModel(java.util.Map.of(Category.FOOD, 0.5, Category.NONE, 0.5));
        assertThat(TopicJudge.judge(unsure, posts, LEX).category()).isEqualTo(Category.NONE);
    }

    @Test
    void aModelThatDoesNotLoadSaysWhichFileAndSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CategoryModel.loadFrom("/no/such/model.txt", LEX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/no/such/model.txt").hasMessageContaining("topics.category-model");
    }

    private static TopicJudge.Judgement judge(List<PostCues> posts) {
        return TopicJudge.judge(JudgementTally.of(posts, LEX), posts, LEX);
    }

    private static List<PostCues> posts(int n, String... texts) {
        List<PostCues> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(PostCues.of(post("p" + i, texts[i % texts.length], null, List.of()), LEX));
        }
        return out;
    }

    private static PostCues reaction(String own, String source) {
        return PostCues.of(post("q", own + "//@原博:" + source, "s", List.of()), LEX);
    }

    private static EnrichedPost told(String id, String text, String repostOf, boolean verified) {
        return new EnrichedPost(id, Platform.WEIBO, text, null, T, new Author("u-" + id, null, null, verified), null, 0, 0, 0,
                repostOf, null, "zh", List.of(), List.of(), null, null, null, null, null, null, null, null, T);
    }

    private static EnrichedPost post(String id, String text, String repostOf, List<String> terms) {
        return new EnrichedPost(id, Platform.WEIBO, text, null, T, null, null, 0, 0, 0, repostOf, null, "zh", terms,
                List.of(), null, null, null, null, null, null, null, null, T);
    }
}
