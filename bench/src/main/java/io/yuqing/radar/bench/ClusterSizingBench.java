package io.yuqing.radar.bench;

import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.local.FlinkSessionCluster;
import io.yuqing.radar.local.LocalStack;
import io.yuqing.radar.local.ServerProcess;
import io.yuqing.radar.local.StackOptions;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Each job's rate per TaskManager core on the real session cluster (issue 15): the local stack
 * with a JobManager and TaskManagers in JVMs of their own ({@code radar-local --flink-cluster}),
 * the jobs submitted one at a time as the jobs jar, so the TaskManagers' CPU in a phase is that
 * job's alone. Per job: its input is produced into its Kafka topic as fast as Kafka takes it, and
 * a batch ends when the job's consumer group has committed offsets past its last input record,
 * which Flink's Kafka source does when a checkpoint completes, i.e. once every sink has flushed
 * and the Kafka transactions holding the output have committed. The figure is the input records
 * divided by the CPU seconds the TaskManager processes consumed over the batch
 * ({@code /proc/<pid>/stat} utime + stime). The machine is shared with other builds, so CPU time
 * per record is the figure; the wall clock is context.
 *
 * <ul>
 *   <li>enrich: N real CED posts (as {@link StackThroughput} loads them) into {@code yuqing.posts.raw};
 *   <li>alerts: {@link AlertsJobBench}'s synthetic topic snapshots (full lifecycles) into {@code yuqing.topics};
 *   <li>topics: the enriched posts the enrich phase wrote to {@code yuqing.posts.enriched}, produced
 *       there again (so it needs the enrich phase before it).
 * </ul>
 *
 * <p>Each phase feeds a warm-up share of its input first ({@code warm-up}, 0.2) and waits for it:
 * the job's classes load in its user-code class loader and the JIT compiles them, which a job that
 * runs for weeks pays once; the figure is the rest, fed after that. The warm-up's own rate is
 * printed beside it (what a restart or a rescale costs at first), and the JIT compiler threads'
 * CPU apart, since in runs this short they keep compiling past the warm-up.
 *
 * <pre>
 * ./mvnw -q -o package -pl bench -am -Dmaven.test.skip=true
 * java -Xmx2g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" \
 *   io.yuqing.radar.bench.ClusterSizingBench [posts=30000] [taskmanagers=2] [slots=1] [heap=1024] [parallelism=2]
 *   [jobs=enrich,alerts,topics] [alert-topics=2000] [alert-minutes=60] [warm-up=0.2]
 * </pre>
 */
public final class ClusterSizingBench {
    private ClusterSizingBench() {}

    /** The TaskManagers' CPU with the job running and nothing to read is sampled this long, after the warm-up. */
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(10);
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(30);

