package io.yuqing.radar.connectors;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.elasticsearch.ElasticsearchSink;
import io.yuqing.radar.connectors.elasticsearch.EsDocument;
import io.yuqing.radar.connectors.hbase.HBaseRow;
import io.yuqing.radar.connectors.hbase.HBaseSink;
import io.yuqing.radar.connectors.hbase.HBaseSinkConfig;
import io.yuqing.radar.connectors.posts.PostJson;
import io.yuqing.radar.connectors.posts.PostWrites;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.PostsTable;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sinks keep in a checkpoint must come back intact, or a restore would lose writes. */
class SinkStateTest {
    private static final EnrichedPost POST = new EnrichedPost("4830001", Platform.WEIBO, "暴雨导致城区多处积水", null,
            Instant.parse("2026-11-30T16:30:00Z"), new Author("u1", "晴天小鱼", 12L, false), null, 1, 2, 3, null,
            "湖北 武汉", "zh", List.of("暴雨", "积水"), List.of("积水"), List.of(), List.of(), List.of(),
            new Entities(List.of("武汉"), List.of(), List.of()), null, null, null, null, Instant.parse("2026-11-30T16:30:01Z"));

    @Test
    void bufferedHBaseRowsSurviveACheckpoint() throws Exception {
        HBaseRow row = PostWrites.toRow(PostJson.of(POST));
        SimpleVersionedSerializer<BufferedRequestState<HBaseRow>> s =
                HBaseSink.of(HBaseSinkConfig.of("127.0.0.1:2181", "posts"), PostWrites::toRow).getWriterStateSerializer();
        BufferedRequestState<HBaseRow> restored = s.deserialize(s.getVersion(),
                s.serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(row, row.sizeInBytes())))));
        HBaseRow back = restored.getBufferedRequestEntries().get(0).getRequestEntry();
        assertThat(back.row()).isEqualTo(PostsTable.rowKey("4830001"));
        assertThat(back.cells()).hasSize(row.cells().size());
        for (int i = 0; i < row.cells().size(); i++) {
            assertThat(back.cells().get(i).qualifier()).isEqualTo(row.cells().get(i).qualifier());
            assertThat(back.cells().get(i).value()).isEqualTo(row.cells().get(i).value());
        }
    }

    @Test
    void bufferedDocumentsSurviveACheckpoint() throws Exception {
        EsDocument doc = PostWrites.toDocument("posts").apply(PostJson.of(POST));
        SimpleVersionedSerializer<BufferedRequestState<EsDocument>> s = ElasticsearchSink
                .of(ElasticsearchConfig.of("http://127.0.0.1:9200"), PostWrites.toDocument("posts")).getWriterStateSerializer();
        EsDocument back = s.deserialize(s.getVersion(), s.serialize(new BufferedRequestState<>(
                List.of(new RequestEntryWrapper<>(doc, doc.json().length))))).getBufferedRequestEntries().get(0).getRequestEntry();
        assertThat(back.index()).isEqualTo("posts-2026.12"); // 2026-12-01 00:30 China time
        assertThat(back.id()).isEqualTo("4830001");
        assertThat(Json.fromBytes(back.json(), EnrichedPost.class)).isEqualTo(POST);
    }

    @Test
    void theRowCarriesTheFullDocumentAndScanFriendlyColumns() {
        HBaseRow row = PostWrites.toRow(PostJson.of(POST));
        assertThat(row.family()).isEqualTo(PostsTable.FAMILY);
        assertThat(row.cells()).extracting(c -> new String(c.qualifier(), StandardCharsets.UTF_8))
                .containsExactly("json", "platform", "created_at", "text");
        assertThat(Json.fromBytes(row.cells().get(0).value(), EnrichedPost.class)).isEqualTo(POST);
        assertThat(new String(row.cells().get(2).value(), StandardCharsets.UTF_8)).isEqualTo("2026-12-01T00:30:00+08:00");
    }
}
