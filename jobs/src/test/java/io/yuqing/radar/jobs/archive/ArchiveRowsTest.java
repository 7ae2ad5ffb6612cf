package io.yuqing.radar.jobs.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveRowsTest {

    @Test
    void everyTableHasTheContractsPropertiesAsColumnsInOrder() {
        for (ArchiveTable t : ArchiveTable.values()) {
            JsonNode contract = ArchiveSchema.load(t.schemaResource());
            List<String> properties = new ArrayList<>();
            contract.get("properties").fieldNames().forEachRemaining(properties::add);
            RowType type = ArchiveSchema.rowType(t);
            assertThat(type.getFieldNames()).as(t.tableName()).containsExactlyElementsOf(properties);
            assertThat(type.getTypeAt(type.getFieldIndex(t.timeColumn())).getTypeRoot())
                    .isEqualTo(LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE);
        }
        RowType posts = ArchiveSchema.rowType(ArchiveTable.POSTS);
        assertThat(posts.getTypeAt(posts.getFieldIndex("author")).asSummaryString().replace(" '...'", ""))
                .isEqualTo("ROW<`id` STRING, `name` STRING, `followers` BIGINT, `verified` BOOLEAN>");
        assertThat(posts.getTypeAt(posts.getFieldIndex("keywords")).asSummaryString()).isEqualTo("ARRAY<STRING>");
        RowType topics = ArchiveSchema.rowType(ArchiveTable.TOPICS);
        assertThat(topics.getTypeAt(topics.getFieldIndex("platforms")).asSummaryString()).isEqualTo("MAP<STRING NOT NULL, BIGINT>");
        assertThat(topics.getTypeAt(topics.getFieldIndex("sample_posts")).asSummaryString().replace(" '...'", ""))
                .isEqualTo("ARRAY<ROW<`id` STRING, `url` STRING, `excerpt` STRING>>");
    }

    @Test
    void aPostIsArchivedInTheHourItWasPublishedChinaTime() throws IOException {
        RowType type = ArchiveSchema.rowType(ArchiveTable.POSTS);
        RowData row = ArchiveRows.parse(example("enriched-post.json"), type);
        assertThat(row.getString(type.getFieldIndex("text")).toString()).startsWith("#广州暴雨# 早上七点多出门");
        assertThat(row.getRow(type.getFieldIndex("author"), 4).getString(1).toString()).isEqualTo("天河打工人小陈");
        assertThat(row.getArray(type.getFieldIndex("hashtags")).getString(0).toString()).isEqualTo("广州暴雨");
        int time = type.getFieldIndex("created_at");
        assertThat(row.getTimestamp(time, 3).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-07-12T08:17:42"));
        assertThat(ArchiveRows.partition(row, time, 0)).isEqualTo("dt=2026-07-12/hour=08");

        // the same instant written in UTC lands in the China-time hour, the day after
        String utc = "{\"id\":\"p1\",\"platform\":\"weibo\",\"text\":\"深夜的暴雨\",\"created_at\":\"2026-07-12T17:05:00Z\"}";
        RowData late = ArchiveRows.parse(utc.getBytes(StandardCharsets.UTF_8), type);
        assertThat(ArchiveRows.partition(late, time, 0)).isEqualTo("dt=2026-07-13/hour=01");
        assertThat(late.isNullAt(type.getFieldIndex("author"))).isTrue();
    }

    @Test
    void aValueOfTheWrongKindMakesTheMessageUnreadable() {
        RowType type = ArchiveSchema.rowType(ArchiveTable.POSTS);
        String bad = "{\"id\":\"p2\",\"platform\":\"weibo\",\"text\":\"食堂饭菜有异味\",\"created_at\":\"2026-07-12T08:00:00+08:00\",\"reposts\":\"很多\"}";
        assertThatThrownBy(() -> ArchiveRows.parse(bad.getBytes(StandardCharsets.UTF_8), type))
                .hasMessageContaining("reposts: expected an integer");
    }

    @Test
    void rowsWrittenToParquetReadBackThroughTheCompactionReader(@TempDir java.nio.file.Path dir) throws Exception {
        for (ArchiveTable t : ArchiveTable.values()) {
            RowType type = ArchiveSchema.rowType(t);
            String file = switch (t) {
                case POSTS -> "enriched-post.json";
                case TOPICS -> "topic-snapshot.json";
                case ALERTS -> "alert-orange.json";
                case CASE_EVENTS -> "case-event-responded.json";
                case CASE_REMINDERS -> "case-reminder.json";
            };
            RowData row = ArchiveRows.parse(example(file), type);
            Path path = new Path(dir.resolve(t.tableName() + ".parquet").toUri());
            try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
                BulkWriter<RowData> w = ParquetRows.writer(type).create(out);
                w.addElement(row);
                w.addElement(row);
                w.finish();
            }
            var reader = ParquetRows.compactionReader(type).createFor(path);
            int n = 0;
            RowData back;
            String firstColumn = null;
            while ((back = reader.read()) != null) {
                n++;
                firstColumn = back.getString(0).toString();
            }
            reader.close();
            assertThat(n).as(t.tableName()).isEqualTo(2);
            assertThat(firstColumn).isEqualTo(row.getString(0).toString());
        }
    }

    private static byte[] example(String name) throws IOException {
        try (InputStream in = ArchiveRowsTest.class.getClassLoader().getResourceAsStream("schemas/examples/" + name)) {
            return in.readAllBytes();
        }
    }
}
