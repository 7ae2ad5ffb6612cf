package io.yuqing.radar.local.sql;

import io.yuqing.radar.jobs.archive.ArchiveConfig;
import io.yuqing.radar.jobs.archive.ArchiveDdl;
import io.yuqing.radar.jobs.archive.ArchiveRetention;
import io.yuqing.radar.jobs.archive.ArchiveTable;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Settings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./radar-sql}: Flink SQL (batch) over the archive. With a statement, runs it and prints the
 * answer; with none, a prompt that runs each statement ended by {@code ;}. Also prints the tables'
 * DDL for Hive, Spark and Trino, and removes partitions past retention.
 */
public final class RadarSql {
    /** Where the local stack (./radar-local) keeps its archive: its HDFS on the default port. */
    public static final String LOCAL_ARCHIVE = "hdfs://127.0.0.1:8020/yuqing/archive";

    static final String USAGE = """
            Usage: ./radar-sql [options] ["SELECT …"]
                   ./radar-sql --ddl flink|hive|spark|trino
                   ./radar-sql --retention [--dry-run]

            Runs Flink SQL in batch mode over the archive's tables posts, topics and alerts (columns
            from the contracts, see docs/analytics.md), each partitioned by dt ('yyyy-MM-dd') and
            `hour` ('HH'), China time: a WHERE on them reads only those partitions. `hour` is a
            reserved word in Flink SQL; write it in backquotes. With no statement: a prompt, each
            statement ended by ';' (quit with Ctrl-D).

              --archive URI     the archive (default: archive.uri of the settings, else the local
                                stack's, %s)
              --config FILE     settings file (as the jobs'; YUQING_* variables apply too)
              --format F        table (aligned, default), csv or json (one object per line)
              --ddl DIALECT     print CREATE TABLE statements for flink, hive, spark or trino and exit
              --retention       remove day partitions older than archive.retention-days (now %s)
              --dry-run         with --retention: list them, remove nothing
            """;

    private RadarSql() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String archive = null;
        String config = null;
        ResultPrinter.Format format = ResultPrinter.Format.TABLE;
        String ddl = null;
        boolean retention = false;
        boolean dryRun = false;
        List<String> statements = new ArrayList<>();
        Settings defaults = Settings.defaults();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--archive" -> archive = value(args, ++i, "--archive");
                    case "--config" -> config = value(args, ++i, "--config");
                    case "--format" -> format = ResultPrinter.format(value(args, ++i, "--format"));
                    case "--ddl" -> ddl = value(args, ++i, "--ddl");
                    case "--retention" -> retention = true;
                    case "--dry-run" -> dryRun = true;
                    case "-h", "--help" -> {
                        out.printf(USAGE, LOCAL_ARCHIVE, defaults.get("archive.retention-days"));
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        statements.add(args[i]);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("radar-sql: " + e.getMessage());
            err.printf(USAGE, LOCAL_ARCHIVE, defaults.get("archive.retention-days"));
            return 2;
        }
        Settings settings = config == null ? Settings.fromArgs(new String[0]) : Settings.fromArgs(new String[] {"--config", config});
        String uri = archive != null ? archive : settings.get("archive.uri").isBlank() ? LOCAL_ARCHIVE : settings.get("archive.uri");

        if (ddl != null) {
            ArchiveDdl.Dialect d = ArchiveDdl.dialect(ddl);
            for (ArchiveTable t : ArchiveTable.values()) {
                out.println(ArchiveDdl.create(t, uri, d) + (d == ArchiveDdl.Dialect.FLINK ? ";" : ""));
                out.println();
            }
            return 0;
        }
        if (retention) {
            ArchiveConfig c = ArchiveConfig.from(settings.with("archive.uri", uri));
            var removed = ArchiveRetention.run(c, LocalDate.now(Json.CHINA), dryRun);
            for (var p : removed) {
                out.println((dryRun ? "would remove " : "removed ") + p);
            }
            out.println(removed.size() + " partitions past " + c.retentionDays() + " days"
                    + (dryRun ? " (dry run: nothing removed)" : " removed"));
            return 0;
        }

        ArchiveSql sql = new ArchiveSql(uri);
        if (!statements.isEmpty()) {
            boolean ok = true;
            for (String s : statements) {
                ok &= execute(sql, s, format, out, err);
            }
            return ok ? 0 : 1;
        }
        prompt(sql, uri, format, out, err);
        return 0;
    }

    private static void prompt(ArchiveSql sql, String uri, ResultPrinter.Format format, PrintStream out, PrintStream err)
            throws Exception {
        err.println("radar-sql over " + uri + ": tables posts, topics, alerts, case_events, case_reminders. End a statement with ';', Ctrl-D quits.");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        while (true) {
            err.print(pending.length() == 0 ? "radar-sql> " : "       -> ");
            err.flush();
            String line = in.readLine();
            if (line == null) {
                return;
            }
            pending.append(line).append('\n');
            String text = pending.toString().trim();
            if (text.endsWith(";")) {
                pending.setLength(0);
                String stmt = text.substring(0, text.length() - 1).trim();
                if (stmt.equalsIgnoreCase("quit") || stmt.equalsIgnoreCase("exit")) {
                    return;
                }
                if (!stmt.isEmpty()) {
                    execute(sql, stmt, format, out, err);
                }
            }
        }
    }

    private static boolean execute(ArchiveSql sql, String statement, ResultPrinter.Format format, PrintStream out,
                                   PrintStream err) {
        String s = statement.trim();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1);
        }
        ResultPrinter[] printer = new ResultPrinter[1];
        long t0 = System.nanoTime();
        try {
            PrintStream progress = System.console() != null ? err : null;
            List<String> columns = sql.run(s, row -> {
                if (printer[0] == null) {
                    throw new IllegalStateException("no columns yet");
                }
                printer[0].row(row);
            }, progress, cols -> printer[0] = new ResultPrinter(format, out, cols));
            if (printer[0] == null) {
                printer[0] = new ResultPrinter(format, out, columns);
            }
            printer[0].finish();
            if (format == ResultPrinter.Format.TABLE) {
                err.printf("(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
            }
            return true;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("radar-sql: " + firstLine(e.getMessage()) + (root != e ? "\n  cause: " + firstLine(root.getMessage()) : ""));
            return false;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

}
