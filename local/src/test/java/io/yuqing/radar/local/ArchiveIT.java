package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import io.yuqing.radar.jobs.archive.ArchiveTable;
import io.yuqing.radar.local.feed.EventKind;
import io.yuqing.radar.local.feed.EventPlan;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.local.sql.ArchiveSql;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive on the real stack: generator posts with a planted event go through Kafka and the
 * enrich, topics and alerts jobs; the archive job writes what they committed as Parquet on a real
 * HDFS (its own JVM). The archive must hold every post exactly once, every committed topic
 * snapshot and alert, no visible in-progress file; radar-sql's per-day counts must equal
 * Elasticsearch's, a filter on dt/hour must read only that partition, and DuckDB, reading the same
 * Parquet files, must count what Flink SQL counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveIT {
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final long SPEEDUP = 120;

    private Path data;
    private LocalStack stack;
    private LocalArchive archive;
    private ArchiveSql sql;
    private final Set<String> sent = new HashSet<>();

    @BeforeAll
    void startStackArchiveAndFeed() throws Exception {
        data = Files.createTempDirectory("yuqing-archive-it");
        Settings settings = Settings.defaults()
                .with("topics.warmup", "PT20M").with("topics.out-of-orderness", "PT5M")
                // files visible every third checkpoint (2 s each in tests), so the test need not wait minutes
                .with("archive.compact-checkpoints", "3");
        // HDFS starts beside the other servers, as in the stack
        CompletableFuture<LocalArchive> hdfs = CompletableFuture.supplyAsync(() -> {
            try {
                return LocalArchive.startHdfs(data, 0, System.out::println);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            stack = LocalStack.start(StackOptions.forTests(data), settings);
        } finally {
            archive = hdfs.join();
        }
        archive.submit(stack.flink(), stack.settings(), 1, Duration.ofSeconds(2), null);
        sql = new ArchiveSql(archive.uri());

        // 80 minutes of event time ending now, one planted event from minute 35, at 120x (as TopicsJobIT)
        Instant start = Instant.now().minus(Duration.ofMinutes(85)).truncatedTo(ChronoUnit.MINUTES);
        EventPlan event = new EventPlan(EventKind.values()[0], null, Duration.ofMinutes(35), Duration.ofMinutes(10),
                Duration.ofMinutes(20), 40);
        PostGenerator feed = new PostGenerator(PostGenerator.Config.defaults().withStart(start)
                .withBackgroundPerMinute(25).withEvents(List.of(event)).withMalformedShare(0)
                .withDuration(Duration.ofMinutes(80)));
        try (feed; KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            long wallStart = System.nanoTime();
            while (feed.hasNext()) {
                FeedRecord r = feed.next();
                long ahead = wallStart + Duration.between(start, r.eventTime()).toNanos() / SPEEDUP - System.nanoTime();
                if (ahead > 20_000_000L) {
                    Thread.sleep(ahead / 1_000_000L);
                }
                producer.send(new ProducerRecord<>(stack.enrichConfig().rawTopic(), r.key(), r.value()));
                sent.add(r.key());
            }
            producer.flush();
        }
        System.out.println("sent " + sent.size() + " posts");
    }

    @AfterAll
    void stop() throws Exception {
        if (archive != null) {
            archive.close();
        }
        if (stack != null) {
            stack.close();
        }
        TestDirs.delete(data);
    }

    @Test
    @Order(1)
    void theArchiveHoldsEveryPostOnceAndEveryCommittedSnapshotAndAlert() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long posts = -1;
        while (System.nanoTime() < deadline) {
            posts = count("SELECT COUNT(*) FROM posts");
            System.out.println("archive: " + posts + " of " + sent.size() + " posts");
            if (posts >= sent.size()) {
                break;
            }
            Thread.sleep(5000);
        }
        List<Object[]> ids = sql.query("SELECT id, COUNT(*) AS n FROM posts GROUP BY id").rows();
        Set<String> archived = new HashSet<>();
        for (Object[] r : ids) {
            assertThat((Long) r[1]).as("copies of post %s", r[0]).isEqualTo(1L);
            archived.add((String) r[0]);
        }
        assertThat(archived).as("archived post ids").isEqualTo(sent);
        assertThat(posts).isEqualTo(sent.size());

        // snapshots and alerts: what a read_committed consumer of the topics sees, once settled
        String topicsTopic = stack.settings().get("kafka.topic.topics");
        String alertsTopic = stack.settings().get("kafka.topic.alerts");
        long kafkaTopics = 0;
        long kafkaAlerts = 0;
        long archivedTopics = -1;
        long archivedAlerts = -1;
        while (System.nanoTime() < deadline) {
            kafkaTopics = CommittedRecords.read(stack.kafkaBootstrap(), topicsTopic, Duration.ZERO).size();
            kafkaAlerts = CommittedRecords.read(stack.kafkaBootstrap(), alertsTopic, Duration.ZERO).size();
            archivedTopics = count("SELECT COUNT(*) FROM topics");
            archivedAlerts = count("SELECT COUNT(*) FROM alerts");
            System.out.printf("topics %d in Kafka, %d archived; alerts %d in Kafka, %d archived%n",
                    kafkaTopics, archivedTopics, kafkaAlerts, archivedAlerts);
            if (kafkaTopics > 0 && archivedTopics == kafkaTopics && archivedAlerts == kafkaAlerts) {
                break;
            }
            Thread.sleep(5000);
        }
        assertThat(kafkaTopics).as("topic snapshots of the planted event").isPositive();
        assertThat(archivedTopics).isEqualTo(kafkaTopics);
        assertThat(archivedAlerts).isEqualTo(kafkaAlerts);
        assertThat(count("SELECT COUNT(*) FROM (SELECT DISTINCT topic_id, window_end FROM topics)")).isEqualTo(kafkaTopics);
        assertThat(count("SELECT COUNT(DISTINCT alert_id) FROM alerts")).isEqualTo(kafkaAlerts);
    }

    @Test
    @Order(2)
    void noInProgressFileIsVisibleAndAnHourIsAFewFiles() throws Exception {
        org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(archive.uri());
        FileSystem fs = root.getFileSystem();
        Map<String, Integer> filesPerHour = new TreeMap<>();
        for (FileStatus f : files(fs, root)) {
            String name = f.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue; // hidden: Flink SQL, DuckDB (a *.parquet glob), Hive and Trino skip these
            }
            assertThat(name).as("visible file %s", f.getPath()).endsWith(".parquet").doesNotContain("inprogress");
            String hour = f.getPath().getParent().getParent().getName() + "/" + f.getPath().getParent().getName();
            filesPerHour.merge(f.getPath().getParent().getParent().getParent().getName() + "/" + hour, 1, Integer::sum);
        }
        System.out.println("files per partition: " + filesPerHour);
        assertThat(filesPerHour).isNotEmpty();
        // 80 min of posts replayed in 40 s, 2 s checkpoints, files compacted every 3: a handful per hour
        assertThat(filesPerHour.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(15));
    }

    @Test
    @Order(3)
    void perDayCountsEqualElasticsearchAndADtHourFilterReadsOnlyThatPartition() throws Exception {
        String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (StackProbes.esCount(stack) < sent.size() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        Map<String, Long> es = new TreeMap<>();
        var answer = stack.elasticsearch().search(s -> s.index(pattern).size(0).aggregations("per_day", a -> a
                .dateHistogram(h -> h.field("created_at").calendarInterval(CalendarInterval.Day)
                        .timeZone("+08:00").format("yyyy-MM-dd").minDocCount(1))), Void.class);
        for (DateHistogramBucket b : answer.aggregations().get("per_day").dateHistogram().buckets().array()) {
            es.put(b.keyAsString(), b.docCount());
        }
        Map<String, Long> archived = new TreeMap<>();
        for (Object[] r : sql.query("SELECT dt, COUNT(*) FROM posts GROUP BY dt").rows()) {
            archived.put((String) r[0], (Long) r[1]);
        }
        System.out.println("posts per day: archive " + archived + ", Elasticsearch " + es);
        assertThat(archived).isEqualTo(es);

        Object[] hour = sql.query("SELECT dt, `hour`, COUNT(*) FROM posts GROUP BY dt, `hour` ORDER BY 3 DESC LIMIT 1").rows().get(0);
        String filter = "dt = '" + hour[0] + "' AND `hour` = '" + hour[1] + "'";
        String plan = String.join("\n", sql.query("EXPLAIN SELECT COUNT(*) FROM posts WHERE " + filter).rows().stream()
                .map(r -> String.valueOf(r[0])).toList());
        assertThat(plan).contains("partitions=[{dt=" + hour[0] + ", hour=" + hour[1] + "}]");
        assertThat(count("SELECT COUNT(*) FROM posts WHERE " + filter)).isEqualTo((Long) hour[2]);
    }

    @Test
    @Order(4)
    void duckDbReadingTheSameParquetCountsWhatFlinkSqlCounts() throws Exception {
        // DuckDB reads local files: the archive copied off HDFS as it is, hidden files left behind
        Path copy = data.resolve("archive-copy");
        org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(archive.uri());
        FileSystem fs = root.getFileSystem();
        for (FileStatus f : files(fs, root)) {
            if (f.getPath().getName().startsWith(".")) {
                continue;
            }
            String relative = f.getPath().toUri().getPath().substring(root.toUri().getPath().length() + 1);
            Path target = copy.resolve(relative);
            Files.createDirectories(target.getParent());
            try (InputStream in = fs.open(f.getPath()); OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
        }
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            for (ArchiveTable t : ArchiveTable.values()) {
                String scan = "read_parquet('" + copy.resolve(t.tableName()) + "/*/*/*.parquet', hive_partitioning = true)";
                long flink = count("SELECT COUNT(*) FROM " + t.tableName());
                if (!Files.isDirectory(copy.resolve(t.tableName()))) {
                    // no case job runs here: its tables are empty, and Flink SQL reads them as such
                    assertThat(flink).as("rows of %s, which nothing wrote", t.tableName()).isZero();
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + scan)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("DuckDB count of %s", t.tableName()).isEqualTo(flink);
                }
                if (t == ArchiveTable.POSTS) {
                    Map<String, Long> duck = new TreeMap<>();
                    try (ResultSet rs = st.executeQuery("SELECT dt, COUNT(DISTINCT id) FROM " + scan + " GROUP BY dt")) {
                        while (rs.next()) {
                            duck.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    Map<String, Long> viaFlink = new TreeMap<>();
                    for (Object[] r : sql.query("SELECT dt, COUNT(DISTINCT id) FROM posts GROUP BY dt").rows()) {
                        viaFlink.put((String) r[0], (Long) r[1]);
                    }
                    assertThat(duck).isEqualTo(viaFlink);
                    // the same negative posts by province, nested and Chinese values read alike
                    String q = "SELECT province, COUNT(*) FROM %s WHERE sentiment = 'negative' AND province IS NOT NULL "
                            + "GROUP BY province ORDER BY province";
                    List<String> duckRows = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery(String.format(q, scan))) {
                        while (rs.next()) {
                            duckRows.add(rs.getString(1) + "=" + rs.getLong(2));
                        }
                    }
                    List<String> flinkRows = sql.query(String.format(q, "posts")).rows().stream()
                            .map(r -> r[0] + "=" + r[1]).toList();
                    System.out.println("negative posts by province: " + flinkRows);
                    assertThat(duckRows).isEqualTo(flinkRows).isNotEmpty();
                }
            }
        }
    }

    private long count(String query) throws Exception {
        return (Long) sql.query(query).rows().get(0)[0];
    }

    private static List<FileStatus> files(FileSystem fs, org.apache.flink.core.fs.Path dir) throws java.io.IOException {
        List<FileStatus> out = new ArrayList<>();
        FileStatus[] list = fs.listStatus(dir);
        if (list == null) {
            return out;
        }
        for (FileStatus f : list) {
            if (f.isDir()) {
                out.addAll(files(fs, f.getPath()));
            } else {
                out.add(f);
            }
        }
        return out;
    }
}
