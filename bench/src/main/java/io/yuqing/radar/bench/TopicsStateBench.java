package io.yuqing.radar.bench;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JobMain;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.local.feed.EventPlan;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 15's state item: hours of stream (24 by default) at 300 background posts a minute from
 * the project's own generator ({@link PostGenerator}, with events planted one every 40 minutes),
 * enriched by the enrich job's {@link PostEnricher}, through the topics job's own wiring
 * ({@link TopicsJob#build}) in a MiniCluster with the production state backend (RocksDB,
 * incremental checkpoints; {@code hashmap} on request) and a checkpoint every few seconds of
 * wall clock, in event time as fast as it runs. Per hour of event time it prints the last
 * checkpoint completed within that hour: its full state size and incremental size from Flink's
 * own checkpoint statistics (what the REST API's {@code /jobs/:id/checkpoints} serves), the state
 * of the term windows' and the topic stage's tasks, and the topics alive at the hour's last
 * window; then whether the size is flat after the term TTL.
 *
 * <pre>
 * java -Xmx6g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt):$ROCKSDB" \
 *   io.yuqing.radar.bench.TopicsStateBench [hours=24] [posts-per-minute=300] [backend=rocksdb|hashmap] [checkpoint-ms=3000] [term-ttl=config]
 * </pre>
 */
public final class TopicsStateBench {
    /** The posts, read by the source in this JVM: too many to ship inside the job graph. */
    private static volatile List<EnrichedPost> stream = List.of();
    /** Event time reached by the source's chain at each checkpoint's barrier, by checkpoint id. */
    private static final Map<Long, Long> EVENT_TIME_AT = new ConcurrentHashMap<>();
    /** Topics with a non-ended snapshot at each window end. */
    private static final Map<Long, Set<String>> LIVE = new ConcurrentSkipListMap<>();

    private TopicsStateBench() {}

    public static void main(String[] args) throws Exception {
        int hours = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        double perMinute = args.length > 1 ? Double.parseDouble(args[1]) : 300;
        String backend = args.length > 2 ? args[2] : "rocksdb";
        long checkpointMillis = args.length > 3 ? Long.parseLong(args[3]) : 3000;
        Settings settings = Settings.defaults();
        if (args.length > 4) {
            settings = settings.with("topics.term-ttl", args[4]);
        }
        TopicsJobConfig config = TopicsJobConfig.from(settings);

        long g0 = System.nanoTime();
        stream = generate(hours, perMinute);
        Instant first = stream.get(0).createdAt();
        System.out.printf(Locale.ROOT, "%,d enriched generator posts over %d h of event time (%.0f background posts/min, "
                        + "events planted every 40 min at the demo's share), made in %.0f s; term TTL %s; state backend %s; checkpoint every %d ms%n",
                stream.size(), hours, perMinute, (System.nanoTime() - g0) / 1e9, config.termTtl(), backend, checkpointMillis);

        Path dir = Files.createTempDirectory("yuqing-topics-state");
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        // production's setting (helm: RocksDB with incremental checkpoints)
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, "rocksdb".equals(backend));
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Map<Long, AbstractCheckpointStats> completed = new TreeMap<>();
        Map<JobVertexID, String> vertices = new LinkedHashMap<>();
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build())) {
            cluster.start();
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(jobConf());
            env.setParallelism(1);
            JobMain.fixMaxParallelism(env);
            env.enableCheckpointing(checkpointMillis);
            build(env, config);
            JobID job = cluster.submitJob(env.getStreamGraph()).get(60, TimeUnit.SECONDS).getJobID();
            while (true) {
                AccessExecutionGraph graph = cluster.getExecutionGraph(job).get(60, TimeUnit.SECONDS);
                for (AccessExecutionJobVertex v : graph.getVerticesTopologically()) {
                    vertices.putIfAbsent(v.getJobVertexId(), v.getName());
                }
                for (AbstractCheckpointStats s : graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
                    if (s.getStatus() == CheckpointStatsStatus.COMPLETED && completed.putIfAbsent(s.getCheckpointId(), s) == null) {
                        Long at = EVENT_TIME_AT.get(s.getCheckpointId());
                        System.out.printf(Locale.ROOT, "  checkpoint %d at event time %s (+%.1f h): state %,d B, incremental %,d B%n",
                                s.getCheckpointId(), at == null ? "?" : Instant.ofEpochMilli(at),
                                at == null ? Double.NaN : (at - first.toEpochMilli()) / 3.6e6, s.getStateSize(), s.getCheckpointedSize());
                    }
                }
                if (graph.getState().isGloballyTerminalState()) {
                    System.out.println("job " + graph.getState());
                    break;
                }
                Thread.sleep(500);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "job: wall %.0f s, cpu %.0f s (%,.0f posts/s per core); %d checkpoints completed%n",
                wall, cpu, stream.size() / cpu, completed.size());
        report(first, hours, config.termTtl(), completed, vertices, wall);
        long onDisk;
        try (Stream<Path> files = Files.walk(dir)) {
            onDisk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "checkpoint directory at the end (the last retained checkpoint, RocksDB's shared files included): %,.1f MB%n",
                onDisk / 1e6);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    private static Configuration jobConf() {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        return c;
    }

    /** The generator's posts, enriched; events planted every 40 minutes over the whole span. */
    static List<EnrichedPost> generate(int hours, double perMinute) {
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofHours(hours + 1L)).truncatedTo(ChronoUnit.HOURS);
        int events = Math.max(1, Math.min(250, hours * 60 / 40));
        PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
        List<EnrichedPost> out = new ArrayList<>((int) (hours * 60 * perMinute * 1.1));
        try (PostGenerator g = new PostGenerator(PostGenerator.Config.defaults().withSeed(15).withStart(start)
                .withBackgroundPerMinute(perMinute).withMalformedShare(0).withDuration(Duration.ofHours(hours))
                .withEvents(scaled(EventPlan.staggered(events, Duration.ofMinutes(5), Duration.ofMinutes(40)), perMinute / 300)))) {
            while (g.hasNext()) {
                FeedRecord r = g.next();
                if (enricher.enrich(r.value(), now) instanceof EnrichOutcome.Enriched e) {
                    out.add(e.post());
                }
            }
        }
        return out;
    }

    /** The demo's events (90 posts/min at the peak over 300 background) at the same share of a slower stream. */
    private static List<EventPlan> scaled(List<EventPlan> plans, double factor) {
        return plans.stream().map(e -> new EventPlan(e.kind(), e.city(), e.startOffset(), e.rise(), e.fade(),
                e.peakPerMinute() * factor)).toList();
    }

    private static void build(StreamExecutionEnvironment env, TopicsJobConfig c) {
        DataStream<EnrichedPost> posts = env.fromSource(
                        new DataGeneratorSource<>(i -> stream.get(i.intValue()), stream.size(),
                                RateLimiterStrategy.noOp(), JsonTypeInfo.of(EnrichedPost.class)),
                        TopicsJob.watermarks(c), "generator posts")
                .uid("bench-source-posts")
                .map(new EventTimeAtCheckpoint()).returns(JsonTypeInfo.of(EnrichedPost.class))
                .uid("bench-event-time-at-checkpoint").name("event time at each checkpoint");
        // no lexicon updates: an empty stream that keeps the posts' watermarks (as TopicsJobBench)
        DataStream<RawRecord> noUpdates = posts.flatMap((EnrichedPost p, Collector<RawRecord> none) -> { })
                .returns(TypeInformation.of(RawRecord.class)).uid("bench-no-lexicon-updates");
        TopicsJob.build(posts, noUpdates, c).snapshots()
                .map(TopicsStateBench::live).returns(TypeInformation.of(Boolean.class)).uid("bench-live-topics")
                .sinkTo(new DiscardingSink<>()).uid("bench-discard");
    }

    private static boolean live(TopicSnapshot s) {
        if (s.lifecycle() != Lifecycle.ENDED) {
            LIVE.computeIfAbsent(s.windowEnd().toEpochMilli(), k -> ConcurrentHashMap.newKeySet()).add(s.topicId());
        }
        return true;
    }

    /** Passes posts on; notes the event time the stream had reached when each checkpoint's barrier passed. */
    private static final class EventTimeAtCheckpoint implements MapFunction<EnrichedPost, EnrichedPost>, CheckpointedFunction {
        private long newest = Long.MIN_VALUE;

        @Override
        public EnrichedPost map(EnrichedPost p) {
            newest = Math.max(newest, p.createdAt().toEpochMilli());
            return p;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext ctx) {
            EVENT_TIME_AT.put(ctx.getCheckpointId(), newest);
        }

        @Override
        public void initializeState(FunctionInitializationContext ctx) {}
    }

    private static void report(Instant first, int hours, Duration ttl, Map<Long, AbstractCheckpointStats> completed,
                               Map<JobVertexID, String> vertices, double wallSeconds) {
        JobVertexID windows = vertexNamed(vertices, "term windows");
        JobVertexID stage = vertexNamed(vertices, "merge");
        System.out.printf("%n%5s  %12s  %14s  %14s  %13s  %12s  %11s%n", "hour", "checkpoint", "state (MB)",
                "incremental", "term windows", "topic stage", "live topics");
        double[] perHour = new double[hours];
        for (int h = 0; h < hours; h++) {
            long end = first.plus(Duration.ofHours(h + 1L)).toEpochMilli();
            AbstractCheckpointStats last = null;
            for (AbstractCheckpointStats s : completed.values()) {
                Long at = EVENT_TIME_AT.get(s.getCheckpointId());
                if (at != null && at < end) {
                    last = s;
                }
            }
            Set<String> live = new HashSet<>();
            Map.Entry<Long, Set<String>> lastWindow = ((ConcurrentSkipListMap<Long, Set<String>>) LIVE).floorEntry(end);
            if (lastWindow != null) {
                live = lastWindow.getValue();
            }
            if (last == null) {
                System.out.printf(Locale.ROOT, "%5d  %12s%n", h + 1, "none");
                perHour[h] = Double.NaN;
                continue;
            }
            perHour[h] = last.getStateSize() / 1e6;
            System.out.printf(Locale.ROOT, "%5d  %12s  %14.2f  %14.2f  %13.2f  %12.2f  %11d%n", h + 1,
                    "#" + last.getCheckpointId(), last.getStateSize() / 1e6, last.getCheckpointedSize() / 1e6,
                    stateOf(last, windows) / 1e6, stateOf(last, stage) / 1e6, live.size());
        }
        // Flink's state TTL runs on processing time (the only time it knows): in a replay faster
        // than real time a baseline outlives its TTL in event time
        if (wallSeconds < ttl.toSeconds()) {
            System.out.printf(Locale.ROOT, "%nnote: the term TTL (%s) is Flink state TTL, on processing time; this run took %.0f s "
                    + "of wall clock, so no baseline could expire in it%n", ttl, wallSeconds);
        }
        int ttlHours = (int) Math.ceil(ttl.toMinutes() / 60.0);
        if (hours >= ttlHours + 4) {
            double after = mean(perHour, ttlHours, ttlHours + 3);
            double lastHours = mean(perHour, hours - 3, hours);
            System.out.printf(Locale.ROOT, "%nterm TTL %s: mean state over hours %d-%d %.2f MB, over the last 3 hours %.2f MB: "
                            + "%+.0f %% (%s)%n", ttl, ttlHours + 1, ttlHours + 3, after, lastHours,
                    100 * (lastHours / after - 1), Math.abs(lastHours / after - 1) <= 0.1 ? "flat within 10 %" : "NOT flat");
        } else {
            System.out.printf(Locale.ROOT, "%nterm TTL %s: the run (%d h) is too short to see whether the state is flat after it%n",
                    ttl, hours);
        }
    }

    private static JobVertexID vertexNamed(Map<JobVertexID, String> vertices, String part) {
        return vertices.entrySet().stream().filter(e -> e.getValue().contains(part)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    private static long stateOf(AbstractCheckpointStats s, JobVertexID v) {
        TaskStateStats t = v == null ? null : s.getTaskStateStats(v);
        return t == null ? 0 : t.getStateSize();
    }

    private static double mean(double[] xs, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, xs.length); i++) {
            if (!Double.isNaN(xs[i])) {
                sum += xs[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
