package io.yuqing.radar.bench;

import io.yuqing.radar.jobs.archive.ArchiveConfig;
import io.yuqing.radar.jobs.archive.ArchiveJob;
import io.yuqing.radar.jobs.archive.ArchiveRows;
import io.yuqing.radar.jobs.archive.ArchiveSchema;
import io.yuqing.radar.jobs.archive.ArchiveTable;
import io.yuqing.radar.jobs.archive.ParquetRows;
import io.yuqing.radar.jobs.enrich.EnrichJobConfig;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The archive's cost: (1) posts/s per core of the archive writer's own work (an enriched post's
 * JSON to a row of the contract's columns, then Parquet), one thread, CPU time; (2) bytes per post,
 * Parquet against the JSON on Kafka; (3) files per hour at 300 posts a minute, from the archive
 * job's own FileSink (rolling on checkpoints, compaction every {@code archive.compact-checkpoints})
 * in a Flink MiniCluster, with an hour of event time replayed at {@code speedup}× and the
 * checkpoint interval shortened by the same factor, so an hour sees as many checkpoints as in
 * production (10 s checkpoints: 360 an hour).
 *
 * <p>Usage (from the repository root, after {@code ./mvnw -pl bench -am package -Dmaven.test.skip}):
 * {@code java -Xmx2g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" io.yuqing.radar.bench.ArchiveBench [posts=20000] [speedup=20]}
 */
public final class ArchiveBench {
    private ArchiveBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int speedup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<byte[]> posts = enrichedPosts(n);
        RowType type = ArchiveSchema.rowType(ArchiveTable.POSTS);
        long jsonBytes = posts.stream().mapToLong(p -> p.length).sum();
        System.out.printf(Locale.ROOT, "%,d enriched generator posts, %,d bytes of JSON (%.0f per post)%n",
                posts.size(), jsonBytes, jsonBytes / (double) posts.size());

        Path dir = Files.createTempDirectory("yuqing-archive-bench");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Double> rates = new ArrayList<>();
        long parquetBytes = 0;
        for (int round = 0; round < 5; round++) {
            Path file = dir.resolve("round-" + round + ".parquet");
            long c0 = cpu.getCurrentThreadCpuTime();
            try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(
                    new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.OVERWRITE)) {
                BulkWriter<RowData> w = ParquetRows.writer(type).create(out);
                for (byte[] p : posts) {
                    w.addElement(ArchiveRows.parse(p, type));
                }
                w.finish();
            }
            double seconds = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            parquetBytes = Files.size(file);
            if (round > 0) { // the first round warms the JIT up
                rates.add(posts.size() / seconds);
            }
        }
        rates.sort(Double::compare);
        System.out.printf(Locale.ROOT, "archive writer: %,.0f posts/s per core (median of %d rounds, %,.0f–%,.0f), JSON → row → Parquet (SNAPPY)%n",
                rates.get(rates.size() / 2), rates.size(), rates.get(0), rates.get(rates.size() - 1));
        System.out.printf(Locale.ROOT, "bytes per post: Parquet %.0f, JSON %.0f (Parquet is %.0f %% of JSON)%n",
                parquetBytes / (double) posts.size(), jsonBytes / (double) posts.size(), 100.0 * parquetBytes / jsonBytes);

        filesPerHour(posts, type, dir.resolve("archive"), speedup);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    /** Generator posts through the enrich job's own PostEnricher: the messages the archive job reads. */
    static List<byte[]> enrichedPosts(int n) {
        PostEnricher enricher = new PostEnricher(EnrichJobConfig.from(Settings.defaults()).limits());
        Instant now = Instant.now();
        List<byte[]> out = new ArrayList<>();
        try (PostGenerator g = new PostGenerator(PostGenerator.Config.defaults().withSeed(7).withMalformedShare(0)
                .withStart(now.minus(Duration.ofHours(2))).withBackgroundPerMinute(300))) {
            while (out.size() < n && g.hasNext()) {
                FeedRecord r = g.next();
                if (enricher.enrich(r.value(), now) instanceof EnrichOutcome.Enriched e) {
                    out.add(Json.toBytes(e.post()));
                }
            }
        }
        return out;
    }

    /**
     * An hour of posts at 300 a minute (18,000, created_at spread over one China-time hour) through
     * the archive job's FileSink; checkpoints every 10 s of event time; counts the visible files.
     */
    static void filesPerHour(List<byte[]> sample, RowType type, Path archive, int speedup) throws Exception {
        int perHour = 300 * 60;
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        List<byte[]> hourOfPosts = new ArrayList<>(perHour);
        for (int i = 0; i < perHour; i++) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(sample.get(i % sample.size()));
            node.put("id", "bench-" + i);
            node.put("created_at", Json.formatTime(hour.plusMillis(i * 200L)));
            hourOfPosts.add(Json.mapper().writeValueAsBytes(node));
        }
        ArchiveConfig c = ArchiveConfig.from(Settings.defaults().with("archive.uri", archive.toUri().toString()));
        long checkpointMillis = Duration.ofSeconds(10).toMillis() / speedup;
        double perSecond = 5.0 * speedup;
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(checkpointMillis);
        List<byte[]> frozen = List.copyOf(hourOfPosts);
        GeneratorFunction<Long, RowData> row = i -> ArchiveRows.parse(frozen.get(i.intValue()), type);
        env.fromSource(new DataGeneratorSource<>(row, frozen.size(), RateLimiterStrategy.perSecond(perSecond), InternalTypeInfo.of(type)),
                        WatermarkStrategy.noWatermarks(), "an hour at 300 posts/min")
                .sinkTo(ArchiveJob.sink(c, ArchiveTable.POSTS, type)).uid("archive-sink-posts");
        long t0 = System.nanoTime();
        env.execute("archive files per hour");
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Integer> visible = new TreeMap<>();
        int hidden = 0;
        try (Stream<Path> files = Files.walk(archive)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().startsWith(".")) {
                    hidden++;
                } else {
                    visible.merge(archive.relativize(f.getParent()).toString(), 1, Integer::sum);
                }
            }
        } catch (UncheckedIOException e) {
            throw new IOException(e);
        }
        System.out.printf(Locale.ROOT, "files per hour at 300 posts/min (archive.compact-checkpoints %d, checkpoints every 10 s of "
                        + "event time, one writer; the hour replayed at %dx in %.0f s): %s visible, %d hidden left%n",
                c.compactCheckpoints(), speedup, wall, visible, hidden);
    }
}
