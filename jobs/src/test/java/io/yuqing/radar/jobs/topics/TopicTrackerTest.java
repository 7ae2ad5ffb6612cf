package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.yuqing.radar.jobs.topics.Fixtures.P;
import static io.yuqing.radar.jobs.topics.Fixtures.T0;
import static io.yuqing.radar.jobs.topics.Fixtures.event;
import static io.yuqing.radar.jobs.topics.Fixtures.post;
import static io.yuqing.radar.jobs.topics.Fixtures.named;
import static io.yuqing.radar.jobs.topics.Fixtures.organised;
import static io.yuqing.radar.jobs.topics.Fixtures.told;
import static org.assertj.core.api.Assertions.assertThat;

class TopicTrackerTest {
    @Test
    void aStoryKeyKeepsWhatTheLettersAndNumbersPatternKept() {
        java.util.regex.Pattern notALetter = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]");
        for (String s : List.of("【突发】徐州暴雨，建设大道积水太深！有人被困在车里…… #徐州暴雨#",
                "转发微博 //@某网友：真的吗？？ 求证", "２０１３年７月 第①条 Ⅻ号 ½ Café ｆｕｌｌ",
                "表情😂😭不算字 \uD840\uDC0B扩展汉字", "")) {
            assertThat(TopicTracker.lettersAndDigits(s)).isEqualTo(notALetter.matcher(s).replaceAll(""));
        }
    }

    private final TopicTracker tracker = new TopicTracker(P, java.time.Duration.ofMinutes(1));

    /** Background: frequent words used by many people every window, seen since warm-up. */
    private static List<PostDigest> background(int window) {
        List<PostDigest> out = new ArrayList<>();
        String[] words = {"今天", "中国", "工作", "天气"};
        for (int i = 0; i < 120; i++) {
            out.add(post("bg-" + window + "-" + i, "user-" + (i * 7 + window) % 400, null, words[i % 4], words[(i + 1) % 4]));
        }
        return out;
    }

    @Test
    void twoBurstingTermsOfOneEventMergeIntoOneTopic() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        List<PostDigest> posts = new ArrayList<>();
        posts.addAll(event("rain", 40, "广州暴雨", "积水", "地铁停运"));
        Instant start = START;
        List<TermWindow> w = overBackground(baselines, posts);

        assertThat(w.stream().filter(TermWindow::bursting).map(TermWindow::term))
                .containsExactlyInAnyOrder("广州暴雨", "积水", "地铁停运");
        TopicTracker.Result r = tracker.advance(TrackerState.EMPTY, start, start.plusSeconds(600), w);
        assertThat(r.snapshots()).hasSize(1);
        TopicSnapshot s = r.snapshots().get(0);
        assertThat(s.keywords()).containsExactlyInAnyOrder("广州暴雨", "积水", "地铁停运");
        assertThat(s.topicId()).matches("tp-[0-9a-f]{12}");
        assertThat(s.postCount()).isEqualTo(40);
        assertThat(s.authorCount()).isEqualTo(40);
        assertThat(s.originalCount()).isEqualTo(40);
        assertThat(s.lifecycle()).isEqualTo(Lifecycle.EMERGING);
        assertThat(s.platforms()).containsEntry("weibo", 40L);
        assertThat(s.regions()).containsEntry("广东省广州市", 40L);
        // the event's 40 posts tell four texts between them: each is shown once
        assertThat(s.samplePosts()).hasSize(4).allSatisfy(p -> assertThat(p.id()).startsWith("rain"));
        assertThat(s.samplePosts()).extracting(io.yuqing.radar.schemas.SamplePost::excerpt).doesNotHaveDuplicates();
        assertThat(s.negativeRatio()).isBetween(0.0, 1.0);
        assertThat(s.heat()).isPositive();
        assertThat(s.title()).isNotBlank();
    }

    @Test
    void aTopicNamesTheOrganisationsSeveralOfItsPostsName() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        List<PostDigest> posts = new ArrayList<>();
        for (PostDigest d : event("metro", 40, "广州暴雨", "地铁停运", "广州地铁")) {
            // the posts that name 广州地铁 name it as the organisation; one post also names a bank, once
            PostDigest o = organised(d, "广州地铁");
            posts.add(d.id().equals("metro7") ? organised(Fixtures.post(d.id(), "metro-author-7", null,
                    "广州暴雨", "地铁停运", "广州地铁", "广州银行"), "广州地铁", "广州银行") : o);
        }
        List<TermWindow> w = overBackground(baselines, posts);
        TopicSnapshot s = tracker.advance(TrackerState.EMPTY, START, START.plusSeconds(600), w).snapshots().get(0);
        long naming = posts.stream().filter(p -> p.keywords().contains("广州地铁")).count();
        assertThat(s.organizations()).containsOnlyKeys("广州地铁").containsEntry("广州地铁", naming);
        assertThat(TopicTracker.involved(Map.of("甲", 9L, "乙", 8L, "丙", 7L, "丁", 6L, "戊", 5L, "己", 4L, "庚", 1L), 2.0))
                .containsOnlyKeys("甲", "乙", "丙", "丁", "戊").containsEntry("甲", 18L);
    }

    @Test
    void aCommonWordBurstingWithAnEventDoesNotTakeTheEventsTermsFromItsTopic() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        TopicTracker.Result r1 = founded(tracker, baselines, event("ferry", 10, "撤离", "逃生", "听清"));
        Instant start1 = START;
        assertThat(r1.snapshots()).hasSize(1);
        String ferry = r1.snapshots().get(0).topicId();

        // the event grows and its posts now name 香港, which 90 other posts name too: the cluster
        // led by 香港 holds the event's terms, but most of its posts are not the event's
        Instant start2 = start1.plusSeconds(60);
        List<PostDigest> second = new ArrayList<>(background(2));
        for (PostDigest d : event("ferry2-", 60, "撤离", "逃生", "听清")) {
            List<String> kws = new ArrayList<>(d.keywords());
            kws.add("香港");
            second.add(post(d.id(), "ferry-author-" + d.id(), null, kws.toArray(String[]::new)));
        }
        for (int i = 0; i < 90; i++) {
            second.add(post("hk-" + i, "hk-author-" + i, null, "香港", "媒体"));
        }
        TopicTracker.Result r2 = tracker.advance(r1.state(), start2, start2.plusSeconds(600),
                Fixtures.window(second, start2, baselines, true));
        TopicSnapshot continued = r2.snapshots().stream().filter(s -> s.topicId().equals(ferry)).findFirst()
                .orElseThrow(() -> new AssertionError("the event's topic got no terms: " + r2.snapshots()));
        assertThat(continued.keywords()).contains("撤离", "逃生", "听清");
        assertThat(continued.postCount()).isEqualTo(60);
    }

    @Test
    void aStoryThatComesBackAfterItEndedKeepsItsId() {
        List<String> waves = waveIds(P);
        assertThat(waves.get(1)).isEqualTo(waves.get(0));
        TopicsParams never = new TopicsParams(P.alpha(), P.burstAlphaFactor(), P.longAlpha(), P.zThreshold(),
                P.minRatio(), P.minAuthors(), P.sustainAuthors(), P.sustainZ(), P.authorsPerCluster(),
                P.mergeContainment(), P.matchOverlap(), P.minTopicTerms(), P.warmup(), P.endAfter(),
                java.time.Duration.ZERO, P.sampleSize(), P.maxTermsPerPost(), P.maxKeywords(), P.slowSpan(), P.slowMinAuthors());
        List<String> off = waveIds(never);
        assertThat(off.get(1)).as("revival off").isNotEqualTo(off.get(0));
    }

    @Test
    void anUnrelatedStoryThatNamesAWordAnEndedTopicTookUpIsNotItsNextWave() {
        TopicTracker t = new TopicTracker(P, java.time.Duration.ofMinutes(1));
        Map<String, TermBaseline> baselines = new HashMap<>();
        // the army singer's topic: every repost also names 中国 (in 中国人民解放军), so 中国 bursts with it
        List<PostDigest> honour = new ArrayList<>();
        for (PostDigest d : event("honour", 80, "歌舞团", "名誉", "艺术学院")) {
            List<String> kws = new ArrayList<>(d.keywords());
            kws.add("中国");
            honour.add(named(post(d.id(), d.id() + "-author", null, kws.toArray(String[]::new)), "中国"));
        }
        TopicTracker.Result r = founded(t, baselines, honour);
        String first = r.snapshots().get(0).topicId();
        assertThat(r.snapshots().get(0).keywords()).contains("中国");
        for (int m = 1; m <= 20; m++) {
            Instant s = START.plusSeconds(60L * m);
            r = t.advance(r.state(), s, s.plusSeconds(600), List.of());
        }
        // an hour later, a quote about young farmers' co-operatives, every post naming 中国 as a place
        Instant later = START.plusSeconds(60L * 21);
        List<PostDigest> quote = new ArrayList<>(background(2));
        for (PostDigest d : event("coop", 40, "农业合作社", "年轻人", "青睐")) {
            List<String> kws = new ArrayList<>(d.keywords());
            kws.add("中国");
            quote.add(named(post(d.id(), d.id() + "-author", null, kws.toArray(String[]::new)), "中国"));
        }
        r = t.advance(r.state(), later, later.plusSeconds(600), Fixtures.window(quote, later, baselines, true));
        assertThat(r.snapshots()).extracting(TopicSnapshot::topicId).isNotEmpty().doesNotContain(first);
    }

    /** A rainstorm topic, 20 quiet minutes (it ends), then a second wave: the two waves' topic ids. */
    private List<String> waveIds(TopicsParams params) {
        TopicTracker t = new TopicTracker(params, java.time.Duration.ofMinutes(1));
        Map<String, TermBaseline> baselines = new HashMap<>();
        TopicTracker.Result r = founded(t, baselines, event("rain", 40, "广州暴雨", "积水", "地铁停运"));
        Instant start = START;
        String firstWave = r.snapshots().get(0).topicId();
        List<TopicSnapshot> all = new ArrayList<>(r.snapshots());
        for (int m = 1; m <= 20; m++) {
            Instant s = start.plusSeconds(60L * m);
            r = t.advance(r.state(), s, s.plusSeconds(600), List.of());
            all.addAll(r.snapshots());
        }
        assertThat(all).filteredOn(x -> x.lifecycle() == Lifecycle.ENDED).hasSize(1);
        Instant again = start.plusSeconds(60L * 21);
        List<PostDigest> second = new ArrayList<>(background(2));
        second.addAll(event("rain-again-", 30, "广州暴雨", "积水", "内涝"));
        r = t.advance(r.state(), again, again.plusSeconds(600), Fixtures.window(second, again, baselines, true));
        assertThat(r.snapshots()).hasSize(1);
        assertThat(r.snapshots().get(0).lifecycle()).isEqualTo(Lifecycle.EMERGING);
        assertThat(r.snapshots().get(0).postCount()).isEqualTo(30);
        return List.of(firstWave, r.snapshots().get(0).topicId());
    }

    /** The start of the window {@link #overBackground} scores (a window of background before it seeds baselines). */
    private static final Instant START = T0.plusSeconds(60);

    /** Seeds {@code baselines} with a window of background, then scores {@code eventPosts} over background in the next. */
    private static List<TermWindow> overBackground(Map<String, TermBaseline> baselines, List<PostDigest> eventPosts) {
        Fixtures.window(background(0), T0, baselines, false);
        List<PostDigest> posts = new ArrayList<>(background(1));
        posts.addAll(eventPosts);
        return Fixtures.window(posts, START, baselines, true);
    }

    /** What the tracker makes of {@link #overBackground}'s window. */
    private static TopicTracker.Result founded(TopicTracker t, Map<String, TermBaseline> baselines,
                                               List<PostDigest> eventPosts) {
        return t.advance(TrackerState.EMPTY, START, START.plusSeconds(600), overBackground(baselines, eventPosts));
    }

    @Test
    void aTopicIsTitledByTheFirstSentenceOfItsOriginalPostAndShowsEachStoryOnce() {
        List<PostDigest> posts = new ArrayList<>();
        List<PostDigest> outage = event("outage", 30, "南湖区", "停电", "供电所");
        for (int i = 0; i < outage.size(); i++) {
            // most people repost the district's notice, some with words of their own; the reposts
            // spread further than the notice itself
            String own = i % 3 == 0 ? "转发微博" : i % 3 == 1 ? "太过分了[怒]" : "";
            posts.add(told(outage.get(i), own + "//@南湖发布: 南湖区停电三天仍未恢复。供电所称线路老化", false, 500));
        }
        posts.add(told(post("notice", "nanhu-gov", null, "南湖区", "停电", "供电所"),
                "南湖区停电三天仍未恢复。供电所称线路老化,居民自发聚集[心]", true, 20));
        posts.add(told(post("reply", "power-co", null, "南湖区", "停电", "供电所"),
                "供电所回应南湖区停电:抢修预计明天完成。", true, 10));
        TopicTracker.Result r = founded(tracker, new HashMap<>(), posts);

        TopicSnapshot s = r.snapshots().get(0);
        assertThat(s.title()).isEqualTo("南湖区停电三天仍未恢复");
        // the thirty reposts carry one text: the notice is shown once, next to the other story
        assertThat(s.samplePosts()).extracting(io.yuqing.radar.schemas.SamplePost::id)
                .containsExactlyInAnyOrder("notice", "reply");
    }

    @Test
    void aTopicWhoseSourceIsOutOfTheWindowIsTitledByTheStoryItsRepostsCarryNotByAnotherOriginal() {
        // hours after a warning was posted, only its reposts are in the window; an unrelated original
        // shares two of its words (加油, 车主) and is the only original there
        List<PostDigest> posts = new ArrayList<>();
        List<PostDigest> warning = event("pump", 30, "加油员", "加油", "车主");
        for (int i = 0; i < warning.size(); i++) {
            posts.add(told(warning.get(i), (i % 2 == 0 ? "转发微博" : "涨知识了")
                    + "//@车友提醒: 你很可能不知道加油员的这个小动作。车主们加油时要注意了", false, 50));
        }
        posts.add(told(post("cheer", "fan", null, "加油", "车主"), "希望疫情尽快得到控制,车主们出门戴好口罩,武汉加油!", true, 0));
        TopicTracker.Result r = founded(tracker, new HashMap<>(), posts);

        assertThat(r.snapshots()).singleElement().satisfies(s ->
                assertThat(s.title()).isEqualTo("你很可能不知道加油员的这个小动作"));
    }

    @Test
    void aTopicKeepsItsTitleWhileItsStoryGoesOnAndAReplayGivesTheSame() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Map<String, TermBaseline> baselines = new HashMap<>();
            Fixtures.window(background(0), T0, baselines, false);
            TrackerState state = TrackerState.EMPTY;
            List<String> titles = new ArrayList<>();
            String[] lines = {"南湖区停电三天仍未恢复,居民自发聚集在供电所门口。", "供电所回应南湖区停电:线路老化,抢修预计明天完成。",
                    "南湖区居民:停电三天,冰箱里的菜全坏了[泪]", "记者探访南湖区供电所,抢修队伍彻夜作业。"};
            for (int w = 0; w < lines.length; w++) {
                Instant start = T0.plusSeconds(60L * (w + 1));
                List<PostDigest> posts = new ArrayList<>(background(w + 1));
                List<PostDigest> ev = event("outage" + w + "-", 30, "南湖区", "停电", "供电所");
                for (int i = 0; i < ev.size(); i++) {
                    // each window's most engaging post tells the story from another side
                    posts.add(told(ev.get(i), i == 1 ? lines[w] : "南湖区停电第" + (w + 1) + "天,网友" + i + "说", true,
                            i == 1 ? 1000 : 1));
                }
                TopicTracker.Result r = tracker.advance(state, start, start.plusSeconds(600),
                        Fixtures.window(posts, start, baselines, true));
                r.snapshots().forEach(x -> titles.add(x.title()));
                state = r.state();
            }
            runs.add(titles);
        }
        assertThat(runs.get(0)).hasSize(4).containsOnly("南湖区停电三天仍未恢复,居民自发聚集在供电所门口");
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }

    @Test
    void aHeadlineIsReadable() {
        PostDigest p = post("p", "a", null, "暴雨");
        // a news post's 【lead】 is its headline, hashtags and emoticons out
        assertThat(TopicTracker.headline(told(p, "【#徐州暴雨# 建设大道积水没过车顶】7月15日下午,徐州突降暴雨[吃惊]", true, 0)))
                .isEqualTo("徐州暴雨 建设大道积水没过车顶");
        // a short exclamation does not say enough on its own
        assertThat(TopicTracker.headline(told(p, "震惊!徐州建设大道积水没过车顶。", true, 0)))
                .isEqualTo("震惊!徐州建设大道积水没过车顶");
        // a long sentence is cut at a clause
        assertThat(TopicTracker.headline(told(p, "徐州今天下午突降特大暴雨,建设大道积水没过车顶,多辆汽车被困,"
                + "消防救援人员紧急赶赴现场展开救援,目前暂无人员伤亡报告", true, 0)))
                .isEqualTo("徐州今天下午突降特大暴雨,建设大道积水没过车顶,多辆汽车被困");
        // a repost is titled by what it carries, never by its own words or the chain
        assertThat(TopicTracker.headline(told(p, "转发微博//@徐州发布: 建设大道积水严重,请绕行", false, 0)))
                .isEqualTo("建设大道积水严重,请绕行");
        assertThat(TopicTracker.headline(told(p, "太可怕了,大家注意安全", false, 0))).isNull();
        assertThat(TopicTracker.headline(told(p, "[怒][怒][怒]", true, 0))).isNull();
        // a quote the sentence's end cut off is left out
        assertThat(TopicTracker.headline(told(p, "“今天父亲节,我陪爸爸去玩,他好像不太高兴。。。。”——卢克", true, 0)))
                .isEqualTo("今天父亲节,我陪爸爸去玩,他好像不太高兴");
    }

    @Test
    void keywordsShownAreWords() {
        List<PostDigest> posts = event("ferry", 30, "撤离", "逃生", "心]");
        TopicTracker.Result r = founded(tracker, new HashMap<>(), posts);
        assertThat(r.snapshots()).singleElement().satisfies(s -> assertThat(s.keywords())
                .containsExactlyInAnyOrder("撤离", "逃生"));
    }

    @Test
    void aTopicDyingDownStillShowsTheWordsItIsKnownBy() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        TopicTracker.Result founded = founded(tracker, baselines, event("outage", 30, "南湖区", "停电", "供电所"));
        assertThat(founded.snapshots()).singleElement()
                .satisfies(s -> assertThat(s.keywords()).containsExactlyInAnyOrder("南湖区", "停电", "供电所"));
        // later fewer people write of it, and no longer of the 供电所
        Instant next = START.plusSeconds(60);
        List<PostDigest> posts = new ArrayList<>(background(2));
        posts.addAll(event("outage-later", 20, "南湖区", "停电"));
        TopicTracker.Result later = tracker.advance(founded.state(), next, next.plusSeconds(600),
                Fixtures.window(posts, next, baselines, true));
        assertThat(later.snapshots()).singleElement().satisfies(s -> {
            assertThat(s.topicId()).isEqualTo(founded.snapshots().get(0).topicId());
            assertThat(s.keywords()).contains("南湖区", "停电", "供电所");
        });
    }

    @Test
    void twoEventsStayApart() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        List<PostDigest> posts = new ArrayList<>();
        posts.addAll(event("rain", 40, "广州暴雨", "积水"));
        posts.addAll(event("quake", 30, "四川地震", "余震", "震源深度"));
        Instant start = START;
        List<TermWindow> w = overBackground(baselines, posts);

        TopicTracker.Result r = tracker.advance(TrackerState.EMPTY, start, start.plusSeconds(600), w);
        assertThat(r.snapshots()).hasSize(2);
        TopicSnapshot rain = r.snapshots().stream().filter(s -> s.keywords().contains("积水")).findFirst().orElseThrow();
        TopicSnapshot quake = r.snapshots().stream().filter(s -> s.keywords().contains("余震")).findFirst().orElseThrow();
        assertThat(rain.keywords()).containsExactlyInAnyOrder("广州暴雨", "积水");
        assertThat(quake.keywords()).containsExactlyInAnyOrder("四川地震", "余震", "震源深度");
        assertThat(rain.topicId()).isNotEqualTo(quake.topicId());
        assertThat(rain.postCount()).isEqualTo(40);
        assertThat(quake.postCount()).isEqualTo(30);
    }

    @Test
    void aSubThemeOfALiveTopicJoinsItInsteadOfStartingAnother() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        Fixtures.window(background(0), T0, baselines, false);
        Instant w1 = T0.plusSeconds(60);
        List<PostDigest> first = new ArrayList<>(background(1));
        first.addAll(event("flood", 40, "徐州", "内涝", "暴雨"));
        TopicTracker.Result r1 = tracker.advance(TrackerState.EMPTY, w1, w1.plusSeconds(600),
                Fixtures.window(first, w1, baselines, true));
        assertThat(r1.snapshots()).hasSize(1);

        // a minute later people talk about the outage: new words, but in posts that name the city
        // (a place, as the enrich job marks it)
        Instant w2 = T0.plusSeconds(120);
        List<PostDigest> second = new ArrayList<>(background(2));
        second.addAll(event("flood", 40, "徐州", "内涝", "暴雨"));
        for (int i = 0; i < 30; i++) {
            second.add(Fixtures.named(post("outage" + i, "resident-" + i, null, "徐州", "停电", "停水"), "徐州"));
        }
        TopicTracker.Result r2 = tracker.advance(r1.state(), w2, w2.plusSeconds(600),
                Fixtures.window(second, w2, baselines, true));
        assertThat(r2.snapshots()).hasSize(1);
        assertThat(r2.snapshots().get(0).topicId()).isEqualTo(r1.snapshots().get(0).topicId());
        assertThat(r2.snapshots().get(0).keywords()).contains("停电", "停水", "徐州");
        assertThat(r2.snapshots().get(0).postCount()).isEqualTo(70);
    }

    @Test
    void aNewStorySharingOnlyACommonWordWithALiveTopicFoundsItsOwn() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        Fixtures.window(background(0), T0, baselines, false);
        Instant w1 = T0.plusSeconds(60);
        List<PostDigest> first = new ArrayList<>(background(1));
        first.addAll(event("case", 40, "周喜军", "周磊", "父亲"));
        TopicTracker.Result r1 = tracker.advance(TrackerState.EMPTY, w1, w1.plusSeconds(600),
                Fixtures.window(first, w1, baselines, true));
        assertThat(r1.snapshots()).singleElement().satisfies(s -> assertThat(s.keywords()).contains("父亲"));

        // Father's Day: posts that say 父亲 (the case's anchor) and nothing else of the case
        Instant w2 = T0.plusSeconds(120);
        List<PostDigest> second = new ArrayList<>(background(2));
        second.addAll(event("case", 40, "周喜军", "周磊", "父亲"));
        for (int i = 0; i < 30; i++) {
            second.add(post("dad" + i, "son-" + i, null, "父亲节", "卢克", "爸爸"));
        }
        TopicTracker.Result r2 = tracker.advance(r1.state(), w2, w2.plusSeconds(600),
                Fixtures.window(second, w2, baselines, true));
        String caseId = r1.snapshots().get(0).topicId();
        assertThat(r2.snapshots()).hasSize(2);
        TopicSnapshot kept = r2.snapshots().stream().filter(s -> s.topicId().equals(caseId)).findFirst().orElseThrow();
        assertThat(kept.postCount()).isEqualTo(40);
        TopicSnapshot founded = r2.snapshots().stream().filter(s -> !s.topicId().equals(caseId)).findFirst().orElseThrow();
        assertThat(founded.keywords()).contains("卢克", "爸爸").doesNotContain("周喜军");
        assertThat(founded.postCount()).isEqualTo(30);
    }

    @Test
    void aNewStoryNamingAPlaceALiveTopicTookUpFoundsItsOwnWhenItNamesPlacesOfItsOwn() {
        // a tap-water story in Beijing: 北京 is one of its keywords and a place, not an anchor
        List<PostDigest> tapWater = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            PostDigest p = i < 20 ? post("tap" + i, "tap-author-" + i, null, "帝都", "毒气", "水龙头", "自来水", "北京")
                    : post("tap" + i, "tap-author-" + i, null, "帝都", "毒气", "水龙头", "自来水");
            tapWater.add(Fixtures.named(p, "北京"));
        }
        Map<String, TermBaseline> baselines = new HashMap<>();
        Fixtures.window(background(0), T0, baselines, false);
        Instant w1 = T0.plusSeconds(60);
        List<PostDigest> first = new ArrayList<>(background(1));
        first.addAll(tapWater);
        TopicTracker.Result r1 = tracker.advance(TrackerState.EMPTY, w1, w1.plusSeconds(600),
                Fixtures.window(first, w1, baselines, true));
        assertThat(r1.state().topics()).singleElement().satisfies(t -> {
            assertThat(t.keywords()).contains("北京");
            assertThat(t.anchors()).doesNotContain("北京");
        });

        // a shooting in 广西贵港市平南县 whose posts also say 北京 (the family petitions there):
        // every post names the topic's place, and two places of its own
        Instant w2 = T0.plusSeconds(120);
        List<PostDigest> second = new ArrayList<>(background(2));
        second.addAll(tapWater);
        for (int i = 0; i < 30; i++) {
            second.add(Fixtures.named(post("shot" + i, "shot-author-" + i, null, "平南县", "贵港市", "射伤", "赔偿", "北京"),
                    "平南县", "贵港市", "北京"));
        }
        TopicTracker.Result r2 = tracker.advance(r1.state(), w2, w2.plusSeconds(600),
                Fixtures.window(second, w2, baselines, true));
        String tapId = r1.snapshots().get(0).topicId();
        assertThat(r2.snapshots()).hasSize(2);
        assertThat(r2.snapshots()).filteredOn(s -> s.topicId().equals(tapId)).singleElement()
                .satisfies(s -> assertThat(s.keywords()).doesNotContain("射伤", "平南县"));
        assertThat(r2.snapshots()).filteredOn(s -> !s.topicId().equals(tapId)).singleElement().satisfies(s -> {
            assertThat(s.keywords()).contains("射伤", "平南县").doesNotContain("帝都");
            assertThat(s.postCount()).isEqualTo(30);
        });
    }

    @Test
    void aNewStoryMergedWithALiveTopicThroughACommonWordFoundsItsOwn() {
        // a rumour about a toxic insect, whose posts often say 孩子
        List<PostDigest> insect = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            insect.add(i < 30 ? post("insect" + i, "insect-author-" + i, null, "隐翅虫", "毒液", "皮肤", "孩子")
                    : post("insect" + i, "insect-author-" + i, null, "隐翅虫", "毒液", "皮肤"));
        }
        Map<String, TermBaseline> baselines = new HashMap<>();
        Fixtures.window(background(0), T0, baselines, false);
        Instant w1 = T0.plusSeconds(60);
        List<PostDigest> first = new ArrayList<>(background(1));
        first.addAll(insect);
        TopicTracker.Result r1 = tracker.advance(TrackerState.EMPTY, w1, w1.plusSeconds(600),
                Fixtures.window(first, w1, baselines, true));
        String insectId = r1.snapshots().get(0).topicId();

        // a mother raising money for her child's treatment, chased by 城管: her story's posts say
        // 孩子 too, which puts its terms in one cluster with the insect topic's posts
        Instant w2 = T0.plusSeconds(120);
        List<PostDigest> second = new ArrayList<>(background(2));
        second.addAll(insect);
        for (int i = 0; i < 30; i++) {
            second.add(post("mother" + i, "mother-author-" + i, null, "孩子", "凑钱", "交钱"));
        }
        TopicTracker.Result r2 = tracker.advance(r1.state(), w2, w2.plusSeconds(600),
                Fixtures.window(second, w2, baselines, true));
        assertThat(r2.snapshots()).filteredOn(s -> s.topicId().equals(insectId)).singleElement()
                .satisfies(s -> assertThat(s.keywords()).doesNotContain("凑钱", "交钱"));
        assertThat(r2.snapshots()).filteredOn(s -> !s.topicId().equals(insectId)).singleElement().satisfies(s -> {
            assertThat(s.keywords()).contains("凑钱", "交钱").doesNotContain("隐翅虫");
            assertThat(s.postCount()).isEqualTo(30);
        });
    }

    @Test
    void aSubThemeInOtherWordsJoinsItsEventThroughAName() {
        // named: the sub-theme's posts carry the event's hashtag as a hashtag
        TopicSnapshot named = subTheme(true);
        assertThat(named.keywords()).contains("水流", "靠近");
        assertThat(named.postCount()).isEqualTo(70);
        // the same word as plain text ties nothing: the sub-theme's words stay out of the topic,
        // and as a burst of their own that no live topic's anchors name, they found a topic
        TopicSnapshot plain = subTheme(false);
        assertThat(plain.topicId()).isEqualTo(named.topicId());
        assertThat(plain.keywords()).doesNotContain("水流", "靠近");
    }

    /** The second window's snapshot of a flood topic whose anchors are 建设大道, 积水, 内涝, when 30 posts about the current name only #徐州暴雨#. */
    private TopicSnapshot subTheme(boolean hashtagIsAName) {
        Map<String, TermBaseline> baselines = new HashMap<>();
        Fixtures.window(background(0), T0, baselines, false);
        List<PostDigest> flood = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            PostDigest p = i < 30 ? post("flood" + i, "flood-author-" + i, null, "建设大道", "积水", "内涝", "徐州暴雨")
                    : post("flood" + i, "flood-author-" + i, null, "建设大道", "积水", "内涝");
            flood.add(Fixtures.named(p, "徐州暴雨"));
        }
        Instant w1 = T0.plusSeconds(60);
        List<PostDigest> first = new ArrayList<>(background(1));
        first.addAll(flood);
        TopicTracker.Result r1 = tracker.advance(TrackerState.EMPTY, w1, w1.plusSeconds(600),
                Fixtures.window(first, w1, baselines, true));
        assertThat(r1.state().topics()).singleElement()
                .satisfies(t -> assertThat(t.anchors()).containsExactlyInAnyOrder("建设大道", "积水", "内涝"));

        Instant w2 = T0.plusSeconds(120);
        List<PostDigest> second = new ArrayList<>(background(2));
        second.addAll(flood);
        for (int i = 0; i < 30; i++) {
            PostDigest p = post("current" + i, "resident-" + i, null, "徐州暴雨", "水流", "靠近");
            second.add(hashtagIsAName ? Fixtures.named(p, "徐州暴雨") : p);
        }
        TopicTracker.Result r2 = tracker.advance(r1.state(), w2, w2.plusSeconds(600),
                Fixtures.window(second, w2, baselines, true));
        String floodId = r1.snapshots().get(0).topicId();
        if (hashtagIsAName) {
            assertThat(r2.snapshots()).singleElement();
        } else {
            assertThat(r2.snapshots()).hasSize(2).filteredOn(s -> !s.topicId().equals(floodId)).singleElement()
                    .satisfies(s -> {
                        assertThat(s.keywords()).contains("水流", "靠近").doesNotContain("建设大道");
                        assertThat(s.postCount()).isEqualTo(30);
                    });
        }
        return r2.snapshots().stream().filter(s -> s.topicId().equals(floodId)).findFirst().orElseThrow();
    }

    @Test
    void aWordTwoEventsShareBurstsWithThemButJoinsNeither() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        List<PostDigest> posts = new ArrayList<>();
        // official statements on both: half of each event's posts say 回应
        for (int i = 0; i < 40; i++) {
            posts.add(post("rain" + i, "rain-author-" + i, null, i % 2 == 0 ? new String[] {"徐州暴雨", "积水", "回应"}
                    : new String[] {"徐州暴雨", "积水"}));
            posts.add(post("hosp" + i, "hosp-author-" + i, null, i % 2 == 0 ? new String[] {"济民医院", "家属", "回应"}
                    : new String[] {"济民医院", "家属"}));
        }
        Instant start = START;
        List<TermWindow> w = overBackground(baselines, posts);
        assertThat(w.stream().filter(TermWindow::bursting).map(TermWindow::term)).contains("回应");

        TopicTracker.Result r = tracker.advance(TrackerState.EMPTY, start, start.plusSeconds(600), w);
        assertThat(r.snapshots()).hasSize(2);
        for (TopicSnapshot s : r.snapshots()) {
            assertThat(s.keywords()).doesNotContain("回应");
            assertThat(s.postCount()).isEqualTo(40);
        }
        assertThat(r.snapshots()).anySatisfy(s -> assertThat(s.keywords()).containsExactlyInAnyOrder("徐州暴雨", "积水"))
                .anySatisfy(s -> assertThat(s.keywords()).containsExactlyInAnyOrder("济民医院", "家属"));
    }

    @Test
    void oneWordBurstingAloneFoundsNoTopic() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        List<PostDigest> posts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            posts.add(post("meme" + i, "meme-author-" + i, null, "绝绝子"));
        }
        Instant start = START;
        List<TermWindow> w = overBackground(baselines, posts);
        assertThat(w.stream().filter(TermWindow::bursting).map(TermWindow::term)).containsExactly("绝绝子");
        assertThat(tracker.advance(TrackerState.EMPTY, start, start.plusSeconds(600), w).snapshots()).isEmpty();
    }

    @Test
    void aTopicDoesNotLiveOnAWordThatIsMerelyCommon() {
        // a topic whose only keyword left is a word people use every window, at its usual level
        Map<String, TermBaseline> baselines = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            Fixtures.window(background(i), T0.plusSeconds(60L * i), baselines, i > 0);
        }
        Instant start = T0.plusSeconds(60L * 30);
        // continued in the previous window
        LiveTopic stale = new LiveTopic("tp-000000000001", List.of("今天", "停电"), List.of("今天", "停电"), T0,
                start.plusSeconds(540), List.of(40L), 40, Lifecycle.PEAK, TopicVolume.EMPTY, "南湖区停电三天仍未恢复");
        List<TermWindow> w = Fixtures.window(background(30), start, baselines, true);
        TermWindow today = w.stream().filter(t -> t.term().equals("今天")).findFirst().orElseThrow();
        assertThat(today.support()).isGreaterThanOrEqualTo(P.sustainAuthors());
        assertThat(today.score()).isLessThan(P.sustainZ());

        TopicTracker.Result r = tracker.advance(new TrackerState(List.of(stale)), start, start.plusSeconds(600), w);
        assertThat(r.snapshots()).isEmpty(); // not continued (and not yet ended)
        TopicTracker.Result later = tracker.advance(r.state(), start.plus(P.endAfter()), start.plus(P.endAfter())
                .plusSeconds(600), w);
        assertThat(later.snapshots()).singleElement().satisfies(s -> {
            assertThat(s.lifecycle()).isEqualTo(Lifecycle.ENDED);
            assertThat(s.title()).as("the ended snapshot keeps the title it had alive").isEqualTo("南湖区停电三天仍未恢复");
        });
        assertThat(later.state().topics()).isEmpty();
    }

    @Test
    void snapshotsCarryTheLastHourAndDayOfTheTopic() {
        List<TopicSnapshot> snaps = run();
        TopicSnapshot first = snaps.get(0);
        // the first window: all of its posts are in the last hour
        assertThat(first.postCountLastHour()).isBetween((long) (first.postCount() * 0.9), (long) (first.postCount() * 1.1));
        for (int i = 1; i < snaps.size(); i++) {
            assertThat(snaps.get(i).postCountLastHour()).isGreaterThanOrEqualTo(snaps.get(i - 1).postCountLastHour());
            assertThat(snaps.get(i).postCountLastDay()).isEqualTo(snaps.get(i).postCountLastHour());
        }
        TopicSnapshot peak = snaps.stream().max(java.util.Comparator.comparingLong(TopicSnapshot::postCount)).orElseThrow();
        assertThat(snaps.get(snaps.size() - 1).postCountLastHour()).isGreaterThan(peak.postCount());
    }

    @Test
    void backgroundAloneMakesNoTopic() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        TrackerState state = TrackerState.EMPTY;
        for (int i = 0; i < 60; i++) {
            Instant start = T0.plusSeconds(60L * i);
            List<TermWindow> w = Fixtures.window(background(i), start, baselines, i > 0);
            TopicTracker.Result r = tracker.advance(state, start, start.plusSeconds(600), w);
            assertThat(r.snapshots()).isEmpty();
            state = r.state();
        }
    }

    @Test
    void aTopicKeepsItsIdAcrossWindowsThroughItsLifecycle() {
        List<TopicSnapshot> first = run();
        List<TopicSnapshot> replay = run();
        assertThat(first).isNotEmpty();
        assertThat(first.stream().map(TopicSnapshot::topicId).distinct()).hasSize(1);
        assertThat(replay.stream().map(TopicSnapshot::topicId).distinct())
                .containsExactly(first.get(0).topicId()); // replays give the same ids
        List<Lifecycle> phases = first.stream().map(TopicSnapshot::lifecycle).distinct().toList();
        assertThat(phases).containsSubsequence(Lifecycle.EMERGING, Lifecycle.RISING, Lifecycle.PEAK, Lifecycle.COOLING,
                Lifecycle.ENDED);
        TopicSnapshot last = first.get(first.size() - 1);
        assertThat(last.lifecycle()).isEqualTo(Lifecycle.ENDED);
        assertThat(last.postCount()).isZero();
        assertThat(first.get(0).firstSeenAt()).isEqualTo(T0);
    }

    /** An event growing, peaking and dying down over 20 windows, with background throughout. */
    private List<TopicSnapshot> run() {
        int[] sizes = {20, 40, 80, 160, 200, 190, 150, 100, 60, 30, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Map<String, TermBaseline> baselines = new HashMap<>();
        Fixtures.window(background(0), T0, baselines, false);
        TrackerState state = TrackerState.EMPTY;
        List<TopicSnapshot> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            Instant start = T0.plusSeconds(60L * (i + 1));
            List<PostDigest> posts = new ArrayList<>(background(i + 1));
            // the window's posts: different people each window, so counts follow the curve
            List<PostDigest> ev = event("ev" + i + "-", sizes[i], "疫苗", "接种点", "排队");
            posts.addAll(ev);
            TopicTracker.Result r = tracker.advance(state, start, start.plusSeconds(600),
                    Fixtures.window(posts, start, baselines, true));
            out.addAll(r.snapshots());
            state = r.state();
        }
        return out;
    }

    @Test
    void aTopicIsJudgedFromItsPostsAndKeepsItsJudgementWhenItEnds() {
        io.yuqing.radar.jobs.judgement.JudgementLexicon lexicon = io.yuqing.radar.jobs.judgement.JudgementLexicon.shipped();
        List<PostDigest> posts = new ArrayList<>();
        for (PostDigest d : event("fire", 40, "化工厂", "爆炸", "消防")) {
            String text = "【突发】某化工厂发生爆炸起火，消防正在救援，已造成2人死亡，求扩散";
            io.yuqing.radar.jobs.judgement.PostCues cues = io.yuqing.radar.jobs.judgement.PostCues.of(
                    new io.yuqing.radar.schemas.EnrichedPost(d.id(), io.yuqing.radar.schemas.Platform.WEIBO, text, null,
                            d.createdAt(), null, null, 0, 0, 0, null, null, "zh", d.keywords(), d.keywords(), null, null,
                            null, null, null, null, null, null, d.createdAt()), lexicon);
            posts.add(new PostDigest(d.id(), d.hash(), d.authorHash(), d.clusterHash(), d.platform(), d.region(),
                    d.negative(), d.original(), d.verified(), d.reposts(), d.comments(), d.likes(), d.createdAt(), d.url(),
                    text, d.keywords(), d.names(), cues));
        }
        TopicTracker.Result r = founded(tracker, new HashMap<>(), posts);
        TopicSnapshot s = r.snapshots().get(0);
        assertThat(s.category()).isEqualTo(io.yuqing.radar.schemas.Category.ACCIDENT);
        assertThat(s.categoryConfidence()).isGreaterThan(0.3);
        assertThat(s.categoryEvidence()).contains("爆炸", "化工厂");
        assertThat(s.signals()).containsKeys("casualties", "call_to_spread");
        assertThat(s.rumorScore()).isBetween(0.0, 1.0);

        // with no supporting term for topics.end-after, it ends: the closing snapshot keeps the judgement
        TopicTracker.Result later = r;
        Instant start = START;
        for (int i = 1; i <= P.endAfter().toMinutes() + 1 && later.snapshots().stream()
                .noneMatch(x -> x.lifecycle() == Lifecycle.ENDED); i++) {
            start = START.plusSeconds(60L * i);
            later = tracker.advance(later.state(), start, start.plusSeconds(600), List.of());
        }
        TopicSnapshot ended = later.snapshots().stream().filter(x -> x.lifecycle() == Lifecycle.ENDED).findFirst()
                .orElseThrow();
        assertThat(ended.category()).isEqualTo(io.yuqing.radar.schemas.Category.ACCIDENT);
        assertThat(ended.signals()).containsKey("casualties");
    }

    @Test
    void aTopicWhosePostsCarryNoCuesIsNotJudged() {
        // digests without cues (state written before judgement): no category rather than a guess
        TopicSnapshot s = founded(tracker, new HashMap<>(), event("rain", 40, "广州暴雨", "积水", "地铁停运"))
                .snapshots().get(0);
        assertThat(s.category()).isNull();
        assertThat(s.rumorScore()).isNull();
    }
}
