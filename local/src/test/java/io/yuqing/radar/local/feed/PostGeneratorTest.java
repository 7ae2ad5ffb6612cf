package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PostGeneratorTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    private static PostGenerator.Config base() {
        return PostGenerator.Config.defaults().withStart(START);
    }

    private static List<FeedRecord> take(PostGenerator.Config config, int n) {
        List<FeedRecord> out = new ArrayList<>(n);
        try (PostGenerator g = new PostGenerator(config)) {
            while (out.size() < n && g.hasNext()) {
                out.add(g.next());
            }
        }
        return out;
    }

    private static Post parse(FeedRecord r) {
        return Json.fromBytes(r.value(), Post.class);
    }

    private static boolean hasCjk(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    @Test
    void sameSeedSamePostsOtherSeedOthers() {
        List<FeedRecord> a = take(base().withSeed(7), 3000);
        List<FeedRecord> b = take(base().withSeed(7), 3000);
        List<FeedRecord> c = take(base().withSeed(8), 3000);
        assertThat(a).hasSize(3000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
            assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
            assertThat(a.get(i).eventTime()).isEqualTo(b.get(i).eventTime());
        }
        long same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (new String(a.get(i).value(), java.nio.charset.StandardCharsets.UTF_8)
                    .equals(new String(c.get(i).value(), java.nio.charset.StandardCharsets.UTF_8))) {
                same++;
            }
        }
        assertThat(same).isLessThan(10);
    }

    @Test
    void everyRecordIsAContractPostInTimeOrder() {
        List<FeedRecord> records = take(base().withMalformedShare(0), 30_000);
        Map<String, String> textById = new HashMap<>();
        Map<Platform, Integer> platforms = new EnumMap<>(Platform.class);
        Instant previous = START;
        int reposts = 0;
        int withRegion = 0;
        int hashtags = 0;
        int mentions = 0;
        int verified = 0;
        for (FeedRecord r : records) {
            Post p = parse(r);
            assertThat(p.id()).isNotBlank().isEqualTo(r.key());
            assertThat(textById).doesNotContainKey(p.id());
            assertThat(p.platform()).isNotNull();
            assertThat(p.createdAt()).isEqualTo(r.eventTime()).isAfterOrEqualTo(previous);
            previous = p.createdAt();
            assertThat(p.author().id()).matches("u\\d{5,6}");
            assertThat(hasCjk(p.author().name())).as(p.author().name()).isTrue();
            assertThat(p.author().followers()).isNotNegative();
            assertThat(p.likes()).isNotNegative();
            assertThat(p.text()).isNotNull();
            if (p.repostOf() != null) {
                reposts++;
                assertThat(textById).as("repost of an earlier post").containsKey(p.repostOf());
                assertThat(p.repostText()).isEqualTo(textById.get(p.repostOf()));
            } else {
                assertThat(hasCjk(p.text())).as(p.text()).isTrue();
            }
            if (p.region() != null) {
                withRegion++;
                assertThat(p.region()).matches("\\p{IsHan}{2,4} \\p{IsHan}{2,5}");
            }
            if (p.text().matches("(?s).*#[^#\\s]+#.*")) {
                hashtags++;
            }
            if (p.text().contains("@")) {
                mentions++;
            }
            if (Boolean.TRUE.equals(p.author().verified())) {
                verified++;
            }
            platforms.merge(p.platform(), 1, Integer::sum);
            textById.put(p.id(), p.text());
        }
        int n = records.size();
        assertThat(platforms.get(Platform.WEIBO)).isGreaterThan(n * 4 / 10);
        for (Platform other : List.of(Platform.WECHAT, Platform.NEWS, Platform.DOUYIN, Platform.FORUM)) {
            assertThat(platforms.get(Platform.WEIBO)).isGreaterThan(platforms.getOrDefault(other, 0));
            assertThat(platforms.getOrDefault(other, 0)).as(other.name()).isGreaterThan(n / 50);
        }
        assertThat(reposts).isBetween(n / 10, n / 2);
        assertThat(withRegion).isBetween(n / 5, n * 7 / 10);
        assertThat(hashtags).isGreaterThan(n / 20);
        assertThat(mentions).isGreaterThan(n / 100);
        assertThat(verified).isGreaterThan(0);
    }

    @Test
    void backgroundTextsVaryRatherThanRepeatTemplates() {
        List<FeedRecord> records = take(base().withEvents(List.of()).withMalformedShare(0), 5000);
        Set<String> distinct = new HashSet<>();
        int originals = 0;
        for (FeedRecord r : records) {
            Post p = parse(r);
            if (p.repostOf() == null) {
                originals++;
                distinct.add(p.text());
            }
        }
        assertThat(distinct.size()).isGreaterThan(originals * 85 / 100);
    }

    @Test
    void plantedEventGrowsPeaksAndFades() {
        EventPlan plan = new EventPlan(EventKind.RAINSTORM, "武汉", Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofMinutes(20), 200);
        PostGenerator.Config config = base().withBackgroundPerMinute(0).withEvents(List.of(plan)).withMalformedShare(0);
        int[] perMinute = new int[40];
        int early = 0;
        int earlyWeibo = 0;
        int late = 0;
        int lateWeibo = 0;
        int mentionsCity = 0;
        int total = 0;
        try (PostGenerator g = new PostGenerator(config)) {
            assertThat(g.plantedEvents()).singleElement().satisfies(info -> {
                assertThat(info.kind()).isEqualTo(EventKind.RAINSTORM);
                assertThat(info.region()).isEqualTo("湖北 武汉");
                assertThat(info.start()).isEqualTo(START.plus(Duration.ofMinutes(2)));
                assertThat(info.peak()).isEqualTo(START.plus(Duration.ofMinutes(12)));
            });
            while (g.hasNext()) {
                Post p = parse(g.next());
                int minute = (int) Duration.between(START, p.createdAt()).toMinutes();
                perMinute[minute]++;
                total++;
                String all = p.text() + (p.repostText() == null ? "" : p.repostText());
                if (all.contains("武汉")) {
                    mentionsCity++;
                }
                if (minute < 6) {
                    early++;
                    earlyWeibo += p.platform() == Platform.WEIBO ? 1 : 0;
                } else if (minute >= 12) {
                    late++;
                    lateWeibo += p.platform() == Platform.WEIBO ? 1 : 0;
                }
            }
        }
        assertThat(perMinute[0] + perMinute[1]).as("nothing before the start").isZero();
        assertThat(perMinute[32] + perMinute[33]).as("nothing after the end").isZero();
        int rising = perMinute[4];
        int atPeak = perMinute[11];
        int fading = perMinute[28];
        assertThat(atPeak).isBetween(150, 250);
        assertThat(rising).isLessThan(atPeak / 2);
        assertThat(fading).isLessThan(atPeak / 4);
        for (int m = 3; m < 11; m++) {
            assertThat(perMinute[m]).as("minute %d", m).isLessThanOrEqualTo(perMinute[m + 1] + 25);
        }
        assertThat(mentionsCity).isGreaterThan(total / 3);
        assertThat((double) lateWeibo / late).as("spreads off Weibo").isLessThan((double) earlyWeibo / early);
    }

    @Test
    void everyEventKindProducesPosts() {
        List<EventPlan> plans = new ArrayList<>();
        for (EventKind kind : EventKind.values()) {
            plans.add(new EventPlan(kind, null, Duration.ZERO, Duration.ofMinutes(2), Duration.ofMinutes(2), 300));
        }
        PostGenerator.Config config = base().withBackgroundPerMinute(0).withEvents(plans).withMalformedShare(0);
        List<FeedRecord> records = take(config, 100_000);
        assertThat(records.size()).isBetween(1500, 6000);
        String all = String.join("\n", records.stream().map(r -> parse(r).text()).toList());
        assertThat(all).contains("暴雨", "维权", "聚集", "通报");
    }

    @Test
    void anEventNamesItsCityOnceBeforeAHospitalOrSchoolThatCarriesIt() {
        List<EventPlan> plans = List.of(
                new EventPlan(EventKind.MEDICAL_DISPUTE, "南京", Duration.ZERO, Duration.ofMinutes(3), Duration.ofMinutes(3), 300),
                new EventPlan(EventKind.CAMPUS_INCIDENT, "呼和浩特", Duration.ZERO, Duration.ofMinutes(3), Duration.ofMinutes(3), 300));
        PostGenerator.Config config = base().withBackgroundPerMinute(0).withEvents(plans).withMalformedShare(0);
        List<String> texts = take(config, 100_000).stream().map(r -> parse(r).text()).toList();
        // 南京济民医院, 呼和浩特第七中学: the names carry their city, so a template must not prefix it again
        assertThat(texts).anyMatch(t -> t.contains("南京") && t.contains("医院"))
                .anyMatch(t -> t.contains("呼和浩特") && t.contains("学"))
                .noneMatch(t -> t.contains("南京南京") || t.contains("呼和浩特呼和浩特"));
    }

    @Test
    void malformedShareIsAsConfigured() {
        int n = 40_000;
        List<FeedRecord> records = take(base().withMalformedShare(0.05), n);
        int bad = 0;
        for (FeedRecord r : records) {
            try {
                Post p = parse(r);
                if (p.id() == null || p.createdAt() == null) {
                    bad++;
                }
            } catch (RuntimeException e) {
                bad++;
            }
        }
        assertThat(bad).isBetween(n * 4 / 100, n * 6 / 100);
        assertThat(PostGenerator.Config.defaults().malformedShare()).isEqualTo(0.002);
    }

    @Test
    void durationEndsTheFeed() {
        List<FeedRecord> records = take(base().withDuration(Duration.ofMinutes(3)), 1_000_000);
        assertThat(records.size()).isBetween(700, 1100);
        assertThat(records.get(records.size() - 1).eventTime()).isBefore(START.plus(Duration.ofMinutes(3)));
    }
}
