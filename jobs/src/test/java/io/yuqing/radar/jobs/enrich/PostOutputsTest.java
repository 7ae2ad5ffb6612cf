package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.jobs.RoundTrip;
import io.yuqing.radar.connectors.elasticsearch.EsDocument;
import io.yuqing.radar.connectors.hbase.HBaseRow;
import io.yuqing.radar.connectors.kafka.JsonRecordSerializer;
import io.yuqing.radar.connectors.posts.PostJson;
import io.yuqing.radar.connectors.posts.PostWrites;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.PostsTable;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enrich job's three post outputs (the {@code yuqing.posts.enriched} message, the HBase row,
 * the Elasticsearch document) are byte for byte what they were when the post crossed the
 * near-duplicate shuffle as JSON and each sink wrote its own JSON: real enrichment of real-looking
 * posts (and of the first CED posts where ../shared/data is present), both paths side by side.
 */
class PostOutputsTest {
    private static final Instant NOW = Instant.parse("2026-07-01T04:00:00Z");
    private static final String TOPIC = "yuqing.posts.enriched";
    private static final String PREFIX = "posts";
    private static final int CED_POSTS = 400;

    private static final List<String> HAND_WRITTEN = List.of("""
            {"id":"p0","platform":"weibo","text":"#广州暴雨# 早上七点多出门,天河路口积水已经没过小腿,公交停运,地铁口排起长队。@广州日报 大家注意安全![泪]😭 https://t.cn/A6x","created_at":"2026-07-01T08:17:42+08:00","author":{"id":"u-6f1c0a93","name":"天河打工人小陈","followers":1283,"verified":false},"url":"https://weibo.com/6f1c0a93/Pb7xQ2kLm","reposts":356,"comments":128,"likes":2041,"region":"广东省广州市","lang":"zh-CN"}""", """
            {"id":"r1","platform":"weibo","created_at":"2026-07-01T08:20:00.250+08:00","repost_of":"p0","repost_text":"#广州暴雨# 早上七点多出门,天河路口积水已经没过小腿,公交停运","region":"湖北"}""", """
            {"id":"r2","platform":"weibo","created_at":"2026-07-01T03:00:00Z","text":"太过分了,苦了老百姓[怒]","repost_of":"p0","repost_text":"中江县红十字会要求药厂多开救灾发票,开了一万多元","author":{"id":"u2"}}""", """
            {"id":"n1","platform":"news","title":"臺北市多處淹水","text":"#颱風# 臺北市多處淹水，請市民注意安全","created_at":1782878400000,"author":{"name":"中央社","verified":true}}""", """
            {"id":"f1","platform":"forum","text":"顶","created_at":"2026-07-01T11:00:00.123456789+08:00"}""");

