package io.yuqing.radar.query;

import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CasesTable;
import io.yuqing.radar.schemas.Json;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code c:json} of one row of the cases table: the latest case file with its whole timeline. */
final class HBaseCaseStore implements CaseDesk.Store {
    private final Connection connection;
    private final TableName table;
    private final int timeoutMs;

    HBaseCaseStore(Connection connection, String table, Duration timeout) {
        this.connection = connection;
        this.table = TableName.valueOf(table);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public Optional<CaseFile> get(String caseId) throws IOException {
        try (Table t = connection.getTableBuilder(table, null).setOperationTimeout(timeoutMs)
                .setReadRpcTimeout(timeoutMs).build()) {
            Result r = t.get(new Get(CasesTable.rowKey(caseId)).addColumn(CasesTable.FAMILY, CasesTable.JSON));
            byte[] json = r.getValue(CasesTable.FAMILY, CasesTable.JSON);
            return json == null ? Optional.empty() : Optional.of(Json.fromBytes(json, CaseFile.class));
        }
    }
}
