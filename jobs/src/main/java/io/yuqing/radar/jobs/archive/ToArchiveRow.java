package io.yuqing.radar.jobs.archive;

import io.yuqing.radar.connectors.kafka.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A Kafka message as an archive row. The messages were validated by the job that wrote them, so
 * one that does not read is a contract break: counted ({@code archiveUnreadable}) and logged with
 * its offset, never archived half-read.
 */
final class ToArchiveRow extends RichFlatMapFunction<RawRecord, RowData> {
    private static final Logger LOG = LoggerFactory.getLogger(ToArchiveRow.class);
    private final ArchiveTable table;
    private final RowType type;
    private transient Counter unreadable;

    ToArchiveRow(ArchiveTable table, RowType type) {
        this.table = table;
        this.type = type;
    }

    @Override
    public void open(OpenContext ctx) {
        unreadable = getRuntimeContext().getMetricGroup().counter("archiveUnreadable");
    }

    @Override
    public void flatMap(RawRecord r, Collector<RowData> out) {
        try {
            out.collect(ArchiveRows.parse(r.value(), type));
        } catch (IOException | RuntimeException e) {
            unreadable.inc();
            LOG.warn("archive {}: message {}-{}@{} not archived: {}", table.tableName(), r.topic(), r.partition(),
                    r.offset(), e.getMessage());
        }
    }
}
