package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import io.yuqing.radar.connectors.kafka.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windowing, burst scoring and topic building on a local MiniCluster, fed a bounded in-memory
 * stream: 70 minutes of background chatter with a planted event from minute 40; and the topic
 * stage's topicsAlive gauge, read through an in-memory metric reporter.
 */
class TopicsJobFlinkTest {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Instant T0 = Instant.parse("2026-07-12T00:00:00Z");
    static final String[] BACKGROUND = {"今天", "中国", "工作", "天气", "生活", "朋友", "周末", "手机", "学习", "电影"};
    static final String[] EVENT = {"化工厂", "爆炸", "浓烟"};

    static EnrichedPost post(String id, Instant at, String author, List<String> keywords, String repostOf) {
        return new EnrichedPost(id, Platform.WEIBO, String.join("，", keywords) + "。", null, at,
                new Author(author, null, 100L, false), "https://weibo.com/" + id, 1, 1, 1, repostOf, "江苏省南京市", "zh",
                keywords, keywords, null, null, null, null, null, null, null, null, at);
    }

    static List<EnrichedPost> stream() {
        Random r = new Random(42);
        List<EnrichedPost> out = new ArrayList<>();
        for (int minute = 0; minute < 70; minute++) {
            for (int i = 0; i < 25; i++) {
                Instant at = T0.plusSeconds(minute * 60L + r.nextInt(60));
                List<String> kws = List.of(BACKGROUND[r.nextInt(BACKGROUND.length)], BACKGROUND[r.nextInt(BACKGROUND.length)])
                        .stream().distinct().toList();
                out.add(post("bg-" + minute + "-" + i, at, "user-" + r.nextInt(600), kws, null));
            }
        }
        // the planted event: distinct people, growing then fading, mostly naming all its terms
        int[] perMinute = {4, 8, 15, 25, 30, 25, 15, 8, 4};
        int n = 0;
        for (int m = 0; m < perMinute.length; m++) {
            for (int i = 0; i < perMinute[m]; i++, n++) {
                Instant at = T0.plusSeconds((40L + m) * 60 + r.nextInt(60));
                List<String> kws = new ArrayList<>(List.of(EVENT));
                if (n % 3 == 0) {
                    kws.remove(n % EVENT.length);
                }
                kws.add(BACKGROUND[r.nextInt(BACKGROUND.length)]);
                out.add(post("ev-" + n, at, "witness-" + n, kws, n % 4 == 0 ? "ev-0" : null));
            }
        }
        // a copy-paste campaign: 60 accounts pasting one original text (one near-duplicate cluster)
        for (int i = 0; i < 60; i++) {
            Instant at = T0.plusSeconds(50L * 60 + r.nextInt(120));
            EnrichedPost p = post("spam-" + i, at, "sock-" + i, List.of("免费领取", "红包"), null);
            out.add(p.withNearDuplicate("0123456789abcdef", "spam-0"));
        }
        out.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        // late posts: an hour behind the stream when they arrive
        out.add(post("late-1", T0.plusSeconds(60), "user-1", List.of("今天"), null));
        out.add(post("late-2", T0.plusSeconds(120), "user-2", List.of("中国"), null));
        return out;
    }

