package io.yuqing.radar.jobs.archive;

import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JobMain;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * The archive job: {@code yuqing.posts.enriched}, {@code yuqing.topics}, {@code yuqing.alerts} and
 * the cases job's {@code yuqing.cases.events} and {@code yuqing.cases.reminders} (read_committed) →
 * Parquet under {@code <archive.uri>/<table>/dt=…/hour=…/} ({@link ArchiveTable}), by
 * Flink's FileSink: files roll and commit with checkpoints (exactly once; until then they are
 * hidden dot-files), and a checkpoint's files are compacted into one per partition and writer
 * ({@link ArchiveConfig#compactCheckpoints}). Columns: {@link ArchiveSchema}.
 */
public final class ArchiveJob {
    public static final String NAME = "yuqing-archive";

    private ArchiveJob() {}

    /** Adds the job's operators to {@code env}; the caller configures checkpointing and executes. */
    public static void build(StreamExecutionEnvironment env, ArchiveConfig c) {
        for (ArchiveTable table : ArchiveTable.values()) {
            String topic = c.topics().get(table);
            KafkaSource<RawRecord> source = KafkaIo.rawSource(c.kafka(), topic, c.groupId() + "-" + table.tableName(),
                    c.startFromEarliest());
            DataStreamSource<RawRecord> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: " + topic);
            records.uid("archive-source-" + table.tableName());
            RowType type = ArchiveSchema.rowType(table);
            SingleOutputStreamOperator<RowData> rows = records
                    .flatMap(new ToArchiveRow(table, type), InternalTypeInfo.of(type))
                    .uid("archive-rows-" + table.tableName()).name("to archive rows: " + table.tableName());
            if (c.parallelism() > 0) {
                records.setParallelism(c.parallelism());
                rows.setParallelism(c.parallelism());
            }
            rows.sinkTo(sink(c, table, type))
                    .uid("archive-sink-" + table.tableName()).name("parquet: " + table.tableName())
                    .setParallelism(rows.getParallelism());
        }
    }

    /** One table's FileSink: Parquet, hour partitions, rolled on checkpoints, compacted. */
    public static FileSink<RowData> sink(ArchiveConfig c, ArchiveTable table, RowType type) {
        FileSink.DefaultBulkFormatBuilder<RowData> b = FileSink
                .forBulkFormat(new Path(c.tableUri(table)), ParquetRows.writer(type))
                .withBucketAssigner(new HourPartitions(type.getFieldIndex(table.timeColumn())))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build());
        if (c.compactCheckpoints() > 0) {
            b.enableCompact(FileCompactStrategy.Builder.newBuilder()
                            .enableCompactionOnCheckpoint(c.compactCheckpoints())
                            .setNumCompactThreads(1)
                            .build(),
                    new RecordWiseFileCompactor<>(ParquetRows.compactionReader(type)));
        }
        return b.build();
    }

    /** Submits the job to the cluster it runs in (flink run / the Kubernetes operator). */
    public static void main(String[] args) throws Exception {
        JobMain.run(args, NAME, (env, settings) -> build(env, ArchiveConfig.from(settings)));
    }
}
