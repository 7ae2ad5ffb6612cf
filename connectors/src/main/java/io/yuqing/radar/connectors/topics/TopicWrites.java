package io.yuqing.radar.connectors.topics;

import io.yuqing.radar.connectors.elasticsearch.EsDocument;
import io.yuqing.radar.connectors.hbase.HBaseRow;
import io.yuqing.radar.connectors.hbase.HBaseTables;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.MonthlyIndex;
import io.yuqing.radar.schemas.TopicSnapshot;
import io.yuqing.radar.schemas.TopicTrendTable;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.hadoop.hbase.client.Admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * How a topic snapshot is stored: its HBase {@code topic_trend} row (see {@link TopicTrendTable})
 * and its Elasticsearch document, one index per month of the window end in China time
 * ({@code topics-2026.07}), document id {@code <topic id>|<window end epoch millis>}, so a
 * replayed snapshot replaces itself. The index template is {@value #TEMPLATE_RESOURCE} (yuqing-schemas).
 */
public final class TopicWrites {
    public static final String DEFAULT_INDEX_PREFIX = "topics";
    public static final String TEMPLATE_NAME = "yuqing-topics";
    public static final String TEMPLATE_RESOURCE = "elasticsearch/topics-template.json";

    private TopicWrites() {}

    public static HBaseRow toRow(TopicSnapshot s) {
        return new HBaseRow(TopicTrendTable.rowKey(s.topicId(), s.windowEnd()), TopicTrendTable.FAMILY, List.of(
                new HBaseRow.Cell(TopicTrendTable.JSON, Json.toBytes(s)),
                new HBaseRow.Cell(TopicTrendTable.WINDOW_END, utf8(Json.formatTime(s.windowEnd()))),
                new HBaseRow.Cell(TopicTrendTable.POST_COUNT, utf8(Long.toString(s.postCount()))),
                new HBaseRow.Cell(TopicTrendTable.HEAT, utf8(Double.toString(s.heat()))),
                new HBaseRow.Cell(TopicTrendTable.LIFECYCLE, utf8(s.lifecycle().json()))));
    }

    public static SerializableFunction<TopicSnapshot, EsDocument> toDocument(String indexPrefix) {
        return s -> new EsDocument(indexFor(indexPrefix, s.windowEnd()), documentId(s), Json.toBytes(s));
    }

    public static String indexFor(String prefix, Instant windowEnd) {
        return MonthlyIndex.indexFor(prefix, windowEnd);
    }

    public static String pattern(String prefix) {
        return MonthlyIndex.pattern(prefix);
    }

    public static String documentId(TopicSnapshot s) {
        return s.topicId() + "|" + s.windowEnd().toEpochMilli();
    }

    /** Creates the topic_trend table when it is missing (pre-split on the topic id); never alters one. */
    public static void ensureTable(Admin admin, String name) throws IOException {
        HBaseTables.ensure(admin, name, TopicTrendTable.FAMILY, TopicTrendTable.splitKeys());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
