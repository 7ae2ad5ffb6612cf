package io.yuqing.radar.connectors.posts;

import io.yuqing.radar.connectors.elasticsearch.EsDocument;
import io.yuqing.radar.connectors.hbase.HBaseRow;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.PostsTable;
import org.apache.flink.util.function.SerializableFunction;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How an enriched post is stored: its HBase row and its Elasticsearch document, both with the
 * post's contract JSON as {@link PostJson} carries it (written once for every output).
 */
public final class PostWrites {
    private PostWrites() {}

    /** The {@code posts} row: the full JSON plus a few plain columns for scans without parsing. */
    public static HBaseRow toRow(PostJson written) {
        EnrichedPost p = written.post();
        return new HBaseRow(PostsTable.rowKey(p.id()), PostsTable.FAMILY, List.of(
                new HBaseRow.Cell(PostsTable.JSON, written.json()),
                new HBaseRow.Cell(PostsTable.PLATFORM, utf8(p.platform().json())),
                new HBaseRow.Cell(PostsTable.CREATED_AT, utf8(Json.formatTime(p.createdAt()))),
                new HBaseRow.Cell(PostsTable.TEXT, utf8(p.text() == null ? "" : p.text()))));
    }

    public static SerializableFunction<PostJson, EsDocument> toDocument(String indexPrefix) {
        return p -> new EsDocument(PostsIndex.indexFor(indexPrefix, p.post().createdAt()), p.id(), p.json());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