    /** The measured (warm) part of a phase, with the warm-up's records and CPU beside it. */
    record Result(String job, String unit, long records, String outputs, double tmCpu, double jitCpu, double idleCpuPerSecond,
                  double jmCpu, double wall, double loadStart, double loadMax, double loadEnd, long restarts,
                  long warmRecords, double warmTmCpu) {
        double perCore() {
            return records / tmCpu;
        }

        /**
         * Without the JIT compiler threads: a job's code is compiled again in each new user-code
         * class loader (each submission, restart from a savepoint, rescale), which the first
         * minutes pay; over a long run the rate tends towards this one.
         */
        double perCoreWithoutJit() {
            return records / (tmCpu - jitCpu);
        }

        /** The TaskManagers' CPU beyond what they burn with the job running idle (checkpoints, heartbeats, polls). */
        String perCoreNetOfIdle() {
            double net = tmCpu - idleCpuPerSecond * wall;
            return net <= 0.1 * tmCpu ? "-" : String.format(Locale.ROOT, "%,.0f", records / net);
        }

        double warmUpPerCore() {
            return warmRecords / warmTmCpu;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("posts", "30000", "taskmanagers", "2", "slots", "1",
                "heap", "1024", "parallelism", "2", "jobs", "enrich,alerts,topics", "alert-topics", "2000",
                "alert-minutes", "60", "warm-up", "0.2"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !a.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + a.keySet());
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<String> jobs = Arrays.asList(a.get("jobs").split(","));
        if (jobs.contains("topics") && !jobs.contains("enrich")) {
            throw new IllegalArgumentException("the topics phase reads what the enrich phase wrote: run enrich too");
        }
        int parallelism = Integer.parseInt(a.get("parallelism"));
        FlinkSessionCluster.Size size = new FlinkSessionCluster.Size(Integer.parseInt(a.get("taskmanagers")),
                Integer.parseInt(a.get("slots")), Integer.parseInt(a.get("heap")));
        if (size.taskManagers() * size.slots() < parallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " needs that many slots");
        }

        List<FeedRecord> posts = jobs.contains("enrich") ? StackThroughput.load(Integer.parseInt(a.get("posts"))) : List.of();
        List<TopicSnapshot> snapshots = jobs.contains("alerts")
                ? AlertsJobBench.snapshots(Integer.parseInt(a.get("alert-topics")), Integer.parseInt(a.get("alert-minutes")), new Random(42))
                : List.of();

        Path data = Files.createTempDirectory("yuqing-sizing");
        StackOptions o = StackOptions.forTests(data);
        // no job at start: each phase submits its job alone, so the TaskManagers' CPU is that job's
        StackOptions options = new StackOptions(o.dataDir(), 0, 0, 0, 0, 0, "bench", parallelism,
                Duration.ofSeconds(5), o.heaps(), java.util.Set.of(), line -> { }).withFlinkCluster(size);
        List<Result> results = new ArrayList<>();
        long ticks = clockTicks();
        try (LocalStack stack = LocalStack.start(options, Settings.defaults());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            FlinkSessionCluster cluster = stack.session();
            System.out.printf(Locale.ROOT, "stack up: %d TaskManagers × %d slots (pids %s), job parallelism %d, %s%n",
                    size.taskManagers(), size.slots(), cluster.taskManagers().stream().map(p -> String.valueOf(p.pid())).toList(),
                    parallelism, posts.isEmpty() ? "" : cedPresent() ? "real CED posts" : "generator posts (../shared/data absent)");
            Phase phase = new Phase(stack, admin, ticks, parallelism, Double.parseDouble(a.get("warm-up")));

            if (jobs.contains("enrich")) {
                String raw = stack.enrichConfig().rawTopic();
                results.add(phase.run(EnrichJob.NAME, "enrich", "posts", posts.size(), stack.enrichConfig().groupId(), (from, to) -> {
                    try (KafkaProducer<String, byte[]> p = producer(stack)) {
                        for (FeedRecord f : posts.subList(from, to)) {
                            p.send(new ProducerRecord<>(raw, f.key(), f.value()));
                        }
                    }
                    return endOffsets(admin, raw);
                }, () -> {
                    long enriched = scan(stack, stack.enrichConfig().enrichedTopic(), false).count();
                    String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
                    stack.elasticsearch().indices().refresh(x -> x.index(pattern));
                    long es = stack.elasticsearch().count(c -> c.index(pattern)).count();
                    return String.format(Locale.ROOT, "%,d enriched (read_committed), %,d in ES", enriched, es);
                }));
            }
            if (jobs.contains("alerts")) {
                String in = stack.alertsConfig().topicsTopic();
                results.add(phase.run(AlertsJob.NAME, "alerts", "snapshots", snapshots.size(), stack.alertsConfig().groupId(), (from, to) -> {
                    try (KafkaProducer<String, byte[]> p = producer(stack)) {
                        for (TopicSnapshot s : snapshots.subList(from, to)) {
                            p.send(new ProducerRecord<>(in, s.topicId(), Json.toBytes(s)));
                        }
                    }
                    return endOffsets(admin, in);
                }, () -> String.format(Locale.ROOT, "%,d alerts (read_committed)",
                        scan(stack, stack.alertsConfig().alertsTopic(), false).count())));
            }
            if (jobs.contains("topics")) {
                // The enrich phase's output, produced again (same partitions, same order) after the
                // topics job has started at the topic's end: were it read from the start, the job
                // would be busy with it while the idle sample is taken.
                String enriched = stack.topicsConfig().enrichedTopic();
                List<ConsumerRecord<byte[], byte[]>> input = scan(stack, enriched, true).records();
                String group = stack.topicsConfig().groupId();
                Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
                endOffsets(admin, enriched).forEach((tp, end) -> start.put(tp, new OffsetAndMetadata(end)));
                admin.alterConsumerGroupOffsets(group, start).all().get();
                // the alerts phase's snapshots are in the same topic: count only the topics job's
                long before = scan(stack, stack.topicsConfig().topicsTopic(), false).count();
                results.add(phase.run(TopicsJob.NAME, "topics", "posts", input.size(), group, (from, to) -> {
                    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                            ProducerConfig.LINGER_MS_CONFIG, 20,
                            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                        for (ConsumerRecord<byte[], byte[]> r : input.subList(from, to)) {
                            p.send(new ProducerRecord<>(enriched, r.partition(), r.timestamp(), r.key(), r.value(), r.headers()));
                        }
                    }
                    return endOffsets(admin, enriched);
                }, () -> String.format(Locale.ROOT, "%,d topic snapshots (read_committed)",
                        scan(stack, stack.topicsConfig().topicsTopic(), false).count() - before)));
            }
        } finally {
            delete(data);
        }

