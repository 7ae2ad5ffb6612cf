package io.yuqing.radar.connectors;

import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.util.function.SerializableFunction;

import java.io.Serializable;

/**
 * The project's store sinks (HBase, Elasticsearch) on Flink's {@link AsyncSinkBase}: batching,
 * re-queueing of failed entries (so a store outage is back pressure, not a failed job or a lost
 * write) and a flush of everything buffered on each checkpoint.
 */
public abstract class BatchingSink<T, E extends Serializable> extends AsyncSinkBase<T, E> {

    protected BatchingSink(SerializableFunction<T, E> toEntry, SinkBatching b) {
        super((ElementConverter<T, E>) (element, ctx) -> toEntry.apply(element),
                b.maxBatchSize(), b.maxInFlightRequests(), b.maxBufferedRequests(),
                b.maxBatchSizeInBytes(), b.maxTimeInBufferMs(), b.maxRecordSizeInBytes());
    }

    protected AsyncSinkWriterConfiguration writerConfiguration() {
        return AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .build();
    }
}