    /**
     * The job's watermarks, emitted after every post instead of every 200 ms: a bounded
     * in-memory source can be read whole between two periodic emissions, and then the late posts
     * at its end are never behind a watermark (CI saw exactly that on a fast machine).
     */
    static <T> WatermarkStrategy<T> emittedOnEveryPost(WatermarkStrategy<T> job) {
        return new WatermarkStrategy<>() {
            @Override
            public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context ctx) {
                return job.createTimestampAssigner(ctx);
            }

            @Override
            public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context ctx) {
                WatermarkGenerator<T> periodic = job.createWatermarkGenerator(ctx);
                return new WatermarkGenerator<>() {
                    @Override
                    public void onEvent(T event, long timestamp, WatermarkOutput out) {
                        periodic.onEvent(event, timestamp, out);
                        periodic.onPeriodicEmit(out);
                    }

                    @Override
                    public void onPeriodicEmit(WatermarkOutput out) {
                        periodic.onPeriodicEmit(out);
                    }
                };
            }
        };
    }

    @Test
    void aPlantedBurstBecomesOneTopicWithAStableIdWhileBackgroundAndSpamDoNot() throws Exception {
        Settings s = Settings.defaults().with("topics.warmup", "PT15M").with("topics.parallelism", "2");
        TopicsJobConfig c = TopicsJobConfig.from(s);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).as("no Kryo fallback").isTrue();
        DataStream<EnrichedPost> posts = env.fromData(stream(), JsonTypeInfo.of(EnrichedPost.class)).setParallelism(1)
                .assignTimestampsAndWatermarks(emittedOnEveryPost(TopicsJob.watermarks(c))).setParallelism(1);
        // no lexicon updates: an empty stream that keeps the posts' watermarks
        DataStream<RawRecord> noUpdates = posts.flatMap((EnrichedPost p, org.apache.flink.util.Collector<RawRecord> none) -> { })
                .returns(TypeInformation.of(RawRecord.class)).setParallelism(1);
        TopicsJob.Streams out = TopicsJob.build(posts, noUpdates, c);
        CloseableIterator<EnrichedPost> late = out.latePosts().collectAsync();
        List<TopicSnapshot> snapshots = new ArrayList<>();
        try (CloseableIterator<TopicSnapshot> it = out.snapshots().executeAndCollect("topics-test")) {
            it.forEachRemaining(snapshots::add);
        }
        List<String> lateIds = new ArrayList<>();
        late.forEachRemaining(p -> lateIds.add(p.id()));
        late.close();

        for (TopicSnapshot t : snapshots) {
            System.out.printf("%s %s %-8s posts=%3d authors=%3d heat=%6.2f v=%5.2f %s «%s»%n", t.topicId(), t.windowEnd(),
                    t.lifecycle().json(), t.postCount(), t.authorCount(), t.heat(), t.velocity(), t.keywords(), t.title());
        }
        assertThat(snapshots).isNotEmpty();
        Set<String> ids = snapshots.stream().map(TopicSnapshot::topicId).collect(Collectors.toSet());
        assertThat(ids).as("one topic: %s", snapshots).hasSize(1);
        for (TopicSnapshot t : snapshots) {
            assertThat(t.keywords()).doesNotContain(BACKGROUND).doesNotContain("免费领取", "红包");
        }
        TopicSnapshot biggest = snapshots.stream().max((a, b) -> Long.compare(a.postCount(), b.postCount())).orElseThrow();
        assertThat(biggest.keywords()).contains(EVENT);
        assertThat(biggest.postCount()).isBetween(60L, 140L);
        assertThat(biggest.authorCount()).isEqualTo(biggest.postCount());
        assertThat(biggest.regions()).containsKey("江苏省南京市");
        assertThat(biggest.samplePosts()).isNotEmpty().allSatisfy(p -> assertThat(p.id()).startsWith("ev-"));
        // found within two slides of the burst's start (minute 40), then followed to its end
        TopicSnapshot first = snapshots.get(0);
        assertThat(first.lifecycle()).isEqualTo(Lifecycle.EMERGING);
        assertThat(first.windowEnd()).isBetween(T0.plusSeconds(41 * 60), T0.plusSeconds(44 * 60));
        assertThat(snapshots.get(snapshots.size() - 1).lifecycle()).isEqualTo(Lifecycle.ENDED);
        assertThat(snapshots.stream().map(TopicSnapshot::lifecycle)).contains(Lifecycle.RISING, Lifecycle.COOLING);
        for (int i = 1; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i).windowEnd()).isAfter(snapshots.get(i - 1).windowEnd());
        }
        assertThat(lateIds).containsExactlyInAnyOrder("late-1", "late-2");
        // the topic stage's gauge: -1 until its first window; the one topic has ended by the end
        List<Object> alive = new ArrayList<>();
        List<Object> windowMillis = new ArrayList<>();
        METRICS.getMetricsByGroup().forEach((group, ms) -> {
            if (ms.get("topicsAlive") instanceof Gauge<?> g) {
                alive.add(g.getValue());
            }
            if (ms.get("topicsStageWindowMillis") instanceof Gauge<?> g) {
                windowMillis.add(g.getValue());
            }
        });
        assertThat(alive).containsExactly(0);
        // and what its last window took: measured (not -1), one instance
        assertThat(windowMillis).hasSize(1).allSatisfy(ms -> assertThat((Long) ms).isNotNegative());
    }
}