    @Test
    void theThreeOutputsAreTheOldPathsBytes() throws Exception {
        PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
        List<String> raw = new ArrayList<>(HAND_WRITTEN);
        List<String> ced = cedPosts();
        raw.addAll(ced);
        int compared = 0;
        for (String json : raw) {
            EnrichOutcome o = enricher.enrich(json.getBytes(StandardCharsets.UTF_8), NOW);
            if (!(o instanceof EnrichOutcome.Enriched e)) {
                assertThat(HAND_WRITTEN).as("refused: %s", o).doesNotContain(json);
                continue;
            }
            EnrichedPost post = e.post();
            String cluster = post.repostOf() != null ? post.repostOf() : post.id();
            // before: the post crossed the shuffle as JSON, each sink wrote JSON again
            EnrichedPost before = RoundTrip.withCopy(JsonTypeInfo.of(EnrichedPost.class), post)
                    .withNearDuplicate("9f3a6c01d47be258", cluster);
            // now: the binary form, the JSON once for the three
            EnrichedPost now = RoundTrip.withCopy(EnrichedPostTypeInfo.INSTANCE, post)
                    .withNearDuplicate("9f3a6c01d47be258", cluster);
            assertThat(now).isEqualTo(before);
            PostJson written = PostJson.of(now);

            ProducerRecord<byte[], byte[]> message = new JsonRecordSerializer<>(TOPIC, PostJson::id, PostJson::json)
                    .serialize(written, null, 1L);
            ProducerRecord<byte[], byte[]> oldMessage = new JsonRecordSerializer<>(TOPIC, EnrichedPost::id)
                    .serialize(before, null, 1L);
            assertThat(message.topic()).isEqualTo(oldMessage.topic());
            assertThat(message.key()).isEqualTo(oldMessage.key());
            assertThat(message.value()).as(json).isEqualTo(oldMessage.value()).isEqualTo(Json.toBytes(before));

            HBaseRow row = PostWrites.toRow(written);
            HBaseRow oldRow = oldRow(before);
            assertThat(row.row()).isEqualTo(oldRow.row());
            assertThat(row.family()).isEqualTo(oldRow.family());
            assertThat(row.cells()).hasSameSizeAs(oldRow.cells());
            for (int i = 0; i < row.cells().size(); i++) {
                assertThat(row.cells().get(i).qualifier()).isEqualTo(oldRow.cells().get(i).qualifier());
                assertThat(row.cells().get(i).value()).isEqualTo(oldRow.cells().get(i).value());
            }

            EsDocument doc = PostWrites.toDocument(PREFIX).apply(written);
            assertThat(doc.index()).isEqualTo(PostsIndex.indexFor(PREFIX, before.createdAt()));
            assertThat(doc.id()).isEqualTo(before.id());
            assertThat(doc.json()).isEqualTo(Json.toBytes(before));
            compared++;
        }
        // some CED reposts carry no words and name a source not among the first posts: refused
        assertThat(compared).as("posts enriched and compared").isGreaterThanOrEqualTo(HAND_WRITTEN.size() + ced.size() * 9 / 10);
    }

    /** {@code PostWrites.toRow} as it was: each cell's bytes written from the post. */
    private static HBaseRow oldRow(EnrichedPost p) {
        return new HBaseRow(PostsTable.rowKey(p.id()), PostsTable.FAMILY, List.of(
                new HBaseRow.Cell(PostsTable.JSON, Json.toBytes(p)),
                new HBaseRow.Cell(PostsTable.PLATFORM, p.platform().json().getBytes(StandardCharsets.UTF_8)),
                new HBaseRow.Cell(PostsTable.CREATED_AT, Json.formatTime(p.createdAt()).getBytes(StandardCharsets.UTF_8)),
                new HBaseRow.Cell(PostsTable.TEXT, (p.text() == null ? "" : p.text()).getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * The first CED posts (../shared/data/ced/posts.tsv.gz: event, label, kind, mid, parent, uid,
     * time_cst, text) as raw posts, a repost with its source's text where the source came earlier;
     * none where the data is absent.
     */
    private static List<String> cedPosts() throws IOException {
        Path file = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && file == null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data/ced/posts.tsv.gz").normalize();
            file = Files.isRegularFile(candidate) ? candidate : null;
        }
        if (file == null) {
            return List.of();
        }
        DateTimeFormatter cst = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        Map<String, String> texts = new HashMap<>();
        List<String> posts = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; posts.size() < CED_POSTS && (line = r.readLine()) != null; ) {
                String[] f = line.split("\t", -1);
                if (f.length < 8) {
                    continue;
                }
                texts.put(f[3], f[7]);
                Map<String, Object> post = new HashMap<>();
                post.put("id", f[3]);
                post.put("platform", "weibo");
                post.put("text", f[7]);
                post.put("created_at", Json.formatTime(LocalDateTime.parse(f[6], cst).atZone(Json.CHINA).toInstant()));
                post.put("author", Map.of("id", f[5]));
                if (!f[4].isEmpty()) {
                    post.put("repost_of", f[4]);
                    if (texts.containsKey(f[4])) {
                        post.put("repost_text", texts.get(f[4]));
                    }
                }
                posts.add(Json.toString(post));
            }
        }
        return posts;
    }
}
