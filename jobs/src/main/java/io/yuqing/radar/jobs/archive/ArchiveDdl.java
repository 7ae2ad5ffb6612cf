package io.yuqing.radar.jobs.archive;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Table definitions over the archive, all from {@link ArchiveSchema}: Flink SQL (what radar-sql
 * registers) and external tables for Hive, Spark and Trino (printed by {@code ./radar-sql --ddl
 * hive|spark|trino}, shown in docs/analytics.md). Every table is partitioned by {@code dt}
 * (yyyy-MM-dd) and {@code hour} (HH), both strings, China time.
 */
public final class ArchiveDdl {
    public enum Dialect { FLINK, HIVE, SPARK, TRINO }

    private ArchiveDdl() {}

    /** The statement that registers {@code table} over {@code <archiveUri>/<table>} in {@code dialect}. */
    public static String create(ArchiveTable table, String archiveUri, Dialect dialect) {
        RowType type = ArchiveSchema.rowType(table);
        String location = archiveUri + "/" + table.tableName();
        List<String> cols = new ArrayList<>();
        for (RowType.RowField f : type.getFields()) {
            cols.add("  " + quote(f.getName(), dialect) + " " + typeName(f.getType(), dialect));
        }
        String name = table.tableName();
        return switch (dialect) {
            case FLINK -> "CREATE TABLE IF NOT EXISTS " + quote(name, dialect) + " (\n" + String.join(",\n", cols)
                    + ",\n  `dt` STRING,\n  `hour` STRING\n) PARTITIONED BY (`dt`, `hour`) WITH (\n"
                    + "  'connector' = 'filesystem',\n  'path' = '" + location + "',\n  'format' = 'parquet',\n"
                    // INT96 timestamps hold China wall-clock time written as UTC (ParquetRows)
                    + "  'parquet.utc-timezone' = 'true'\n)";
            case HIVE -> "CREATE EXTERNAL TABLE IF NOT EXISTS yuqing." + name + " (\n" + String.join(",\n", cols)
                    + "\n)\nPARTITIONED BY (dt STRING, `hour` STRING)\nSTORED AS PARQUET\nLOCATION '" + location + "';\n"
                    + "MSCK REPAIR TABLE yuqing." + name + ";";
            case SPARK -> "CREATE TABLE IF NOT EXISTS yuqing." + name + " (\n" + String.join(",\n", cols)
                    + ",\n  dt STRING,\n  `hour` STRING\n)\nUSING PARQUET\nPARTITIONED BY (dt, `hour`)\nLOCATION '"
                    + location + "';\nMSCK REPAIR TABLE yuqing." + name + ";";
            case TRINO -> "CREATE TABLE IF NOT EXISTS hive.yuqing." + name + " (\n" + String.join(",\n", cols)
                    + ",\n  dt VARCHAR,\n  \"hour\" VARCHAR\n)\nWITH (\n  external_location = '" + location
                    + "',\n  format = 'PARQUET',\n  partitioned_by = ARRAY['dt', 'hour']\n);\n"
                    + "CALL hive.system.sync_partition_metadata('yuqing', '" + name + "', 'ADD');";
        };
    }

    static String typeName(LogicalType t, Dialect d) {
        switch (t.getTypeRoot()) {
            case VARCHAR:
            case CHAR:
                return d == Dialect.TRINO ? "VARCHAR" : "STRING";
            case BIGINT:
                return "BIGINT";
            case DOUBLE:
                return "DOUBLE";
            case BOOLEAN:
                return "BOOLEAN";
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return d == Dialect.FLINK ? "TIMESTAMP(3)" : d == Dialect.TRINO ? "TIMESTAMP(3)" : "TIMESTAMP";
            case ARRAY: {
                String item = typeName(((ArrayType) t).getElementType(), d);
                return d == Dialect.TRINO ? "ARRAY(" + item + ")" : "ARRAY<" + item + ">";
            }
            case MAP: {
                MapType m = (MapType) t;
                String k = typeName(m.getKeyType(), d);
                String v = typeName(m.getValueType(), d);
                return d == Dialect.TRINO ? "MAP(" + k + ", " + v + ")" : "MAP<" + k + ", " + v + ">";
            }
            case ROW: {
                RowType r = (RowType) t;
                String fields = r.getFields().stream()
                        .map(f -> d == Dialect.TRINO ? quote(f.getName(), d) + " " + typeName(f.getType(), d)
                                : d == Dialect.FLINK ? quote(f.getName(), d) + " " + typeName(f.getType(), d)
                                : quote(f.getName(), d) + ": " + typeName(f.getType(), d))
                        .collect(Collectors.joining(", "));
                return d == Dialect.TRINO ? "ROW(" + fields + ")" : d == Dialect.FLINK ? "ROW<" + fields + ">" : "STRUCT<" + fields + ">";
            }
            default:
                throw new IllegalStateException("no " + d + " type for " + t);
        }
    }

    private static String quote(String name, Dialect d) {
        return d == Dialect.TRINO ? "\"" + name + "\"" : "`" + name + "`";
    }

    public static Dialect dialect(String name) {
        try {
            return Dialect.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ddl takes flink, hive, spark or trino, got '" + name + "'");
        }
    }
}
