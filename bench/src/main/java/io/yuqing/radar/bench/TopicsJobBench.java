package io.yuqing.radar.bench;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.topics.TermExtractor;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.local.feed.CedPostReader;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.util.Collector;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The topics job's operators (late filter, terms of each post, term windows with burst scores,
 * the topic stage) against the cheapest job over the same terms: a plain keyed count in the same
 * sliding windows. Both run in a Flink MiniCluster in this JVM at parallelism 1, over the same
 * real CED posts, enriched beforehand by the enrich job's own code and composed into one dense
 * stream as {@code radar-local --ced} sends it, in event time as fast as they run. Per-core
 * figures divide by the process's CPU time, so other processes on a shared machine count less.
 *
 * <pre>
 * ./mvnw -q package -Dmaven.test.skip=true
 * java -Xmx4g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" \
 *   io.yuqing.radar.bench.TopicsJobBench [posts=200000] [rounds=3]
 * </pre>
 */
public final class TopicsJobBench {
    private TopicsJobBench() {}

    public static void main(String[] args) throws Exception {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path posts = CedSample.find().orElse(null);
        if (posts == null) {
            System.out.println("SKIPPED: no ../shared/data/" + CedSample.POSTS + " (the real posts this harness needs)");
            return;
        }
        TopicsJobConfig config = TopicsJobConfig.from(Settings.defaults());
        List<EnrichedPost> stream = enrichedStream(posts.getParent(), limit);
        long mentions = 0;
        for (EnrichedPost p : stream) {
            mentions += TermExtractor.terms(p, config.params().maxTermsPerPost()).size();
        }
        Duration span = Duration.between(stream.get(0).createdAt(), stream.get(stream.size() - 1).createdAt());
        System.out.printf(Locale.ROOT, "%,d enriched CED posts over %.1f h of event time (%,.0f posts/h), %.1f terms per post%n",
                stream.size(), span.toMinutes() / 60.0, stream.size() / Math.max(1e-9, span.toMinutes() / 60.0),
                mentions / (double) stream.size());

        List<double[]> topics = new ArrayList<>();
        List<double[]> plain = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            topics.add(run("topics job", stream, env -> topicsJob(env, stream, config)));
            plain.add(run("plain sliding count", stream, env -> plainCount(env, stream, config)));
        }
        double t = median(topics);
        double c = median(plain);
        System.out.printf(Locale.ROOT, "%n%-34s %,14.0f posts/s per core (median of %d)%n", "topics job (parallelism 1)", t, rounds);
        System.out.printf(Locale.ROOT, "%-34s %,14.0f posts/s per core%n", "plain keyed sliding-window count", c);
        System.out.printf(Locale.ROOT, "%-34s %14.2f   (target >= 0.30: %s)%n", "ratio", t / c, t / c >= 0.3 ? "met" : "NOT met");
    }

    /** The CED events composed one every 2 minutes, as radar-local --ced sends them, each post enriched. */
    private static List<EnrichedPost> enrichedStream(Path cedDir, int limit) throws Exception {
        return enrichedStream(cedDir, limit, new PostEnricher(EnrichmentLimits.defaults()), Instant.now());
    }

    /** As above, by {@code enricher}, the composition ending before {@code now}. */
    static List<EnrichedPost> enrichedStream(Path cedDir, int limit, PostEnricher enricher, Instant now) throws Exception {
        Instant start = now.minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.HOURS);
        List<EnrichedPost> out = new ArrayList<>(limit);
        try (CedPostReader reader = CedPostReader.open(cedDir, CedPostReader.Options.composed(start, Duration.ofMinutes(2)))) {
            while (reader.hasNext() && out.size() < limit) {
                FeedRecord r = reader.next();
                if (r.eventTime().isAfter(now)) {
                    break;
                }
                if (enricher.enrich(r.value(), now) instanceof EnrichOutcome.Enriched e) {
                    out.add(e.post());
                }
            }
        }
        out.sort(Comparator.comparing(EnrichedPost::createdAt));
        return out;
    }

    private static void topicsJob(StreamExecutionEnvironment env, List<EnrichedPost> stream, TopicsJobConfig c) {
        topicsJobOver(env, stream, c).snapshots().sinkTo(new DiscardingSink<>());
    }

    /** The topics job's operators over {@code stream} in event time, without lexicon updates. */
    static TopicsJob.Streams topicsJobOver(StreamExecutionEnvironment env, List<EnrichedPost> stream, TopicsJobConfig c) {
        DataStream<EnrichedPost> posts = env.fromData(stream, JsonTypeInfo.of(EnrichedPost.class))
                .assignTimestampsAndWatermarks(TopicsJob.watermarks(c));
        // no lexicon updates: an empty stream that keeps the posts' watermarks (as TopicsJobFlinkTest)
        DataStream<RawRecord> noUpdates = posts.flatMap((EnrichedPost p, Collector<RawRecord> none) -> { })
                .returns(TypeInformation.of(RawRecord.class));
        return TopicsJob.build(posts, noUpdates, c);
    }

    private static void plainCount(StreamExecutionEnvironment env, List<EnrichedPost> stream, TopicsJobConfig c) {
        int max = c.params().maxTermsPerPost();
        env.fromData(stream, JsonTypeInfo.of(EnrichedPost.class))
                .assignTimestampsAndWatermarks(TopicsJob.watermarks(c))
                .flatMap((EnrichedPost p, Collector<String> out) -> TermExtractor.terms(p, max).forEach(out::collect))
                .returns(Types.STRING)
                .keyBy(t -> t, Types.STRING)
                .window(SlidingEventTimeWindows.of(c.window(), c.slide()))
                .aggregate(new Count(), Types.LONG, Types.LONG)
                .sinkTo(new DiscardingSink<>());
    }

    /** Counts mentions; what any windowed term count does at the least. */
    private static final class Count implements AggregateFunction<String, Long, Long> {
        @Override public Long createAccumulator() { return 0L; }
        @Override public Long add(String v, Long acc) { return acc + 1; }
        @Override public Long getResult(Long acc) { return acc; }
        @Override public Long merge(Long a, Long b) { return a + b; }
    }

    /**
     * Builds a job with {@code build} in a MiniCluster at parallelism 1 (no generic types) and runs it
     * to its end; the process's CPU time counts, so other processes on a shared machine do not.
     *
     * @return {wall seconds, process CPU seconds}
     */
    static double[] timedLocalRun(String name, Consumer<StreamExecutionEnvironment> build) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        build.accept(env);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        env.execute(name);
        return new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9};
    }

    /** @return {posts/s per core, wall seconds, cpu seconds} */
    private static double[] run(String name, List<EnrichedPost> stream, Consumer<StreamExecutionEnvironment> build) throws Exception {
        double[] timed = timedLocalRun(name, build);
        double wall = timed[0];
        double cpu = timed[1];
        double perCore = stream.size() / cpu;
        System.out.printf(Locale.ROOT, "%-22s %,9d posts  wall %6.1f s  cpu %6.1f s  %,10.0f posts/s wall  %,10.0f posts/s per core%n",
                name, stream.size(), wall, cpu, stream.size() / wall, perCore);
        return new double[] {perCore, wall, cpu};
    }

    private static double median(List<double[]> runs) {
        double[] v = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
        return v[v.length / 2];
    }
}
