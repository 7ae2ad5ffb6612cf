package io.yuqing.radar.connectors.hbase;

import io.yuqing.radar.connectors.RetryBackoff;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.AsyncTable;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

final class HBaseSinkWriter<T> extends AsyncSinkWriter<T, HBaseRow> {
    private static final Logger LOG = LoggerFactory.getLogger(HBaseSinkWriter.class);

    private final AsyncConnection connection;
    private final AsyncTable<?> table;
    private final TableName tableName;
    private final Counter retriedRows;
    private final Counter writtenRows;
    private final RetryBackoff backoff = new RetryBackoff();

    HBaseSinkWriter(ElementConverter<T, HBaseRow> converter, WriterInitContext context,
                    AsyncSinkWriterConfiguration configuration,
                    Collection<BufferedRequestState<HBaseRow>> recovered, HBaseSinkConfig config) {
        super(converter, context, configuration, recovered);
        this.tableName = TableName.valueOf(config.table());
        try {
            this.connection = ConnectionFactory.createAsyncConnection(config.toConfiguration()).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to HBase at " + config.zookeeperQuorum() + ":"
                    + config.zookeeperPort(), e);
        }
        this.table = connection.getTable(tableName);
        this.retriedRows = context.metricGroup().counter("hbaseRowsRetried");
        this.writtenRows = context.metricGroup().counter("hbaseRowsWritten");
    }

    @Override
    protected void submitRequestEntries(List<HBaseRow> rows, ResultHandler<HBaseRow> result) {
        List<Put> puts = new ArrayList<>(rows.size());
        for (HBaseRow r : rows) {
            Put put = new Put(r.row());
            for (HBaseRow.Cell c : r.cells()) {
                put.addColumn(r.family(), c.qualifier(), c.value());
            }
            puts.add(put);
        }
        List<CompletableFuture<Void>> futures = table.put(puts);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).whenComplete((ok, err) -> {
            List<HBaseRow> failed = new ArrayList<>();
            Throwable firstCause = null;
            for (int i = 0; i < futures.size(); i++) {
                if (futures.get(i).isCompletedExceptionally()) {
                    failed.add(rows.get(i));
                    if (firstCause == null) {
                        firstCause = futures.get(i).handle((v, t) -> t).join();
                    }
                }
            }
            writtenRows.inc(rows.size() - failed.size());
            if (failed.isEmpty()) {
                backoff.onSuccess();
                result.complete();
            } else if (isFatal(firstCause)) {
                result.completeExceptionally(new IOException("HBase table " + tableName + " rejected writes", firstCause));
            } else {
                retriedRows.inc(failed.size());
                if (backoff.shouldLog()) {
                    LOG.warn("{} of {} rows to {} failed ({}); re-queued with back-off ({} failures in a row)",
                            failed.size(), rows.size(), tableName, firstCause == null ? "?" : firstCause.toString(),
                            backoff.consecutiveFailures() + 1);
                }
                backoff.retryLater(() -> result.retryForEntries(failed));
            }
        });
    }

    private static boolean isFatal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TableNotFoundException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected long getSizeInBytes(HBaseRow row) {
        return row.sizeInBytes();
    }

    @Override
    public void close() {
        super.close();
        try {
            connection.close();
        } catch (IOException e) {
            LOG.warn("closing HBase connection", e);
        }
    }
}
