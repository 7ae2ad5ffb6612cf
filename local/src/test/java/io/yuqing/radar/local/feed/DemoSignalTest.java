package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Category;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 7: the demo shows signal. Ten minutes after "Up", and again after thirty, the
 * trend page's hot list holds every planted event that has begun and at most two topics of
 * everyday chatter, and no alert has been raised for chatter. Measured on the demo's own stream
 * and settings ({@link DemoFeed}) through the jobs' logic ({@link DemoSimulation}).
 */
class DemoSignalTest {
    /** A fixed go-live instant (10:00 China time) so the run is the same every time; the seed is the demo's. */
    private static final Instant UP = Instant.parse("2026-07-12T02:00:00Z");
    private static final List<Duration> CHECKS = List.of(Duration.ofMinutes(10), Duration.ofMinutes(30));
    /**
     * An event counts as begun for the list once it has had this long: its posts rise along a
     * logistic over 15 minutes, so its first minutes bring a handful of authors (the topics job
     * finds the demo's events 4 to 7 minutes after they start), and the watermark releases a
     * window topics.out-of-orderness (2 minutes) after it closes. The owners' protest, 5 minutes
     * old at the 30-minute check, is listed a minute later.
     */
    private static final Duration DETECTION_GRACE = Duration.ofMinutes(8);

    private static DemoSimulation demo;

    @BeforeAll
    static void run() {
        long t0 = System.nanoTime();
        demo = DemoSimulation.run(UP, CHECKS.get(CHECKS.size() - 1));
        System.out.printf("demo simulation: %.1f s%n%s", (System.nanoTime() - t0) / 1e9, demo.eventsBanner());
        CHECKS.forEach(after -> System.out.print(demo.report(after)));
    }

    @Test
    void hotListHoldsEveryBegunEventAndAtMostTwoChatterTopics() {
        for (Duration after : CHECKS) {
            List<DemoSimulation.HotTopic> hot = demo.hotList(after);
            Set<Integer> listed = hot.stream().filter(h -> !h.chatter()).map(DemoSimulation.HotTopic::event)
                    .collect(Collectors.toSet());
            assertThat(listed).as("planted events on the hot list %d min after Up", after.toMinutes())
                    .containsAll(demo.begun(after, DETECTION_GRACE));
            assertThat(hot.stream().filter(DemoSimulation.HotTopic::chatter).map(h -> h.snapshot().title()).toList())
                    .as("chatter topics on the hot list %d min after Up", after.toMinutes())
                    .hasSizeLessThanOrEqualTo(2);
        }
    }

    /**
     * One event, one line on the list. The traffic accident was three topics (a 警情通报, a road
     * crossing, 肇事司机逃逸了): its posts told of a crash at a city road and of a pile-up on a
     * highway, two places for one accident, and the detector read them as the stories they were.
     */
    @Test
    void eachPlantedEventIsOneTopicOnTheHotList() {
        for (Duration after : CHECKS) {
            Map<Integer, List<String>> titles = demo.hotList(after).stream().filter(h -> !h.chatter())
                    .collect(Collectors.groupingBy(DemoSimulation.HotTopic::event,
                            Collectors.mapping(h -> h.snapshot().title(), Collectors.toList())));
            assertThat(titles.values()).as("topics per planted event %d min after Up: %s", after.toMinutes(), titles)
                    .allSatisfy(t -> assertThat(t).hasSize(1));
        }
    }

    /**
     * What a planted event is about shows on the list: each of its topics there is judged under a
     * domain, never 非舆情 (none). A food-safety event once listed a second topic of category none
     * (吃过云记食堂的人都在群里说肚子疼): HanLP cut the shop's name into a person 过云 and 记 食堂, so
     * those posts shared no name with the event's other posts.
     */
    @Test
    void plantedEventsAreListedUnderADomainNeverAsNone() {
        for (Duration after : CHECKS) {
            assertThat(demo.hotList(after).stream().filter(h -> !h.chatter())
                    .filter(h -> h.snapshot().category() == Category.NONE)
                    .map(h -> "event " + h.event() + ": " + h.snapshot().title()).toList())
                    .as("planted events' topics listed as none %d min after Up", after.toMinutes())
                    .isEmpty();
        }
    }

    /**
     * The reason for the slow catch-up, and a check that the modelled stalls still bite: at the old
     * 60x the same stream loses a sizeable share of its history behind the watermark (the stack
     * lost 4,913 of 17,616 posts), caught up at the demo's speed none.
     */
    @Test
    void historyCaughtUpAt60xIsThinnedByLatePostsAndAtTheDemosSpeedIsNot() {
        DemoSimulation fast = DemoSimulation.run(UP, Duration.ZERO, 60);
        System.out.print("at 60x:\n" + fast.eventsBanner());
        assertThat(fast.late).as("posts late at 60x").isGreaterThan(fast.posts / 20);
        assertThat(demo.late).as("posts late at %.0fx", DemoFeed.CATCH_UP_SPEED).isZero();
    }

    @Test
    void noAlertForChatter() {
        Duration last = CHECKS.get(CHECKS.size() - 1);
        assertThat(demo.alerts(last).stream().filter(a -> a.event() < 0)
                .map(a -> a.alert().levelCn() + " " + a.alert().title()).toList())
                .as("alerts raised for everyday chatter by %d min after Up", last.toMinutes())
                .isEmpty();
    }
}
