package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
import io.yuqing.radar.schemas.Platform;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostDigestTest {

    private static EnrichedPost post(String region, String province, String city) {
        return new EnrichedPost("p1", Platform.WEIBO, "武汉暴雨积水", null, Instant.parse("2026-07-01T03:00:00Z"),
                new Author("u1", null, 1L, false), null, 0, 0, 0, null, region, null, List.of("暴雨"), List.of("暴雨"),
                List.of(), List.of(), List.of(), Entities.NONE, null, null, null, null, Instant.parse("2026-07-01T03:00:01Z"),
                province, city, List.of(), List.of());
    }

    @Test
    void breadthCountsProvincesWhereTheyAreKnown() {
        // three spellings of one place count as one region
        assertThat(PostDigest.regionOf(post("湖北 武汉", "湖北", "武汉"))).isEqualTo("湖北");
        assertThat(PostDigest.regionOf(post("420100", "湖北", "武汉"))).isEqualTo("湖北");
        assertThat(PostDigest.regionOf(post("武汉市洪山区", "湖北", "武汉"))).isEqualTo("湖北");
        // unresolved free text is kept as given; nothing at all is no region
        assertThat(PostDigest.regionOf(post("火星基地", null, null))).isEqualTo("火星基地");
        assertThat(PostDigest.regionOf(post(null, null, null))).isNull();
    }

    @Test
    void hashtagsPlacesAndOrganisationsAreMarkedAsNames() {
        EnrichedPost p = new EnrichedPost("p2", Platform.WEIBO, "#徐州暴雨# 徐州气象台发布预警，黄河路站水流很急", null,
                Instant.parse("2026-07-01T03:00:00Z"), new Author("u2", null, 1L, false), null, 0, 0, 0, null, null, null,
                List.of(), List.of("预警", "水流"), List.of("#徐州暴雨#"), List.of(), List.of(),
                new Entities(List.of("徐州"), List.of("徐州气象台"), List.of()), null, null, null, null,
                Instant.parse("2026-07-01T03:00:01Z"), null, null, List.of(), List.of());
        List<String> terms = TermExtractor.terms(p, 12);
        assertThat(terms).containsExactly("徐州暴雨", "预警", "水流", "徐州", "徐州气象台");
        PostDigest d = PostDigest.of(p, terms);
        assertThat(d.isName(0)).isTrue();
        assertThat(d.isName(1)).isFalse();
        assertThat(d.isName(2)).isFalse();
        assertThat(d.isName(3)).isTrue();
        assertThat(d.isName(4)).isTrue();
    }

    @Test
    void termsAreWordsEvenFromPostsEnrichedBeforeFragmentsWereKeptOut() {
        EnrichedPost p = new EnrichedPost("p3", Platform.WEIBO, "#我是歌手!# 好可爱[心][可爱]我们一起加油吧!", null,
                Instant.parse("2026-07-01T03:00:00Z"), new Author("u3", null, 1L, false), null, 0, 0, 0, null, null, null,
                List.of(), List.of("可爱]", "加油吧!", "歌手"), List.of("#我是歌手!#"), List.of(), List.of(),
                new Entities(List.of(), List.of("心]"), List.of()), null, null, null, null,
                Instant.parse("2026-07-01T03:00:01Z"), null, null, List.of(), List.of());
        List<String> terms = TermExtractor.terms(p, 12);
        assertThat(terms).containsExactly("我是歌手", "歌手");
        assertThat(PostDigest.of(p, terms).isName(0)).isTrue();
    }

    @Test
    void aRepostWithoutAChainIsHeadlinedByTheStoryItPassesOn() {
        // a plain repost's own words are a reaction; the platform shows the source after //
        PostDigest d = repost("p4", "太过分了！", VENDOR);
        assertThat(d.original()).isFalse();
        assertThat(TopicTracker.headline(d)).isEqualTo("城管执法为什么要脱女贩的裤子?");
    }

    @Test
    void aRepostWithAChainOfReactionsIsHeadlinedByTheStoryItPassesOnNotByAReaction() {
        // Weibo gives a repost of a repost as its words and the chain before them; the source comes
        // with it apart (repost_text). A reaction in the chain is no headline, and tells no other story.
        PostDigest chained = repost("p5", "这也太让人揪心了吧//@小王:太让人揪心了，大家转起来", VENDOR);
        assertThat(TopicTracker.headline(chained)).isEqualTo("城管执法为什么要脱女贩的裤子?");
        assertThat(TopicTracker.storyKey(chained)).isEqualTo(TopicTracker.storyKey(repost("p6", "转发微博", VENDOR)));
        // however much a chain says, the excerpt keeps the story
        PostDigest talkative = repost("p8", "说得太对了".repeat(20) + "//@小王:气愤", VENDOR);
        assertThat(TopicTracker.headline(talkative)).isEqualTo("城管执法为什么要脱女贩的裤子?");
        // an export whose chain already carries the source whole does not get it twice
        PostDigest carried = repost("p7", "太过分了！//@城管观察:" + VENDOR, VENDOR);
        assertThat(carried.excerpt()).isEqualTo("太过分了！//@城管观察:" + VENDOR);
    }

    private static final String VENDOR = "【城管执法为什么要脱女贩的裤子?】今日下午，某市城管在街头执法时与一名女摊贩发生冲突";

    private static PostDigest repost(String id, String words, String source) {
        EnrichedPost p = new EnrichedPost(id, Platform.WEIBO, words, null,
                Instant.parse("2026-07-01T03:00:00Z"), new Author("u-" + id, null, 1L, false), null, 0, 0, 0, "p0", null, null,
                List.of(), List.of("城管", "女贩"), List.of(), List.of(), List.of(), new Entities(List.of(), List.of(), List.of()),
                null, null, null, null, Instant.parse("2026-07-01T03:00:01Z"), null, null, List.of(), List.of(), null, null,
                source);
        return PostDigest.of(p, TermExtractor.terms(p, 12));
    }
}
