package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.Sentiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-written sentences for each rule of {@link SentimentAnalyzer}. */
class SentimentAnalyzerTest {
    private final SentimentAnalyzer analyzer = new SentimentAnalyzer();

    private SentimentResult of(String text) {
        return analyzer.analyze(text);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "今天天气真好，心情很开心                 | POSITIVE",
            "感谢医护人员，你们辛苦了                 | POSITIVE",
            "这家店的服务太差了，再也不来了           | NEGATIVE",
            "小区门口发生车祸，两人受伤               | NEGATIVE",
            "黑心商家隐瞒过期食品，消费者投诉无门     | NEGATIVE",
            "市气象台发布暴雨蓝色预警，请注意出行     | NEUTRAL",
            "明天上午九点在市民中心召开新闻发布会     | NEUTRAL",
    })
    void plainPolarity(String text, Sentiment expected) {
        assertThat(of(text.strip()).sentiment()).isEqualTo(expected);
    }

    @Test
    void negationFlipsAndWeakens() {
        assertThat(of("这个结果很好").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(of("这个结果不好").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("这个结果不好").score()).isGreaterThan(of("这个结果很差").score());
        // 不太好 is softer than 不好
        assertThat(of("不太好").score()).isLessThan(0).isGreaterThan(of("不好").score());
        // 没 and 无 negate too; double negation cancels
        assertThat(of("他们没有让人满意").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("我不是不满意").score()).isGreaterThanOrEqualTo(0);
        // a negated negative is only mildly positive, not praise
        assertThat(of("没问题").score()).isLessThan(of("很好").score());
    }

    @Test
    void negationScopeEndsAtTheClause() {
        // 不 belongs to the first clause; the second stays positive
        assertThat(of("我不去了,这里风景很美").sentiment()).isEqualTo(Sentiment.POSITIVE);
    }

    @Test
    void negationReachesOnlyANearbyWord() {
        // 不 negates 说话; 痛苦 is five characters on and keeps its own sign
        assertThat(of("不能和家人说话太痛苦了").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        // within reach, across a degree word or a short filler: still negated
        assertThat(of("服务没那么好").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("他们根本不重视").sentiment()).isEqualTo(Sentiment.NEGATIVE);
    }

    @Test
    void wordsThatOnlyLookNegatedAreNot() {
        assertThat(of("味道不错").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(of("未来会更好的").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(of("雨一直不断,交通正常").sentiment()).isEqualTo(Sentiment.NEUTRAL);
    }

    @Test
    void degreeWordsScale() {
        assertThat(of("非常满意").score()).isGreaterThan(of("满意").score());
        assertThat(of("有点失望").score()).isGreaterThan(of("失望").score()).isLessThan(0);
        assertThat(of("极其恶劣").score()).isLessThan(of("恶劣").score());
        // 好 before a sentiment word is an adverb: 好难过 is sad, not half good
        assertThat(of("好难过").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("好长的队").sentiment()).isEqualTo(Sentiment.NEUTRAL);
    }

    @Test
    void theClauseAfterAnAdversativeWeighsMore() {
        assertThat(of("菜很好吃,但是服务太差了").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("虽然排队很久,但是医生很耐心,非常感谢").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(of("说是马上处理,却一直拖着不管,太失望了").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("价格有点贵,不过质量很好").sentiment()).isEqualTo(Sentiment.POSITIVE);
    }

    @Test
    void emoticonsCountAndSmileIsLight() {
        assertThat(of("又停电了[怒]").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("今天的晚霞[赞][哈哈]").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(of("收到通知[泪]").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        // [微笑] on Weibo is as often a sneer as a smile: it decides nothing
        assertThat(of("好的,你们说了算[微笑]").sentiment()).isEqualTo(Sentiment.NEUTRAL);
        // Unicode emoji arrive in their own list
        assertThat(analyzer.analyze("看完这条新闻", List.of("😭")).sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(analyzer.analyze("终于到家", List.of("👍🏻")).sentiment()).isEqualTo(Sentiment.POSITIVE);
        // a repeated emoticon says it loudly, not many times
        assertThat(of("[哈哈][哈哈][哈哈][哈哈]").raw()).isLessThan(4 * of("[哈哈]").raw());
    }

    @Test
    void exclamationStrengthensAndOutcryLeansNegative() {
        assertThat(of("太气人了!").score()).isLessThan(of("太气人了").score());
        assertThat(of("凭什么不让我们进去?").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("你们到底管不管?!").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        // a plain question is an enquiry
        assertThat(of("几点开门?").sentiment()).isEqualTo(Sentiment.NEUTRAL);
        // a good thing questioned is a reproach; 谁说 denies what follows
        assertThat(of("这样做有意思吗?").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("谁说这里的服务好").sentiment()).isEqualTo(Sentiment.NEGATIVE);
    }

    @Test
    void intensifyingSuffixes() {
        assertThat(of("萌死了").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(of("好看极了").score()).isGreaterThan(of("好看").score());
        assertThat(of("累死了").score()).isLessThan(of("累").score());
        assertThat(of("他昨天死了").sentiment()).isEqualTo(Sentiment.NEGATIVE);
    }

    @Test
    void praiseInScareQuotesOrAfterSuoweiIsIrony() {
        assertThat(of("这就是你们的“高效”处理").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("所谓的优质服务,就是让人等三个小时").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("这就是你们的高效处理").sentiment()).isEqualTo(Sentiment.POSITIVE);
    }

    @Test
    void wishesAreNotHappiness() {
        assertThat(of("如果能早点回家多好").score()).isLessThan(of("能早点回家真好").score());
    }

    @Test
    void publicOpinionVocabulary() {
        assertThat(of("工厂爆炸致三人死亡").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("业主集体维权,曝光开发商偷工减料").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(of("官方辟谣:网传封城消息不实").score()).isLessThan(0.5);
        assertThat(of("英雄一路走好").sentiment()).isEqualTo(Sentiment.NEGATIVE);
    }

    @Test
    void latinWordsMatchWholeAndAnyCase() {
        assertThat(of("This is SO NICE").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(of("新买的usb接口").sentiment()).isEqualTo(Sentiment.NEUTRAL); // not "sb"
    }

    @Test
    void scoreIsBoundedAndNeutralIsNearZero() {
        SentimentResult many = of("开心开心开心开心开心开心开心开心开心开心开心开心");
        assertThat(many.score()).isLessThanOrEqualTo(1).isGreaterThan(0.9);
        assertThat(of("").sentiment()).isEqualTo(Sentiment.NEUTRAL);
        assertThat(of("").score()).isZero();
        assertThat(of("今天星期三").score()).isZero();
    }
}
