package io.yuqing.radar.local.sql;

import io.yuqing.radar.jobs.archive.ArchiveDdl;
import io.yuqing.radar.jobs.archive.ArchiveTable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Flink SQL in batch mode over the archive: the tables {@code posts}, {@code topics}, {@code alerts},
 * {@code case_events} and {@code case_reminders} registered from the contracts ({@link ArchiveDdl}), partitioned by {@code dt} and
 * {@code hour}, so a filter on them reads only those directories.
 */
public final class ArchiveSql {
    private final TableEnvironment tables;

    public ArchiveSql(String archiveUri) {
        Configuration conf = new Configuration();
        // a query over a day of posts is small: two slots keep a 2-core machine responsive
        conf.setString("parallelism.default", "2");
        conf.setString("table.exec.resource.default-parallelism", "2");
        tables = TableEnvironment.create(EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
        for (ArchiveTable t : ArchiveTable.values()) {
            ensureDirectory(archiveUri + "/" + t.tableName());
            tables.executeSql(ArchiveDdl.create(t, archiveUri, ArchiveDdl.Dialect.FLINK));
        }
    }

    /**
     * A table nothing was written to yet (no alert or case event so far) has no directory, and Flink
     * refuses to scan a path that does not exist: an empty one reads as no rows.
     */
    private static void ensureDirectory(String uri) {
        try {
            org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(uri);
            org.apache.flink.core.fs.FileSystem fs = dir.getFileSystem();
            if (!fs.exists(dir)) {
                fs.mkdirs(dir);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot reach the archive table " + uri + ": " + e.getMessage(), e);
        }
    }

    /** A query's column names and rows. */
    public record Result(List<String> columns, List<Object[]> rows) {}

    /** Runs {@code sql} and returns every row (for tests and small answers). */
    public Result query(String sql) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        List<String> columns = run(sql, rows::add, null);
        return new Result(columns, rows);
    }

    /**
     * Runs {@code sql}, handing each row to {@code rows}; with {@code progress}, a line on it every
     * two seconds while the scan runs (rows so far, time taken).
     *
     * @return the column names
     */
    public List<String> run(String sql, Consumer<Object[]> rows, PrintStream progress) throws Exception {
        return run(sql, rows, progress, cols -> { });
    }

    /** As above; {@code header} gets the column names before the first row. */
    public List<String> run(String sql, Consumer<Object[]> rows, PrintStream progress, Consumer<List<String>> header)
            throws Exception {
        TableResult r = tables.executeSql(sql);
        List<String> columns = r.getResolvedSchema().getColumnNames();
        header.accept(columns);
        long t0 = System.nanoTime();
        long[] seen = {0};
        Thread ticker = null;
        if (progress != null) {
            ticker = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(2000);
                        progress.printf("\r  … %d rows, %d s", seen[0], Duration.ofNanos(System.nanoTime() - t0).toSeconds());
                        progress.flush();
                    }
                } catch (InterruptedException done) {
                    progress.print("\r" + " ".repeat(40) + "\r");
                    progress.flush();
                }
            }, "radar-sql-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
        try (CloseableIterator<Row> it = r.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                Object[] v = new Object[row.getArity()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = row.getField(i);
                }
                seen[0]++;
                rows.accept(v);
            }
        } finally {
            if (ticker != null) {
                ticker.interrupt();
                ticker.join(1000);
            }
        }
        return columns;
    }
}
