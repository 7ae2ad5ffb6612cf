package io.yuqing.radar.bench;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.alerts.AlertsJobConfig;
import io.yuqing.radar.jobs.alerts.SnapshotParser;
import io.yuqing.radar.jobs.judgement.Signal;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The alerts job's processing ({@code AlertsJob.wire}: snapshot parsing, then grading and 首报/续报
 * keyed by topic, with the rules broadcast beside it) against a plain keyed pass-through of the same
 * snapshot records, both in a Flink MiniCluster in this JVM at parallelism 1, over one synthetic
 * stream of judged topic snapshots (many topics, windows sliding by one minute), as fast as they
 * run; then the latency from a snapshot entering the job to its alert leaving the grading operator,
 * with the snapshots paced well below the job's capacity. Kafka and Elasticsearch are not part of
 * it: their transactions commit on checkpoints, so a Kafka-committed latency is the checkpoint
 * interval plus what is measured here.
 *
 * <pre>
 * ./mvnw -q -pl bench -am package -Dmaven.test.skip=true
 * java -Xmx3g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" \
 *   io.yuqing.radar.bench.AlertsJobBench [topics=2000] [minutes=60] [rounds=3] [paced snapshots/s=1000]
 * </pre>
 */
public final class AlertsJobBench {
    private AlertsJobBench() {}

    // The MiniCluster runs in this JVM, so operators reach these through statics: the functions
    // are serialised into the job graph and cannot share fields with the harness otherwise.
    private static final AtomicLong ALERTS = new AtomicLong();
    private static volatile String[] entryKeys = new String[0];
    private static final Map<String, Long> ENTERED = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        int topics = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int pacedRate = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        AlertsJobConfig config = AlertsJobConfig.from(Settings.defaults());

        List<TopicSnapshot> snapshots = snapshots(topics, minutes, new Random(42));
        List<RawRecord> records = new ArrayList<>(snapshots.size());
        String[] keys = new String[snapshots.size()];
        long bytes = 0;
        for (int i = 0; i < snapshots.size(); i++) {
            TopicSnapshot s = snapshots.get(i);
            RawRecord r = new RawRecord("yuqing.topics", 0, i, s.windowEnd().toEpochMilli(), s.topicId(), Json.toBytes(s));
            records.add(r);
            keys[i] = entryKey(s.topicId(), s.windowEnd());
            bytes += r.value().length;
        }
        entryKeys = keys;
        long judged = snapshots.stream().filter(s -> s.category() != null && s.category() != Category.NONE).count();
        System.out.printf(Locale.ROOT, "%,d snapshots of %,d topics over %d minutes of windows (%,.0f a minute), %.0f %% judged"
                        + " into a domain, %,.0f bytes each%n", records.size(), topics, minutes,
                records.size() / (double) minutes, 100.0 * judged / records.size(), bytes / (double) records.size());

        List<Double> job = new ArrayList<>();
        List<Double> parsed = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        long alerts = 0;
        // round -1 warms the JIT up (the first job ran at less than half its later rate) and is not counted
        for (int r = -1; r < rounds; r++) {
            ALERTS.set(0);
            double a = run(r < 0 ? "warm-up: alerts job" : "alerts job", records.size(), env -> alertsJob(env, records, config, false));
            alerts = ALERTS.get();
            double p = run(r < 0 ? "warm-up: parse + pass" : "parse + keyed pass", records.size(), env -> parsedPassThrough(env, records));
            double c = run(r < 0 ? "warm-up: pass-through" : "keyed pass-through", records.size(), env -> plainPassThrough(env, records));
            if (r >= 0) {
                job.add(a);
                parsed.add(p);
                plain.add(c);
            }
        }
        double a = median(job);
        double p = median(parsed);
        double c = median(plain);
        System.out.printf(Locale.ROOT, "%n%,d alerts a run (%.1f %% of the snapshots)%n", alerts, 100.0 * alerts / records.size());
        System.out.printf(Locale.ROOT, "%-40s %,12.0f snapshots/s per core (median of %d)%n", "alerts job (parallelism 1)", a, rounds);
        System.out.printf(Locale.ROOT, "%-40s %,12.0f snapshots/s per core%n", "parse + keyed pass-through", p);
        System.out.printf(Locale.ROOT, "%-40s %,12.0f snapshots/s per core%n", "keyed pass-through of the records", c);
        System.out.printf(Locale.ROOT, "%-40s %12.2f   (parsed pass-through / ceiling %.2f)%n", "ratio alerts job / ceiling", a / c, p / c);
        System.out.printf(Locale.ROOT, "ratio per round: %s%n", ratios(job, plain));

