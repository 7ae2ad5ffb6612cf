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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A topic's snapshots with window ends in [from, to], from {@code topic_trend}: the row key's reversed
 * window end makes that one bounded scan, from the row of {@code to} (newest) to the row of {@code from}.
 */
final class HBaseTopicRange implements CaseDesk.TopicWindows {
    /** Two days of one-minute slides: the longest span a response effect reads (24 h each side). */
    static final int MAX_ROWS = 2 * 24 * 60 + 2;

    private final Connection connection;
    private final TableName table;
    private final int timeoutMs;

    HBaseTopicRange(Connection connection, String table, Duration timeout) {
        this.connection = connection;
        this.table = TableName.valueOf(table);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public List<TopicSnapshot> between(String topicId, Instant from, Instant to) throws IOException {
        Scan scan = new Scan()
                .withStartRow(TopicTrendTable.rowKey(topicId, to), true)
                .withStopRow(TopicTrendTable.rowKey(topicId, from), true)
                .addColumn(TopicTrendTable.FAMILY, TopicTrendTable.JSON)
                .setLimit(MAX_ROWS)
                .setCaching(500);
        List<TopicSnapshot> out = new ArrayList<>();
        try (Table t = connection.getTableBuilder(table, null).setOperationTimeout(timeoutMs)
                .setReadRpcTimeout(timeoutMs).build();
             ResultScanner rs = t.getScanner(scan)) {
            for (Result r : rs) {
                byte[] json = r.getValue(TopicTrendTable.FAMILY, TopicTrendTable.JSON);
                if (json != null) {
                    out.add(Json.fromBytes(json, TopicSnapshot.class));
                }
            }
        }
        return out;
    }
}
