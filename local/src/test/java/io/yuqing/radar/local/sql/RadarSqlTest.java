package io.yuqing.radar.local.sql;

import io.yuqing.radar.jobs.archive.ArchiveRows;
import io.yuqing.radar.jobs.archive.ArchiveSchema;
import io.yuqing.radar.jobs.archive.ArchiveTable;
import io.yuqing.radar.jobs.archive.ParquetRows;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * radar-sql over a small archive on file:// written with the archive job's own Parquet writer:
 * the three output formats, a hidden in-progress file that must not count, the analytics guide's
 * worked queries, and retention. (Partition pruning on the real archive: ArchiveIT.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RadarSqlTest {
    @TempDir
    static Path dir;
    String uri;

    @BeforeAll
    void writeArchive() throws Exception {
        uri = dir.resolve("archive").toUri().toString();
        write("dt=2026-07-12/hour=08/part-0.parquet",
                post("w1", "weibo", "2026-07-12T08:05:00+08:00", "广州暴雨,天河路口积水没过小腿", "negative", "广东"),
                post("w2", "weibo", "2026-07-12T08:40:00+08:00", "地铁口排起长队,大家注意安全", "negative", "广东"),
                post("n1", "news", "2026-07-12T08:50:00+08:00", "广州市启动防汛四级应急响应", "neutral", "广东"));
        write("dt=2026-07-12/hour=09/part-0.parquet",
                post("w3", "weibo", "2026-07-12T09:10:00+08:00", "小区地下车库进水了,物业在抽水", "negative", "广东"));
        write("dt=2026-07-13/hour=10/part-0.parquet",
                post("f1", "forum", "2026-07-13T10:00:00+08:00", "食堂饭菜有异味,学生家长要求说法", "negative", "江苏"));
        writeTable(ArchiveTable.TOPICS, "dt=2026-07-12/hour=09/part-0.parquet",
                snapshot("tp-3fa9c1d2", "广州暴雨 天河积水", "2026-07-12T08:50:00+08:00", "2026-07-12T09:00:00+08:00", 40, 12),
                snapshot("tp-3fa9c1d2", "广州暴雨 天河积水", "2026-07-12T08:50:00+08:00", "2026-07-12T09:30:00+08:00", 90, 20));
        writeTable(ArchiveTable.TOPICS, "dt=2026-07-12/hour=11/part-0.parquet",
                snapshot("tp-3fa9c1d2", "广州暴雨 天河积水", "2026-07-12T08:50:00+08:00", "2026-07-12T11:10:00+08:00", 30, 15));
        writeTable(ArchiveTable.ALERTS, "dt=2026-07-12/hour=09/part-0.parquet",
                "{\"alert_id\":\"tp-3fa9c1d2-1\",\"topic_id\":\"tp-3fa9c1d2\",\"report_seq\":1,\"level\":\"yellow\","
                        + "\"level_cn\":\"较大\",\"title\":\"广州暴雨 天河积水\",\"window_end\":\"2026-07-12T09:00:00+08:00\","
                        + "\"detected_at\":\"2026-07-12T09:00:31+08:00\",\"post_count\":40,\"reasons\":[{\"rule\":\"category.disaster\","
                        + "\"value\":1,\"threshold\":1}]}");
        // what a writer leaves before its checkpoint completes: hidden, never read
        write("dt=2026-07-13/hour=10/.part-1.parquet.inprogress.0b1c",
                post("x1", "weibo", "2026-07-13T10:30:00+08:00", "尚未提交的帖子", "negative", "江苏"));
    }

    private void write(String relative, String... posts) throws Exception {
        writeTable(ArchiveTable.POSTS, relative, posts);
    }

    private void writeTable(ArchiveTable table, String relative, String... posts) throws Exception {
        RowType type = ArchiveSchema.rowType(table);
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri + "/" + table.tableName() + "/" + relative);
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<RowData> w = ParquetRows.writer(type).create(out);
            for (String p : posts) {
                w.addElement(ArchiveRows.parse(p.getBytes(StandardCharsets.UTF_8), type));
            }
            w.finish();
        }
    }

    private static String snapshot(String id, String title, String firstSeen, String end, int posts, int originals) {
        return "{\"topic_id\":\"" + id + "\",\"title\":\"" + title + "\",\"first_seen_at\":\"" + firstSeen
                + "\",\"window_start\":\"" + end + "\",\"window_end\":\"" + end + "\",\"lifecycle\":\"rising\","
                + "\"post_count\":" + posts + ",\"original_count\":" + originals + ",\"category\":\"disaster\","
                + "\"regions\":{\"广东\":" + posts + "},\"platforms\":{\"weibo\":" + posts + "},\"keywords\":[\"暴雨\"]}";
    }

    private static String post(String id, String platform, String at, String text, String sentiment, String province) {
        return "{\"id\":\"" + id + "\",\"platform\":\"" + platform + "\",\"created_at\":\"" + at + "\",\"text\":\"" + text
                + "\",\"sentiment\":\"" + sentiment + "\",\"sentiment_score\":-0.5,\"province\":\"" + province
                + "\",\"reposts\":3,\"comments\":1,\"likes\":9,\"author\":{\"id\":\"u-" + id + "\",\"followers\":120},"
                + "\"keywords\":[\"暴雨\",\"积水\"],\"terms\":[],\"hashtags\":[],\"mentions\":[],\"urls\":[],"
                + "\"entities\":{\"places\":[\"广州\"],\"organizations\":[],\"people\":[]},"
                + "\"enriched_at\":\"" + at + "\"}";
    }

    private String[] run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--archive";
        all[1] = uri;
        System.arraycopy(args, 0, all, 2, args.length);
        int code = RadarSql.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void tableCsvAndJsonOfOneQuery() throws Exception {
        String q = "SELECT dt, province, COUNT(*) AS posts, SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) AS negative "
                + "FROM posts GROUP BY dt, province ORDER BY dt";
        String[] table = run(q);
        assertThat(table[0]).as(table[2]).isEqualTo("0");
        assertThat(table[1].lines().toList()).containsExactly(
                "+------------+----------+-------+----------+",
                "| dt         | province | posts | negative |",
                "+------------+----------+-------+----------+",
                "| 2026-07-12 | 广东     |     4 |        3 |",
                "| 2026-07-13 | 江苏     |     1 |        1 |",
                "+------------+----------+-------+----------+",
                "2 rows");

        String[] csv = run("--format", "csv", q);
        assertThat(csv[1].lines().toList()).containsExactly("dt,province,posts,negative", "2026-07-12,广东,4,3", "2026-07-13,江苏,1,1");

        String[] json = run("--format", "json", "SELECT id, author, keywords, created_at FROM posts WHERE id = 'w1'");
        assertThat(json[1].trim()).isEqualTo("{\"id\":\"w1\",\"author\":{\"id\":\"u-w1\",\"name\":null,\"followers\":120,"
                + "\"verified\":null},\"keywords\":[\"暴雨\",\"积水\"],\"created_at\":\"2026-07-12 08:05:00\"}");
    }

    /** Every ```sql block of docs/analytics.md runs on this archive and answers with rows. */
    @Test
    void theWorkedQueriesOfTheAnalyticsGuideRun() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "analytics.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```sql\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(doc);
        int n = 0;
        while (m.find()) {
            String q = m.group(1).trim();
            if (q.contains("read_parquet")) {
                continue; // DuckDB's, not Flink's
            }
            String[] r = run("--format", "csv", q);
            assertThat(r[0]).as("%s\n%s", q, r[2]).isEqualTo("0");
            assertThat(r[1].lines().count()).as("rows of %s", q).isGreaterThan(1);
            System.out.println(q.lines().findFirst().orElse("") + " …\n" + r[1]);
            n++;
        }
        assertThat(n).isEqualTo(5);
    }

    @Test
    void aTableNothingWasWrittenToYetReadsAsNoRows() throws Exception {
        // no case event or reminder in this archive (as on a stack without the cases job's output yet)
        String[] r = run("--format", "csv", "SELECT type, COUNT(*) AS n FROM case_events GROUP BY type");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1].lines().toList()).containsExactly("type,n");
    }

    @Test
    void aBadStatementSaysWhyAndExitsOne() throws Exception {
        String[] r = run("SELECT nonsense FROM posts");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("radar-sql:").contains("nonsense");
    }

    @Test
    void retentionRemovesOnlyDaysPastTheLimit() throws Exception {
        Path other = dir.resolve("retention");
        for (String d : List.of("posts/dt=2020-01-01/hour=00", "posts/dt=2099-01-01/hour=00", "alerts/dt=2020-01-02/hour=05",
                "posts/notes")) {
            Files.createDirectories(other.resolve(d));
        }
        String otherUri = other.toUri().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = RadarSql.run(new String[] {"--archive", otherUri, "--retention", "--dry-run"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("would remove").contains("2 partitions past 400 days");
        assertThat(other.resolve("posts/dt=2020-01-01")).exists();

        out.reset();
        RadarSql.run(new String[] {"--archive", otherUri, "--retention"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(other.resolve("posts/dt=2020-01-01")).doesNotExist();
        assertThat(other.resolve("alerts/dt=2020-01-02")).doesNotExist();
        assertThat(other.resolve("posts/dt=2099-01-01")).exists();
        assertThat(other.resolve("posts/notes")).exists();
    }
}
