package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.TopicSnapshot;
import io.yuqing.radar.schemas.TopicTrendTable;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A topic's history from {@code topic_trend}: one prefix scan of {@code <topic id>|}, which the
 * reversed window end in the row key already orders newest first. Reads {@code t:json} only.
 */
final class HBaseTopicHistory implements TopicReads.TopicHistory {
    private final Connection connection;
    private final TableName table;
    private final int timeoutMs;

    HBaseTopicHistory(Connection connection, String table, Duration timeout) {
        this.connection = connection;
        this.table = TableName.valueOf(table);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    /** A cheap round trip for /ready: a one-row scan of a prefix no topic id has. */
    void probe() throws IOException {
        try (Table t = openTable();
             ResultScanner rs = t.getScanner(new Scan()
                     .setStartStopRowForPrefixScan("\u0000yuqing-ready-probe|".getBytes(StandardCharsets.UTF_8))
                     .setLimit(1))) {
            rs.next();
        }
    }

    private Table openTable() {
        return connection.getTableBuilder(table, null)
                .setOperationTimeout(timeoutMs)
                .setReadRpcTimeout(timeoutMs)
                .build();
    }

    @Override
    public List<TopicSnapshot> history(String topicId, int limit) throws IOException {
        Scan scan = new Scan()
                .setStartStopRowForPrefixScan(TopicTrendTable.prefix(topicId).getBytes(StandardCharsets.UTF_8))
                .addColumn(TopicTrendTable.FAMILY, TopicTrendTable.JSON)
                .setLimit(limit)
                .setCaching(Math.min(limit, 500));
        List<TopicSnapshot> out = new ArrayList<>();
        try (Table t = openTable();
             ResultScanner rs = t.getScanner(scan)) {
            for (Result r : rs) {
                byte[] json = r.getValue(TopicTrendTable.FAMILY, TopicTrendTable.JSON);
                if (json != null) {
                    out.add(Json.fromBytes(json, TopicSnapshot.class));
                }
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }
}
