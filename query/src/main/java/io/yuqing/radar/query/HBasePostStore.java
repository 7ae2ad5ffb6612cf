package io.yuqing.radar.query;

import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsTable;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads {@code p:json} of one row of the posts table. The connection belongs to the caller; each
 * lookup takes a lightweight Table with its own timeouts, because the connection's defaults
 * (retries for minutes) would hold an HTTP request far longer than any client waits.
 */
final class HBasePostStore implements PostStore {
    private final Connection connection;
    private final TableName table;
    private final int timeoutMs;

    HBasePostStore(Connection connection, String table, Duration timeout) {
        this.connection = connection;
        this.table = TableName.valueOf(table);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public Optional<EnrichedPost> get(String id) throws IOException {
        try (Table t = openTable()) {
            Result r = t.get(new Get(PostsTable.rowKey(id)).addColumn(PostsTable.FAMILY, PostsTable.JSON));
            byte[] json = r.getValue(PostsTable.FAMILY, PostsTable.JSON);
            return json == null ? Optional.empty() : Optional.of(Json.fromBytes(json, EnrichedPost.class));
        }
    }

    /** A cheap round trip for /ready: locates the table's first region and reads a row that is never written. */
    void probe() throws IOException {
        try (Table t = openTable()) {
            t.exists(new Get(PostsTable.rowKey("\u0000yuqing-ready-probe")));
        }
    }

    String tableName() {
        return table.getNameAsString();
    }

    private Table openTable() {
        return connection.getTableBuilder(table, null)
                .setOperationTimeout(timeoutMs)
                .setReadRpcTimeout(timeoutMs)
                .build();
    }
}
