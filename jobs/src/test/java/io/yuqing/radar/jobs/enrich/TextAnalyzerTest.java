package io.yuqing.radar.jobs.enrich;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextAnalyzerTest {
    private final TextAnalyzer analyzer = new TextAnalyzer();

    @Test
    void keepsContentWordsAndDropsStopWords() {
        TextAnalysis a = analyzer.analyze("今天暴雨导致城区多处积水，我们觉得市民出行受阻");
        assertThat(a.terms()).contains("暴雨", "积水", "市民").doesNotContain("今天", "我们", "觉得", "，");
        assertThat(a.terms()).allMatch(t -> t.length() >= 2);
        // filler and the reporting verb of every statement; 个人 is HanLP's cut of 好几个人
        assertThat(analyzer.analyze("和平大道这个路口早该装红绿灯了，好几个人受伤，干嘛不管").terms())
                .contains("路口", "受伤").doesNotContain("早该", "个人", "干嘛");
        assertThat(analyzer.analyze("校方表示现场已清理完毕").terms()).doesNotContain("表示", "完毕");
    }

    @Test
    void recognisesPlacesAndOrganisations() {
        TextAnalysis a = analyzer.analyze("武汉市气象局发布暴雨橙色预警，洪山区多处积水");
        assertThat(a.entities().places()).contains("洪山区");
        assertThat(a.entities().organizations()).contains("武汉市气象局");
    }

    @Test
    void keywordsPreferNamedThingsAndRepeatedWords() {
        TextAnalysis a = analyzer.analyze("杭州暴雨，杭州多条道路积水，积水最深处没过膝盖");
        assertThat(a.keywords()).hasSizeLessThanOrEqualTo(8);
        assertThat(a.keywords().subList(0, 2)).containsExactlyInAnyOrder("杭州", "积水");
    }

    @Test
    void recognisedPlacesResolveToProvinceAndCity() {
        TextAnalysis a = analyzer.analyze("昨晚成都双流区突降暴雨，四川多地发布预警");
        assertThat(RegionResolver.get().resolvePlaces(a.entities().places())).isEqualTo(new Region("四川", "成都"));
    }

    @Test
    void weiboEmoticonsDoNotBecomeTerms() {
        TextAnalysis a = analyzer.analyze("又停电了[怒][泪]");
        assertThat(a.terms()).contains("停电").noneMatch(t -> t.contains("[") || t.contains("]"));
    }

    @Test
    void emoticonsAndPunctuationLeaveNoFragmentsInTerms() {
        // as the enrich job sees them: normalised, so ！ and ？ are ASCII
        TextNormalizer n = new TextNormalizer();
        for (String raw : List.of("希望大家都好好的[心]", "好可爱[心][可爱]我们一起加油吧！", "我要陪女儿一辈子！",
                "兄弟们吧！", "卧槽？真的假的", "看了新闻感慨：大运会火炬，怎么跟烤土豆片儿似的")) {
            TextAnalysis a = analyzer.analyze(n.normalize(raw).text());
            assertThat(a.terms()).as(raw).allMatch(TextAnalyzer::isWord).doesNotContain("可爱");
            assertThat(a.keywords()).as(raw).allMatch(TextAnalyzer::isWord);
            assertThat(a.entities().organizations()).as(raw).allMatch(TextAnalyzer::isWord);
        }
        // the word before the mark is kept, not dropped with it
        assertThat(analyzer.analyze(n.normalize("坚决支持政府！强烈谴责暴力执法！支持国产手机！").text()).terms())
                .contains("政府", "暴力", "执法", "手机");
    }

    @Test
    void aWordHasNoPunctuation() {
        assertThat(TextAnalyzer.isWord("积水")).isTrue();
        assertThat(TextAnalyzer.isWord("迈克尔·杰克逊")).isTrue();
        assertThat(TextAnalyzer.isWord("5G")).isTrue();
        assertThat(List.of("心]", "们吧!", "儿一辈子!", "呢?", "·", "")).noneMatch(TextAnalyzer::isWord);
    }

    @Test
    void blankTextHasNothing() {
        assertThat(analyzer.analyze(" ").terms()).isEmpty();
    }

    @Test
    void adjacentNounsBecomePhraseCandidates() {
        TextAnalysis a = analyzer.analyze("徐州建设大道积水严重，天河路口积水也没过小腿，张伟市长在现场");
        assertThat(a.phrases()).contains("建设大道积水", "天河路口");
        // a person's name never joins a phrase, even next to a noun (张伟/nr 市长/nnt)
        assertThat(a.phrases()).noneMatch(ph -> ph.contains("张伟"));
        assertThat(analyzer.analyze("积水严重").phrases()).isEmpty();
    }

    @Test
    void aRoadsNameIsOnePlaceNotACommonWordAndASuffix() {
        // HanLP cuts these into 和平/n 大道/ns, 环城/vn 高速/b, 长江/ns 大桥/n
        TextAnalysis a = analyzer.analyze("刚路过昆明和平大道，一辆车冲上人行道，好几个人受伤");
        assertThat(a.terms()).contains("和平大道").doesNotContain("和平", "大道");
        assertThat(a.entities().places()).containsExactly("昆明", "和平大道");
        assertThat(analyzer.analyze("解放大道和友谊大道交汇处积水").entities().places()).contains("解放大道", "友谊大道");
        assertThat(analyzer.analyze("环城高速多车追尾，堵了好几公里").terms()).contains("环城高速", "追尾");
        assertThat(analyzer.analyze("胜利大街的商铺被淹了").terms()).contains("胜利大街");
        assertThat(analyzer.analyze("长江大桥堵死了").entities().places()).containsExactly("长江大桥");
        // not a name: driving onto a highway, a bridge counted, a road in a figure of speech HanLP keeps whole
        assertThat(analyzer.analyze("驶入高速后车速很快").terms()).doesNotContain("驶入高速");
        assertThat(analyzer.analyze("村里修了一座大桥").entities().places()).isEmpty();
        assertThat(analyzer.analyze("走上了康庄大道").entities().places()).isEmpty();
    }

    @Test
    void anEstatesNameIsOnePlace() {
        // HanLP cuts these into 阳光/n 名苑/ns, 锦绣/b 华府/n
        TextAnalysis a = analyzer.analyze("阳光名苑业主维权现场，警察也来了");
        assertThat(a.entities().places()).containsExactly("阳光名苑");
        assertThat(a.terms()).contains("阳光名苑", "业主").doesNotContain("阳光", "名苑");
        assertThat(analyzer.analyze("锦绣华府烂尾三年了").entities().places()).containsExactly("锦绣华府");
        // an everyday garden is no estate
        assertThat(analyzer.analyze("楼顶建了一个屋顶花园").entities().places()).isEmpty();
    }

    @Test
    void aShopsNameIsOneOrganisationNotAPerson() {
        // HanLP reads these as 云记/nr 食堂/n, 陈记/nr 面馆/nis, 老周/nz 记/v 麻辣烫/nf, 吃/v 过云/nr 记/v 食堂/n
        TextAnalysis a = analyzer.analyze("昨天在云记食堂吃的饭，今天拉肚子");
        assertThat(a.entities().organizations()).containsExactly("云记食堂");
        assertThat(a.entities().people()).isEmpty();
        assertThat(a.terms()).contains("云记食堂").doesNotContain("云记", "食堂");
        assertThat(analyzer.analyze("去了陈记面馆吃面，结果拉肚子").entities().organizations()).containsExactly("陈记面馆");
        assertThat(analyzer.analyze("吃了老周记麻辣烫肚子疼").entities().organizations()).containsExactly("老周记麻辣烫");
        // 过 after a verb is its aspect, not a surname
        TextAnalysis after = analyzer.analyze("吃过云记食堂的人都在群里说肚子疼");
        assertThat(after.entities().organizations()).containsExactly("云记食堂");
        assertThat(after.entities().people()).isEmpty();
        // a person next to a shop, and 记得, stay what they are
        assertThat(analyzer.analyze("王明在食堂吃饭").entities().organizations()).isEmpty();
        assertThat(analyzer.analyze("老王记得食堂的饭菜很难吃").entities().organizations()).isEmpty();
    }

    @Test
    void aThingAndTheLocativeAreNoPlace() {
        // HanLP tags 群里, 菜里, 店里, 碗里 (and 的菜里) as places
        for (String text : List.of("大家都在群里说肚子疼", "云记食堂的菜里吃出异物", "店里的服务员态度很差", "碗里有头发")) {
            TextAnalysis a = analyzer.analyze(text);
            assertThat(a.entities().places()).as(text).isEmpty();
            assertThat(a.terms()).as(text).noneMatch(t -> t.endsWith("里"));
        }
        assertThat(analyzer.analyze("三里屯很热闹，平安里地铁站人很多").entities().places()).contains("三里屯");
    }

    @Test
    void aTextSeenAgainGivesTheSameAnalysis() {
        String text = "武汉市气象局发布暴雨橙色预警，洪山区多处积水";
        TextAnalysis first = analyzer.analyze(text);
        for (int i = 0; i < 3; i++) {
            analyzer.analyze("别的文字" + i);
        }
        assertThat(analyzer.analyze(text)).isEqualTo(first).isEqualTo(new TextAnalyzer().analyze(text));
    }

    @Test
    void twoTextsAnalyseAsOneWithTheFirstTextsWordsFirst() {
        String own = "太过分了,苦了老百姓";
        String source = "杭州暴雨，杭州多条道路积水，积水最深处没过膝盖，排水系统瘫痪";
        TextAnalysis both = analyzer.analyze(own, source);
        TextAnalysis joined = new TextAnalyzer().analyze(own + "\n" + source);
        assertThat(both).isEqualTo(joined);
        assertThat(both.terms().get(0)).isEqualTo(analyzer.analyze(own).terms().get(0));
        assertThat(analyzer.analyze(own, "")).isEqualTo(analyzer.analyze(own));
        assertThat(analyzer.analyze("", source)).isEqualTo(analyzer.analyze(source));
    }
}
