package io.yuqing.radar.connectors;

import java.io.Serializable;

/**
 * How a store sink batches: rows per request, requests in flight, rows buffered before back
 * pressure, and how long a row may wait for a fuller batch.
 */
public record SinkBatching(int maxBatchSize, int maxInFlightRequests, int maxBufferedRequests,
                           long maxBatchSizeInBytes, long maxTimeInBufferMs, long maxRecordSizeInBytes)
        implements Serializable {

    /** Sized for posts of a few KB on a modest cluster; a second's delay bounds freshness. */
    public static SinkBatching defaults() {
        return new SinkBatching(500, 4, 10_000, 8L << 20, 1_000, 4L << 20);
    }
}
