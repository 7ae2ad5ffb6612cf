package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.connectors.topics.TopicWrites;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import io.yuqing.radar.schemas.TopicTrendTable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings, input parsing, term choice and the storage mapping of the topics job. */
class TopicsJobConfigTest {

    @Test
    void defaultsAreReadFromSettings() {
        TopicsJobConfig c = TopicsJobConfig.from(Settings.defaults());
        assertThat(c.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.slide()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.enrichedTopic()).isEqualTo("yuqing.posts.enriched");
        assertThat(c.topicsTopic()).isEqualTo("yuqing.topics");
        assertThat(c.hbase().table()).isEqualTo("topic_trend");
        assertThat(c.topicsIndexPrefix()).isEqualTo("topics");
        assertThat(c.params()).isEqualTo(TopicsParams.defaults());
    }

    @Test
    void kafkaSecuritySettingsReachTheTopicsJob() {
        TopicsJobConfig c = TopicsJobConfig.from(Settings.defaults()
                .with("kafka.security.protocol", "SASL_SSL")
                .with("kafka.sasl.mechanism", "SCRAM-SHA-256")
                .with("kafka.sasl.username", "radar")
                .with("kafka.sasl.password", "舆情-secret"));
        assertThat(c.kafka().clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(c.kafka().clientProperties().getProperty("sasl.jaas.config")).contains("username=\"radar\"");
        assertThat(c.toString()).doesNotContain("舆情-secret");
    }

    @Test
    void windowMustBeAMultipleOfTheSlide() {
        assertThatThrownBy(() -> TopicsJobConfig.from(Settings.defaults().with("topics.slide", "PT7M")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topics.window");
        assertThatThrownBy(() -> TopicsJobConfig.from(Settings.defaults().with("topics.alpha", "fast")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topics.alpha");
    }

    @Test
    void unparseableInputIsRecognisedNotThrown() {
        assertThat(EnrichedPostDeserializer.parse("{not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EnrichedPostDeserializer.parse(new byte[0])).isNull();
        assertThat(EnrichedPostDeserializer.parse("{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EnrichedPostDeserializer.parse("{\"id\":\"1\",\"platform\":\"mars\",\"created_at\":1}"
                .getBytes(StandardCharsets.UTF_8))).isNull();
        EnrichedPost p = EnrichedPostDeserializer.parse(
                "{\"id\":\"1\",\"platform\":\"weibo\",\"created_at\":\"2026-07-12T08:00:00+08:00\",\"keywords\":[\"暴雨\"]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(p).isNotNull();
        assertThat(p.keywords()).containsExactly("暴雨");
    }

    @Test
    void termsAreHashtagsKeywordsPlacesAndOrganisationsButNotPeople() {
        EnrichedPost p = new EnrichedPost("1", Platform.WEIBO, "t", null, Instant.EPOCH, new Author("a", null, null, true),
                null, 0, 0, 0, null, null, "zh", List.of("暴雨", "的"), List.of("暴雨", "积水"), List.of("#广州暴雨#"),
                null, null, new Entities(List.of("广州"), List.of("气象台"), List.of("张三")), null, null, null, null,
                Instant.EPOCH);
        assertThat(TermExtractor.terms(p, 12)).containsExactly("广州暴雨", "暴雨", "积水", "广州", "气象台");
        assertThat(TermExtractor.terms(p, 2)).containsExactly("广州暴雨", "暴雨");
    }

    @Test
    void repostsAreNotCopies() {
        EnrichedPost original = new EnrichedPost("1", Platform.WEIBO, "t", null, Instant.EPOCH, new Author("a", null, null, null),
                null, 0, 0, 0, null, null, "zh", null, null, null, null, null, null, null, null, "f", "c1", Instant.EPOCH);
        EnrichedPost copy = new EnrichedPost("2", Platform.WEIBO, "t", null, Instant.EPOCH, new Author("b", null, null, null),
                null, 0, 0, 0, null, null, "zh", null, null, null, null, null, null, null, null, "f", "c1", Instant.EPOCH);
        EnrichedPost repost = new EnrichedPost("3", Platform.WEIBO, "t", null, Instant.EPOCH, new Author("c", null, null, null),
                null, 0, 0, 0, "1", null, "zh", null, null, null, null, null, null, null, null, "f", "c1", Instant.EPOCH);
        assertThat(PostDigest.of(original, List.of()).clusterHash()).isEqualTo(PostDigest.of(copy, List.of()).clusterHash());
        assertThat(PostDigest.of(repost, List.of()).clusterHash()).isNotEqualTo(PostDigest.of(original, List.of()).clusterHash());
        assertThat(PostDigest.of(repost, List.of()).original()).isFalse();
    }

    @Test
    void snapshotsAreStoredUnderTopicAndWindowEndNewestFirst() {
        Instant end = Instant.parse("2026-07-12T01:00:00Z");
        TopicSnapshot s = new TopicSnapshot("tp-0123456789ab", "t", List.of("暴雨"), end.minusSeconds(600), end,
                end.minusSeconds(900), Lifecycle.RISING, 10, 9, 8, 1, 0.1, Map.of("weibo", 10L), Map.of(), 12.5, 1.0,
                List.of());
        String key = TopicTrendTable.rowKeyString(s.topicId(), end);
        assertThat(key).startsWith(TopicTrendTable.prefix("tp-0123456789ab")).hasSize("tp-0123456789ab|".length() + 19);
        assertThat(TopicTrendTable.windowEnd(key)).isEqualTo(end);
        // newer windows sort first within the topic's prefix
        assertThat(TopicTrendTable.rowKeyString(s.topicId(), end.plusSeconds(60))).isLessThan(key);
        assertThat(new String(TopicWrites.toRow(s).row(), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(TopicWrites.indexFor("topics", end)).isEqualTo("topics-2026.07");
        assertThat(TopicWrites.documentId(s)).isEqualTo("tp-0123456789ab|" + end.toEpochMilli());
        var doc = TopicWrites.toDocument("topics").apply(s);
        assertThat(Json.fromBytes(doc.json(), TopicSnapshot.class)).isEqualTo(s);
    }
}
