package io.yuqing.radar.jobs.enrich.dedup;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Platform;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The clustering operators on a local MiniCluster, fed from a bounded in-memory source (no Kafka). */
class NearDuplicatesFlinkTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final String ACCIDENT = SimHashTest.ACCIDENT;
    static final String TOURISM = "今年国庆假期全市接待游客突破五百万人次，旅游收入同比增长百分之十二，各大景区秩序井然。";

    static EnrichedPost post(String id, Duration after, String text, String repostOf) {
        return new EnrichedPost(id, Platform.WEIBO, text, null, T0.plus(after), null, null, 0, 0, 0, repostOf, null,
                "zh", null, null, null, null, null, null, null, null, null, null, T0);
    }

    static Map<String, EnrichedPost> run(int parallelism, List<EnrichedPost> posts) throws Exception {
        Configuration conf = new Configuration();
        // every type on the way has its own serializer: a Kryo fallback would fail the job
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        DataStream<EnrichedPost> in = env.fromData(posts, JsonTypeInfo.of(EnrichedPost.class)).setParallelism(1);
        DataStream<EnrichedPost> out = NearDuplicates.cluster(in, Duration.ofHours(24), 64, 0);
        Map<String, EnrichedPost> byId = new HashMap<>();
        try (CloseableIterator<EnrichedPost> it = out.executeAndCollect("near-duplicates")) {
            while (it.hasNext()) {
                EnrichedPost p = it.next();
                assertThat(byId.put(p.id(), p)).as("emitted once: " + p.id()).isNull();
            }
        }
        return byId;
    }

    @Test
    void copiesRepostsAndUnrelatedPostsGetTheirClusters() throws Exception {
        List<EnrichedPost> posts = List.of(
                post("a1", Duration.ZERO, ACCIDENT, null),
                post("a2", Duration.ofMinutes(5), "转发微博 " + ACCIDENT + "[泪] //@城市生活播报:", null),
                post("a3", Duration.ofMinutes(9), "天哪！" + ACCIDENT, null),
                post("t1", Duration.ofMinutes(10), TOURISM, null),
                post("r1", Duration.ofMinutes(11), "", "a2"),              // plain repost of a copy
                post("r2", Duration.ofMinutes(12), "太吓人了", "t1"),       // repost with words
                post("r3", Duration.ofMinutes(13), "", "unseen-source"),
                post("s1", Duration.ofMinutes(14), "顶", null),             // too little text to fingerprint
                post("a4", Duration.ofHours(30), ACCIDENT, null));          // a copy beyond the 24 h horizon
        Map<String, EnrichedPost> out = run(1, posts);

        assertThat(out).hasSize(posts.size());
        Map<String, String> cluster = new HashMap<>();
        out.forEach((id, p) -> cluster.put(id, p.dupCluster()));
        assertThat(cluster).containsEntry("a1", "a1").containsEntry("a2", "a1").containsEntry("a3", "a1")
                .containsEntry("t1", "t1")
                .containsEntry("r1", "a1")
                .containsEntry("r2", "t1")
                .containsEntry("r3", "unseen-source")
                .containsEntry("s1", "s1")
                .containsEntry("a4", "a4");
        assertThat(out.get("a1").simhash()).matches("[0-9a-f]{16}").isEqualTo(out.get("a2").simhash());
        assertThat(out.get("r1").simhash()).isNull();
        assertThat(out.get("s1").simhash()).isNull();
        // the rest of the post is carried through untouched
        assertThat(out.get("a3").text()).isEqualTo(posts.get(2).text());
        assertThat(out.get("a3").createdAt()).isEqualTo(posts.get(2).createdAt());
    }

    @Test
    void inParallelEveryPostComesOutOnceWithAClusterNamedAfterAPost() throws Exception {
        List<EnrichedPost> posts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String text = switch (i % 3) {
                case 0 -> ACCIDENT;
                case 1 -> TOURISM + "第" + (i % 2) + "次";
                default -> SimHashTest.randomHan(new java.util.Random(i), 40);
            };
            posts.add(post("p" + i, Duration.ofMinutes(i), text, i % 10 == 9 ? "p0" : null));
        }
        Map<String, EnrichedPost> out = run(2, posts);
        assertThat(out).hasSize(posts.size());
        assertThat(out.values()).allSatisfy(p -> assertThat(out).containsKey(p.dupCluster()));
        // a cluster is named after a post created no later than any of its members
        assertThat(out.values()).allSatisfy(p -> assertThat(out.get(p.dupCluster()).createdAt())
                .isBeforeOrEqualTo(p.createdAt()));
        // p0 is the earliest post: nothing can name it otherwise, and its reposts follow it
        assertThat(out.get("p0").dupCluster()).isEqualTo("p0");
        assertThat(out.get("p9").dupCluster()).isEqualTo("p0");
        assertThat(out.get("p19").dupCluster()).isEqualTo("p0");
    }
}
