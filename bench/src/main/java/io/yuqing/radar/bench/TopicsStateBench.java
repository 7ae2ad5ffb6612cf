package io.yuqing.radar.bench;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JobMain;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.topics.TermExtractor;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
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
import org.apache.flink.configuration.RestOptions;
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
import java.util.HashMap;
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
 * Issue 15's state item: hours of stream (24 by default) at 300 posts a minute of real Weibo
 * posts, through the topics job's own wiring ({@link TopicsJob#build}) in a MiniCluster with the
 * production state backend (RocksDB, incremental checkpoints; {@code hashmap} on request) and a
 * checkpoint every few seconds of wall clock, in event time as fast as it runs. Per hour of event
 * time it prints the last checkpoint completed within that hour: its full state size and
 * incremental size from Flink's own checkpoint statistics (what the REST API's
 * {@code /jobs/:id/checkpoints} serves), the state of the term windows' and the topic stage's
 * tasks, and the topics alive at the hour's last window; then whether the size is flat after the
 * term TTL (which runs on event time, so a replay shows it).
 *
 * <p>The stream: enriching 432,000 posts (a day at 300 a minute) took longer than the job on a
 * loaded machine, and the CED data holds 2,372 events, too few for a day of distinct events at
 * that rate. So a pool of {@code pool-hours} of posts is enriched once: the CED events composed
 * one every 2 minutes ({@link TopicsJobBench#enrichedStream}, the first pool-size posts in time
 * order), re-timed evenly at the rate (order kept, so each event's cascade stays together,
 * compressed by the factor the run prints), and played again and again back to back. Played as they are, the pool's
 * terms would come back every {@code pool-hours} and the vocabulary would stop growing after the
 * first pass, so the state would level off for that reason and not the TTL's. In each pass after
 * the first, the terms specific to a few events (named in fewer than 1 % of the pool's events)
 * get a mark of the pass, as the next day's events bring their own names and words, while the
 * everyday terms stay the same; post ids, repost links and near-duplicate clusters get the pass
 * too, authors do not.
 *
 * <pre>
 * java -Xmx3g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt):$ROCKSDB" \
 *   io.yuqing.radar.bench.TopicsStateBench [hours=24] [posts-per-minute=300] [backend=rocksdb|hashmap] [checkpoint-ms=3000] [term-ttl=config] [pool-hours=8]
 * </pre>
 */
public final class TopicsStateBench {
    /** The posts, made by the source in this JVM from the pool: too many to ship inside the job graph. */
    private static volatile Pool stream;
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
        double poolHours = args.length > 5 ? Double.parseDouble(args[5]) : 8;
        Settings settings = Settings.defaults();
        if (args.length > 4) {
            settings = settings.with("topics.term-ttl", args[4]);
        }
        TopicsJobConfig config = TopicsJobConfig.from(settings);

        Path ced = CedSample.find().orElse(null);
        if (ced == null) {
            System.out.println("SKIPPED: no ../shared/data/" + CedSample.POSTS + " (the real posts this harness needs)");
            return;
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long g0 = System.nanoTime();
        stream = Pool.of(ced, hours, perMinute, (int) Math.round(poolHours * 60 * perMinute), config.params().maxTermsPerPost());
        Instant first = stream.start;
        System.out.printf(Locale.ROOT, "%,d posts over %d h of event time at %.0f posts/min: a pool of %,d enriched CED posts "
                        + "(%d events, %.1f h at that rate, %.1f× faster than composed, enriched in %.0f s) played %.1f times; "
                        + "%,d of its %,d terms everyday (in >= %d events, %.0f %% of the mentions), the rest marked per pass; "
                        + "term TTL %s; state backend %s; checkpoint every %d ms; load average %.1f%n",
                stream.size, hours, perMinute, stream.posts.size(), stream.events, stream.posts.size() / perMinute / 60,
                stream.compression,
                (System.nanoTime() - g0) / 1e9, (double) stream.size / stream.posts.size(), stream.everyday.size(), stream.terms,
                stream.everydayEvents, 100 * stream.everydayMentionShare, config.termTtl(), backend, checkpointMillis,
                os.getSystemLoadAverage());

        Path dir = Files.createTempDirectory("yuqing-topics-state");
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        // production's setting (helm: RocksDB with incremental checkpoints)
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, "rocksdb".equals(backend));
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
        // the statistics are read in this JVM, not over REST: any free port, so two runs (two
        // TTLs side by side) or a local stack on 8081 do not stop it
        conf.set(RestOptions.BIND_PORT, "0");
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
                        System.out.printf(Locale.ROOT, "  checkpoint %d at event time %s (+%.1f h): state %,d B, incremental %,d B; load %.1f%n",
                                s.getCheckpointId(), at == null ? "?" : Instant.ofEpochMilli(at),
                                at == null ? Double.NaN : (at - first.toEpochMilli()) / 3.6e6, s.getStateSize(), s.getCheckpointedSize(),
                                os.getSystemLoadAverage());
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
        System.out.printf(Locale.ROOT, "job: wall %.0f s, cpu %.0f s (%,.0f posts/s per core); %d checkpoints completed; load average %.1f%n",
                wall, cpu, stream.size / cpu, completed.size(), os.getSystemLoadAverage());
        report(first, hours, config.termTtl(), completed, vertices);
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

    /** The pool of enriched posts and how the stream is made of it (see the class comment). */
    static final class Pool {
        /** Marks of the passes after the first: letters, so a marked term is still a word. */
        private static final String MARKS = "甲乙丙丁戊己庚辛壬癸";
        final List<EnrichedPost> posts;
        final Set<String> everyday;
        final Instant start;
        final double perMinute;
        final long size;
        final int events;
        final int terms;
        final int everydayEvents;
        final double everydayMentionShare;
        /**
         * The span of the pool's event starts as composed (one every 2 minutes) over the pool's
         * span re-timed: about how much faster its cascades run. (Not first to last post: a few
         * CED repost times lack a year and land far from their event.)
         */
        final double compression;

        private Pool(List<EnrichedPost> posts, Set<String> everyday, Instant start, double perMinute, long size, int events,
                     int terms, int everydayEvents, double everydayMentionShare) {
            this.compression = events * 2.0 / (posts.size() / perMinute);
            this.posts = posts;
            this.everyday = everyday;
            this.start = start;
            this.perMinute = perMinute;
            this.size = size;
            this.events = events;
            this.terms = terms;
            this.everydayEvents = everydayEvents;
            this.everydayMentionShare = everydayMentionShare;
        }

        static Pool of(Path cedPosts, int hours, double perMinute, int poolSize, int maxTerms) throws Exception {
            Instant now = Instant.now();
            List<EnrichedPost> posts = TopicsJobBench.enrichedStream(cedPosts.getParent(), poolSize,
                    new PostEnricher(EnrichmentLimits.defaults()), now);
            Map<String, String> eventOf = TopicsSkewBench.events(cedPosts);
            Map<String, Set<String>> eventsOf = new HashMap<>();
            Set<String> events = new HashSet<>();
            long mentions = 0;
            for (EnrichedPost p : posts) {
                String event = eventOf.getOrDefault(TopicsSkewBench.mid(p.id()), p.id());
                events.add(event);
                for (String t : TermExtractor.terms(p, maxTerms)) {
                    eventsOf.computeIfAbsent(t, k -> new HashSet<>()).add(event);
                    mentions++;
                }
            }
            int everydayEvents = Math.max(3, events.size() / 100);
            Set<String> everyday = new HashSet<>();
            long everydayMentions = 0;
            for (EnrichedPost p : posts) {
                for (String t : TermExtractor.terms(p, maxTerms)) {
                    if (eventsOf.get(t).size() >= everydayEvents) {
                        everyday.add(t);
                        everydayMentions++;
                    }
                }
            }
            Instant start = now.minus(Duration.ofHours(hours + 1L)).truncatedTo(ChronoUnit.HOURS);
            long size = Math.round(hours * 60 * perMinute);
            return new Pool(posts, everyday, start, perMinute, size, events.size(), eventsOf.size(), everydayEvents,
                    mentions == 0 ? 0 : everydayMentions / (double) mentions);
        }

        /** The stream's {@code k}th post: pool post k mod its size, at the even rate, marked with its pass. */
        EnrichedPost post(long k) {
            EnrichedPost p = posts.get((int) (k % posts.size()));
            int pass = (int) (k / posts.size());
            Instant at = start.plusMillis(Math.round(k * 60_000 / perMinute));
            String mark = pass == 0 ? "" : mark(pass);
            Entities e = p.entities();
            return new EnrichedPost(marked(p.id(), mark), p.platform(), p.text(), p.title(), at, p.author(), p.url(),
                    p.reposts(), p.comments(), p.likes(), marked(p.repostOf(), mark), p.region(), p.lang(),
                    terms(p.terms(), mark), terms(p.keywords(), mark), hashtags(p.hashtags(), mark), p.mentions(), p.urls(),
                    new Entities(terms(e.places(), mark), terms(e.organizations(), mark), e.people()), p.sentiment(),
                    p.sentimentScore(), p.simhash(), marked(p.dupCluster(), mark), at, p.province(), p.city(), p.emojis(),
                    p.phrases(), p.emotion(), p.sentimentModel(), p.repostText());
        }

        private static String mark(int pass) {
            String m = "";
            for (int n = pass; n > 0; n /= MARKS.length()) {
                m = MARKS.charAt((n - 1) % MARKS.length()) + m;
            }
            return m;
        }

        private static String marked(String id, String mark) {
            return id == null || mark.isEmpty() ? id : id + "~" + mark;
        }

        private List<String> terms(List<String> ts, String mark) {
            if (mark.isEmpty()) {
                return ts;
            }
            List<String> out = new ArrayList<>(ts.size());
            for (String t : ts) {
                out.add(everyday.contains(t.strip()) ? t : t + mark);
            }
            return out;
        }

        /** #徐州暴雨# is counted as the term 徐州暴雨 (as {@link TermExtractor} reads it), #徐州暴雨#乙 as 徐州暴雨乙. */
        private List<String> hashtags(List<String> hs, String mark) {
            if (mark.isEmpty()) {
                return hs;
            }
            List<String> out = new ArrayList<>(hs.size());
            for (String h : hs) {
                out.add(everyday.contains(h.replaceAll("[^\\p{L}\\p{N}·]", "")) ? h : h + mark);
            }
            return out;
        }
    }

    private static void build(StreamExecutionEnvironment env, TopicsJobConfig c) {
        DataStream<EnrichedPost> posts = env.fromSource(
                        new DataGeneratorSource<>(i -> stream.post(i), stream.size,
                                RateLimiterStrategy.noOp(), JsonTypeInfo.of(EnrichedPost.class)),
                        TopicsJob.watermarks(c), "pool posts")
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
                               Map<JobVertexID, String> vertices) {
        JobVertexID windows = vertexNamed(vertices, "term windows");
        JobVertexID stage = vertexNamed(vertices, "merge");
        System.out.printf("%n%5s  %12s  %14s  %14s  %13s  %12s  %11s  %18s%n", "hour", "checkpoint", "state (MB)",
                "incremental", "term windows", "topic stage", "live topics", "hour's mean (min)");
        // RocksDB's full size is a sawtooth (level-0 files pile up until a compaction), so one
        // checkpoint says little: the hour's mean of all its checkpoints is what is compared. The
        // checkpoints taken once the source has sent its last post are left out: the final
        // watermark fires every window and every expiry timer, and the state empties.
        long lastPost = stream.start.toEpochMilli() + Math.round((stream.size - 1) * 60_000 / stream.perMinute);
        double[] perHour = new double[hours];
        for (int h = 0; h < hours; h++) {
            long start = first.plus(Duration.ofHours(h)).toEpochMilli();
            long end = first.plus(Duration.ofHours(h + 1L)).toEpochMilli();
            AbstractCheckpointStats last = null;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            int n = 0;
            for (AbstractCheckpointStats s : completed.values()) {
                Long at = EVENT_TIME_AT.get(s.getCheckpointId());
                if (at != null && at < end) {
                    last = s;
                }
                if (at != null && at >= start && at < end && at < lastPost) {
                    sum += s.getStateSize() / 1e6;
                    min = Math.min(min, s.getStateSize() / 1e6);
                    n++;
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
            perHour[h] = n == 0 ? Double.NaN : sum / n;
            System.out.printf(Locale.ROOT, "%5d  %12s  %14.2f  %14.2f  %13.2f  %12.2f  %11d  %9.2f (%5.2f)%n", h + 1,
                    "#" + last.getCheckpointId(), last.getStateSize() / 1e6, last.getCheckpointedSize() / 1e6,
                    stateOf(last, windows) / 1e6, stateOf(last, stage) / 1e6, live.size(), perHour[h], min);
        }
        int ttlHours = (int) Math.ceil(ttl.toMinutes() / 60.0);
        if (hours >= ttlHours + 4) {
            double after = mean(perHour, ttlHours, ttlHours + 3);
            double lastHours = mean(perHour, hours - 3, hours);
            System.out.printf(Locale.ROOT, "%nterm TTL %s: mean state of the checkpoints in hours %d-%d %.2f MB, in the last 3 hours %.2f MB: "
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
