package io.yuqing.radar.jobs.enrich;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextNormalizerTest {
    private final TextNormalizer normalizer = new TextNormalizer();

    @Test
    void convertsTraditionalToSimplified() {
        assertThat(normalizer.normalize("颱風來襲，臺灣東部發佈警報").text()).isEqualTo("台风来袭,台湾东部发布警报");
    }

    @Test
    void foldsFullWidthLettersDigitsAndSpaces() {
        assertThat(normalizer.normalize("ＡＢＣ１２３　地铁２号线").text()).isEqualTo("ABC123 地铁2号线");
    }

    @Test
    void liftsUrlsOutOfTheText() {
        NormalizedText n = normalizer.normalize("现场视频 https://weibo.com/tv/show/1034:4830 请扩散");
        assertThat(n.urls()).containsExactly("https://weibo.com/tv/show/1034:4830");
        assertThat(n.text()).isEqualTo("现场视频 请扩散");
    }

    @Test
    void extractsHashtagsAndMentionsOnce() {
        NormalizedText n = normalizer.normalize("#杭州暴雨# 文三路积水严重 @杭州发布 请关注 #杭州暴雨# //@晴天小鱼:注意安全");
        assertThat(n.hashtags()).containsExactly("杭州暴雨");
        assertThat(n.mentions()).containsExactly("杭州发布", "晴天小鱼");
    }

    @Test
    void replacesControlCharactersAndCollapsesWhitespace() {
        assertThat(normalizer.normalize("积水\u0000严重\n\n\t请绕行\u200B").text()).isEqualTo("积水 严重 请绕行");
    }

    @Test
    void liftsUnicodeEmojiOutAndListsBracketEmoticonsToo() {
        NormalizedText n = normalizer.normalize("又停电了😡😡 物业电话打不通[怒][怒] 邻居都在群里骂👍🏻👨\u200D👩\u200D👧🇨🇳");
        assertThat(n.text()).isEqualTo("又停电了 物业电话打不通[怒][怒] 邻居都在群里骂");
        assertThat(n.emojis()).containsExactly("😡", "[怒]", "👍🏻", "👨\u200D👩\u200D👧", "🇨🇳");
    }

    @Test
    void emojiNeedNotBeSurrogatePairsButPlainSymbolsStay() {
        NormalizedText n = normalizer.normalize("加油❤️✨ 第1名★ 气温30℃ 电话#1 1️⃣号线 [图片] [淚]");
        assertThat(n.emojis()).containsExactly("❤\uFE0F", "✨", "1\uFE0F\u20E3", "[泪]");
        assertThat(n.text()).isEqualTo("加油 第1名★ 气温30℃ 电话#1 号线 [图片] [泪]");
    }

    @Test
    void emptyStaysEmpty() {
        assertThat(normalizer.normalize(null).text()).isEmpty();
        assertThat(normalizer.normalize("").hashtags()).isEmpty();
        assertThat(normalizer.normalize("").emojis()).isEmpty();
    }

    @Test
    void emoticonsCanBeLeftOutForReadersOfTheWordsAroundThem() {
        // placeholders such as [图片] are words of the text, not emoticons
        assertThat(TextNormalizer.withoutEmoticons("好可爱[心][可爱]看[图片]")).isEqualTo("好可爱  看[图片]");
        assertThat(TextNormalizer.withoutEmoticons("没有表情")).isEqualTo("没有表情");
    }
}