        // Latency: paced, so it is the job's own path (parse, the keyed shuffle with its buffer
        // timeout, grading) and not the queue a source running flat out builds in front of it.
        ENTERED.clear();
        LATENCIES.clear();
        ALERTS.set(0);
        int n = Math.min(records.size(), pacedRate * 60);
        List<RawRecord> paced = records.subList(0, n);
        run("alerts job, paced", n, env -> alertsJob(env, paced, config, true), pacedRate);
        long[] l = LATENCIES.stream().mapToLong(Long::longValue).sorted().toArray();
        if (l.length == 0) {
            System.out.println("no alert in the paced run: no latency to report");
            return;
        }
        System.out.printf(Locale.ROOT, "%nsnapshot in → alert out of the grading operator, %d snapshots/s for %.0f s, %,d alerts:"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", pacedRate, n / (double) pacedRate, l.length,
                l[l.length / 2] / 1e6, l[Math.min(l.length - 1, (int) Math.ceil(l.length * 0.99) - 1)] / 1e6, l[l.length - 1] / 1e6);
    }

    /**
     * Topics that start over the first half of the span, live 10 to 90 minutes in the topics job's
     * lifecycle with a volume that rises and falls, end with an {@code ended} snapshot, and are
     * judged as the topics job does (a domain with its confidence and evidence, signals, rumour
     * score); a fifth are chatter ({@code NONE}) and a tenth come from a producer that does not judge.
     */
    static List<TopicSnapshot> snapshots(int topics, int minutes, Random rnd) {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
        Category[] domains = Arrays.stream(Category.values()).filter(c -> c != Category.NONE).toArray(Category[]::new);
        String[] platforms = {"weibo", "douyin", "forum", "news", "wechat"};
        String[] regions = {"北京", "上海", "广东", "四川", "湖北", "河南", "江苏", "浙江", "山东", "陕西"};
        Signal[] signals = Signal.values();
        List<List<TopicSnapshot>> byMinute = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            byMinute.add(new ArrayList<>());
        }
        for (int t = 0; t < topics; t++) {
            String id = "tp-" + Integer.toString(t, 36) + "-" + Long.toHexString(rnd.nextLong() & 0xffffffL);
            int start = rnd.nextInt(Math.max(1, minutes / 2));
            int life = 10 + rnd.nextInt(81);
            double peak = 20 * Math.exp(rnd.nextDouble() * Math.log(100)); // 20 to 2,000 posts a window
            double negShare = rnd.nextDouble() * 0.8;
            int kind = rnd.nextInt(10);
            Category category = kind == 0 ? null : kind <= 2 ? Category.NONE : domains[rnd.nextInt(domains.length)];
            Map<String, Double> sig = new LinkedHashMap<>();
            for (Signal s : signals) {
                if (category != null && category != Category.NONE && rnd.nextInt(4) == 0) {
                    sig.put(s.json(), Math.round(rnd.nextDouble() * 0.5 * 100) / 100.0);
                }
            }
            int nPlatforms = 1 + rnd.nextInt(platforms.length);
            int nRegions = 1 + rnd.nextInt(4);
            String region0 = regions[rnd.nextInt(regions.length)];
            Instant first = t0.plus(Duration.ofMinutes(start));
            for (int age = 0; age <= life && start + age < minutes; age++) {
                int m = start + age;
                boolean ended = age == life;
                double x = age / (double) life;
                long posts = ended ? 0 : Math.max(5, Math.round(peak * 4 * x * (1 - x) * (0.9 + 0.2 * rnd.nextDouble())));
                long negative = Math.round(posts * negShare);
                Map<String, Long> plat = new LinkedHashMap<>();
                for (int i = 0; i < nPlatforms && posts > 0; i++) {
                    plat.put(platforms[i], Math.max(1, posts >> i));
                }
                Map<String, Long> reg = new LinkedHashMap<>();
                reg.put(region0, Math.max(1, posts / 3));
                for (int i = 1; i < nRegions && posts > 0; i++) {
                    reg.put(regions[(i * 3 + t) % regions.length], Math.max(1, posts / (3L << i)));
                }
                List<SamplePost> samples = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    samples.add(new SamplePost("weibo:" + t + "-" + age + "-" + i, null,
                            "【" + region0 + "某小区事件】网友称现场有人受伤，相关部门已介入调查，第" + i + "条转发"));
                }
                Instant end = t0.plus(Duration.ofMinutes(m + 1));
                Lifecycle lc = ended ? Lifecycle.ENDED : x < 0.1 ? Lifecycle.EMERGING : x < 0.4 ? Lifecycle.RISING
                        : x < 0.6 ? Lifecycle.PEAK : Lifecycle.COOLING;
                TopicSnapshot s = new TopicSnapshot(id, region0 + "某小区事件引发关注", List.of(region0, "小区", "事件", "受伤"),
                        end.minus(Duration.ofMinutes(10)), end, first, lc, posts, Math.max(1, posts * 8 / 10), posts / 5,
                        negative, posts == 0 ? 0 : negative / (double) posts, plat, reg, Math.log1p(posts) * 10,
                        posts / 10.0, samples, posts * 4, posts * 20, category,
                        category == null ? null : 0.5 + rnd.nextDouble() * 0.5,
                        category == null ? null : List.of("受伤", "调查"),
                        category == null ? null : rnd.nextDouble() * 0.6, category == null ? null : sig)
                        .withOrganizations(Map.of("某区应急管理局", Math.max(1, posts / 10)));
                byMinute.get(m).add(s);
            }
        }
        List<TopicSnapshot> out = new ArrayList<>();
        byMinute.forEach(out::addAll);
        return out;
    }

    private static String entryKey(String topicId, Instant windowEnd) {
        return topicId + "@" + windowEnd.toEpochMilli();
    }

    private static DataStream<RawRecord> source(StreamExecutionEnvironment env, List<RawRecord> records) {
        return env.fromData(records, TypeInformation.of(RawRecord.class));
    }

    private static void alertsJob(StreamExecutionEnvironment env, List<RawRecord> records, AlertsJobConfig c, boolean timed) {
        DataStream<RawRecord> in = source(env, records);
        if (timed) {
            // chained to the source: the stamp is the moment the snapshot is handed to the job
            in = in.map(r -> {
                pace(r.offset());
                ENTERED.put(entryKeys[(int) r.offset()], System.nanoTime());
                return r;
            }).returns(TypeInformation.of(RawRecord.class));
        }
        DataStream<RawRecord> control = env.fromData(List.of(new RawRecord("yuqing.alerts.control", 0, 0, 0L, null,
                "{}".getBytes(StandardCharsets.UTF_8))), TypeInformation.of(RawRecord.class));
        AlertsJob.Streams out = AlertsJob.wire(in, control, c);
        out.alerts().map((Alert a) -> {
                    // chained to the grading operator: this is the alert leaving it
                    if (timed) {
                        Long t = ENTERED.get(entryKey(a.topicId(), a.windowEnd()));
                        if (t != null) {
                            LATENCIES.add(System.nanoTime() - t);
                        }
                    }
                    ALERTS.incrementAndGet();
                    return 0;
                }).returns(Types.INT)
                .sinkTo(new DiscardingSink<>());
        out.deadLetters().sinkTo(new DiscardingSink<>());
    }

    private static void parsedPassThrough(StreamExecutionEnvironment env, List<RawRecord> records) {
        source(env, records)
                .process(new SnapshotParser(), JsonTypeInfo.of(TopicSnapshot.class))
                .keyBy(TopicSnapshot::topicId, Types.STRING)
                .map(s -> s, JsonTypeInfo.of(TopicSnapshot.class))
                .sinkTo(new DiscardingSink<>());
    }

    private static void plainPassThrough(StreamExecutionEnvironment env, List<RawRecord> records) {
        source(env, records)
                .keyBy(RawRecord::key, Types.STRING)
                .map(r -> r, TypeInformation.of(RawRecord.class))
                .sinkTo(new DiscardingSink<>());
    }

    private static double run(String name, int n, Consumer<StreamExecutionEnvironment> build) throws Exception {
        return run(name, n, build, 0);
    }

    /** @return snapshots/s per core of the process over the job's run */
    private static double run(String name, int n, Consumer<StreamExecutionEnvironment> build, int pacedRate) throws Exception {
        paceNanos = pacedRate > 0 ? 1_000_000_000L / pacedRate : 0;
        PACE_START.set(0);
        double[] timed = TopicsJobBench.timedLocalRun(name, build);
        double wall = timed[0];
        double cpu = timed[1];
        double perCore = n / cpu;
        System.out.printf(Locale.ROOT, "%-22s %,9d snapshots  wall %6.1f s  cpu %6.1f s  %,10.0f /s wall  %,10.0f /s per core%n",
                name, n, wall, cpu, n / wall, perCore);
        return perCore;
    }

    private static volatile long paceNanos;
    private static final AtomicLong PACE_START = new AtomicLong();

    /** Holds record {@code i} back to its slot at the paced rate (the source itself cannot be paced). */
    private static void pace(long i) {
        if (paceNanos == 0) {
            return;
        }
        PACE_START.compareAndSet(0, System.nanoTime());
        long due = PACE_START.get() + i * paceNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (wait > 200_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[s.length / 2];
    }

    private static String ratios(List<Double> a, List<Double> b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", a.get(i) / b.get(i)));
        }
        return sb.toString();
    }
}