        System.out.printf(Locale.ROOT, "%n%s, %d cores (%s), %d TaskManagers × %d slots, %d MiB task heap, parallelism %d%n",
                java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpuModel(),
                size.taskManagers(), size.slots(), size.taskHeapMegabytes(), parallelism);
        System.out.printf(Locale.ROOT, "%-7s %10s %-9s %9s %13s %8s %12s %10s %13s %8s %9s %9s %17s  %-17s %s%n", "job", "records", "",
                "TM CPU s", "/s per core", "JIT s", "without JIT", "idle CPU/s", "(net of idle)", "wall s", "wall /s", "JM CPU s",
                "warm-up per core", "load start/max/end", "outputs (warm-up included)");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-7s %,10d %-9s %9.1f %,13.0f %8.1f %,12.0f %10.2f %13s %8.1f %,9.0f %9.1f %,10.0f (%,d)  %4.1f/%4.1f/%4.1f    %s%s%n",
                    r.job(), r.records(), r.unit(), r.tmCpu(), r.perCore(), r.jitCpu(), r.perCoreWithoutJit(),
                    r.idleCpuPerSecond(), r.perCoreNetOfIdle(),
                    r.wall(), r.records() / r.wall(), r.jmCpu(), r.warmUpPerCore(), r.warmRecords(),
                    r.loadStart(), r.loadMax(), r.loadEnd(), r.outputs(),
                    r.restarts() > 0 ? "  (" + r.restarts() + " restarts!)" : "");
        }
    }

    /** Produces input records {@code [from, to)} and returns the input topic's end offsets after them. */
    interface Feed {
        Map<TopicPartition, Long> produce(int from, int to) throws Exception;
    }

    /**
     * One job alone on the cluster: submit; feed the warm-up share of the input and wait for it
     * (the job's code is loaded, its JIT compiled, its state created: what a restart or rescale
     * costs); sample the idle TaskManagers; feed the rest and wait for it (the steady rate, what
     * sizing needs); cancel.
     */
    private record Phase(LocalStack stack, Admin admin, long ticks, int parallelism, double warmShare) {
        Result run(String name, String job, String unit, int records, String group, Feed feed,
                   Callable<String> outputs) throws Exception {
            FlinkSessionCluster cluster = stack.session();
            JobID id = stack.submitJar(name, parallelism, null);
            int warm = (int) Math.round(records * warmShare);
            System.out.printf(Locale.ROOT, "%s: job running (%s); warm-up: %,d %s%n", job, id, warm, unit);
            Window w = await(cluster, id, job, group, () -> feed.produce(0, warm));
            // the TaskManagers' upkeep with the job running and nothing to read
            Thread.sleep(2000);
            double i0 = cpuSeconds(cluster.taskManagers(), ticks);
            Thread.sleep(IDLE_SAMPLE.toMillis());
            double idle = (cpuSeconds(cluster.taskManagers(), ticks) - i0) / IDLE_SAMPLE.toSeconds();
            System.out.printf(Locale.ROOT, "%s: warm-up %,d %s, TaskManagers %.1f CPU s (%,.0f /s per core); idle %.2f CPU s/s; measuring %,d%n",
                    job, warm, unit, w.tmCpu, warm / w.tmCpu, idle, records - warm);
            Window m = await(cluster, id, job, group, () -> feed.produce(warm, records));
            long restarts = restarts(cluster, id);
            System.out.printf(Locale.ROOT, "%s: busiest TaskManager threads since they started (warm-up included): %s%n",
                    job, busiestThreads(cluster.taskManagers(), 8));
            cluster.cancel(id);
            cluster.awaitTerminal(id, Duration.ofMinutes(2));
            Result r = new Result(job, unit, records - warm, outputs.call(), m.tmCpu, m.jitCpu, idle, m.jmCpu, m.wall,
                    m.loadStart, m.loadMax, m.loadEnd, restarts, warm, w.tmCpu);
            System.out.printf(Locale.ROOT, "%s: %,d %s in %.1f s, TaskManagers %.1f CPU s (JIT compiler %.1f): %,.0f %s/s per TaskManager core"
                            + " (%,.0f without the JIT); %s%n",
                    job, r.records(), unit, m.wall, m.tmCpu, m.jitCpu, r.perCore(), unit, r.perCoreWithoutJit(), r.outputs());
            return r;
        }

        private record Window(double tmCpu, double jitCpu, double jmCpu, double wall, double loadStart, double loadMax, double loadEnd) {}

        /** Feeds, then waits until the job's group has committed offsets past the fed records. */
        private Window await(FlinkSessionCluster cluster, JobID id, String job, String group,
                             Callable<Map<TopicPartition, Long>> feed) throws Exception {
            double load0 = loadAverage();
            double loadMax = load0;
            double cpu0 = cpuSeconds(cluster.taskManagers(), ticks);
            double jit0 = jitSeconds(cluster.taskManagers(), ticks);
            double jm0 = cpuSeconds(List.of(cluster.jobManager()), ticks);
            long t0 = System.nanoTime();
            Map<TopicPartition, Long> targets = feed.call();
            long deadline = t0 + PHASE_TIMEOUT.toNanos();
            while (!caughtUp(admin, group, targets)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(job + ": group " + group + " not past " + targets + " within " + PHASE_TIMEOUT);
                }
                if (cluster.status(id).isGloballyTerminalState()) {
                    throw new IllegalStateException(job + " ended as " + cluster.status(id) + ": "
                            + cluster.rest("/jobs/" + id + "/exceptions").path("root-exception").asText(""));
                }
                Thread.sleep(250);
                loadMax = Math.max(loadMax, loadAverage());
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double load1 = loadAverage();
            return new Window(cpuSeconds(cluster.taskManagers(), ticks) - cpu0, jitSeconds(cluster.taskManagers(), ticks) - jit0,
                    cpuSeconds(List.of(cluster.jobManager()), ticks) - jm0, wall, load0, Math.max(loadMax, load1), load1);
        }
    }

    /** The group's committed offsets are at or past {@code targets} on every partition that has input. */
    private static boolean caughtUp(Admin admin, String group, Map<TopicPartition, Long> targets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (var t : targets.entrySet()) {
            OffsetAndMetadata c = committed.get(t.getKey());
            if (t.getValue() > 0 && (c == null || c.offset() < t.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static long restarts(FlinkSessionCluster cluster, JobID id) {
        try {
            for (var m : cluster.rest("/jobs/" + id + "/metrics?get=numRestarts")) {
                return (long) Double.parseDouble(m.path("value").asText("0"));
            }
        } catch (Exception e) {
            // the count is a sanity check; the figures stand without it
        }
        return 0;
    }

    private static KafkaProducer<String, byte[]> producer(LocalStack stack) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** A plain (non-transactional) producer's end offsets are its last record's offset + 1. */
    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        for (var p : partitions) {
            q.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(q).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    record Scan(long count, List<ConsumerRecord<byte[], byte[]>> records) {}

    /** A read_committed reader of all of {@code topic}'s partitions, from their beginning. */
    static KafkaConsumer<byte[], byte[]> readCommittedFromStart(LocalStack stack, String topic) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(tps);
        c.seekToBeginning(tps);
        return c;
    }

    /** What a read_committed reader sees of {@code topic}: the record count, and the records if {@code keep}. */
    private static Scan scan(LocalStack stack, String topic, boolean keep) {
        try (KafkaConsumer<byte[], byte[]> c = readCommittedFromStart(stack, topic)) {
            List<TopicPartition> tps = new ArrayList<>(c.assignment());
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            List<ConsumerRecord<byte[], byte[]>> kept = new ArrayList<>();
            long n = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    n++;
                    if (keep) {
                        kept.add(r);
                    }
                }
            }
            return new Scan(n, kept);
        }
    }

    /** CPU seconds (user + system) the processes have used so far, from /proc/<pid>/stat. */
    static double cpuSeconds(List<ServerProcess> processes, long ticksPerSecond) throws IOException {
        long ticks = 0;
        for (ServerProcess p : processes) {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            // the command name may hold spaces; the fields after it start with the state (field 3)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime (14), stime (15)
        }
        return ticks / (double) ticksPerSecond;
    }

    /**
     * CPU seconds of the processes' JIT compiler threads ({@code C1/C2 CompilerThreadN}), from
     * /proc/<pid>/task/<tid>/stat. HotSpot starts and stops compiler threads as the queue grows
     * and shrinks, and a stopped thread's time is no longer listed: this is a lower bound.
     */
    static double jitSeconds(List<ServerProcess> processes, long ticksPerSecond) throws IOException {
        long ticks = 0;
        for (ServerProcess p : processes) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(p.pid()), "task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException gone) {
                        // the thread ended between the listing and the read
                    }
                }
            }
        }
        return ticks / (double) ticksPerSecond;
    }

    private static final java.util.regex.Pattern THREAD = java.util.regex.Pattern.compile("^\"(.*)\" .*cpu=([0-9.]+)ms");

    /**
     * The {@code n} TaskManager threads (summed by name over the TaskManagers, the subtask index
     * dropped) with the most CPU, from {@code jcmd Thread.print} (which gives each thread's full
     * name and CPU time; /proc cuts names at 15 characters): where a job's time goes, by operator
     * chain. Task threads live as long as the job; the JIT's and GC's since the TaskManager started.
     */
    static String busiestThreads(List<ServerProcess> processes, int n) {
        Map<String, Double> byName = new HashMap<>();
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (ServerProcess p : processes) {
            try {
                Process j = new ProcessBuilder(jcmd, String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true).start();
                for (String line : new String(j.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    var m = THREAD.matcher(line);
                    if (m.find()) {
                        String name = m.group(1).replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "").replaceAll("#?\\d+$", "");
                        byName.merge(name, Double.parseDouble(m.group(2)) / 1000, Double::sum);
                    }
                }
                j.waitFor();
            } catch (IOException | InterruptedException e) {
                return "(no thread dump: " + e + ")";
            }
        }
        return byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "'%s' %.1f s", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String s = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(s) : 100;
        } catch (Exception e) {
            return 100; // Linux's USER_HZ on every common architecture
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Whether StackThroughput's loader found the CED posts (it falls back to generated ones). */
    private static boolean cedPresent() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("../shared/data/ced").resolve(io.yuqing.radar.local.feed.CedPostReader.POSTS_FILE))) {
                return true;
            }
        }
        return false;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static void delete(Path dir) {
        try {
            StackThroughput.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
