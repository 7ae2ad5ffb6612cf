package io.yuqing.radar.jobs.archive;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.table.data.RowData;

/** A row's partition, {@code dt=YYYY-MM-DD/hour=HH} of its time column in China time. */
final class HourPartitions implements BucketAssigner<RowData, String> {
    private final int timeField;

    HourPartitions(int timeField) {
        if (timeField < 0) {
            throw new IllegalArgumentException("the table has no time column to partition by");
        }
        this.timeField = timeField;
    }

    @Override
    public String getBucketId(RowData row, Context context) {
        Long ts = context.timestamp();
        return ArchiveRows.partition(row, timeField, ts != null ? ts : context.currentProcessingTime());
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
