package io.yuqing.radar.connectors.hbase;

import io.yuqing.radar.connectors.BatchingSink;
import io.yuqing.radar.connectors.SinkBatching;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;

import java.util.Collection;
import java.util.List;

/**
 * Writes rows to an HBase table through the asynchronous client. With idempotent row keys and a
 * flush on every checkpoint, the table ends up with exactly one row per input, whatever the
 * restarts.
 */
public final class HBaseSink<T> extends BatchingSink<T, HBaseRow> {
    private final HBaseSinkConfig config;

    public HBaseSink(HBaseSinkConfig config, SerializableFunction<T, HBaseRow> toRow, SinkBatching batching) {
        super(toRow, batching);
        this.config = config;
    }

    public static <T> HBaseSink<T> of(HBaseSinkConfig config, SerializableFunction<T, HBaseRow> toRow) {
        return new HBaseSink<>(config, toRow, SinkBatching.defaults());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<HBaseRow>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<HBaseRow>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<HBaseRow>> recovered) {
        return new HBaseSinkWriter<>(getElementConverter(), context, writerConfiguration(), recovered, config);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<HBaseRow>> getWriterStateSerializer() {
        return new HBaseRowStateSerializer();
    }
}
