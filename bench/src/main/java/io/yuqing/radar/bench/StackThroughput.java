package io.yuqing.radar.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.local.LocalStack;
import io.yuqing.radar.local.StackOptions;
import io.yuqing.radar.local.feed.CedPostReader;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostFeed;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The enrich job on the real local stack (Kafka, HBase, Elasticsearch in their own JVMs; the job
 * in a MiniCluster at parallelism 2), in two parts on one running stack:
 *
 * <ol>
 *   <li><b>maximum rate</b>: N real posts are produced into the raw topic as fast as Kafka takes
 *   them, and the clock runs until all N are searchable in Elasticsearch, the last of the job's
 *   outputs. The CPU time each process of the stack used meanwhile ({@code /proc/<pid>/stat}) says
 *   who takes the time, per post, which other engineers' work on the shared machine does not
 *   change the way it changes the wall clock;</li>
 *   <li><b>latency</b>: posts paced at 25 %, 50 % and 90 % of the measured maximum, and for a
 *   sample of them (about 100 a second) the time from the producer's {@code send} to the first
 *   Elasticsearch search that finds the post. The harness never refreshes the index in this part:
 *   a post becomes searchable at the posts index's own refresh ({@code refresh_interval} 5 s in
 *   the shipped template), which is what a user of the search sees.</li>
 * </ol>
 *
 * Everything shares this machine's cores, servers included, so the figures are the whole
 * pipeline's on one machine, not the job's alone.
 *
 * <p>Usage (from the repository root, after {@code ./mvnw package -Dmaven.test.skip}):
 * {@code java -Xmx2g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" io.yuqing.radar.bench.StackThroughput [posts=50000] [--flink-cluster] [--latency-seconds=60] [--jfr=DIR]}
 * <p>With {@code --flink-cluster} the job runs on the real session cluster instead (two
 * TaskManagers of one slot each, the jobs jar over REST), as {@code radar-local --flink-cluster}.
 * {@code --latency-seconds=0} measures the maximum rate only. {@code --jfr=DIR} records the
 * maximum-rate part with JFR ({@code settings=profile}) in this JVM and, through {@code jcmd}, in
 * every server JVM: {@code DIR/<process>.jfr}, summarised by {@link JfrTop}.
 */
public final class StackThroughput {
    /** Latency samples a second: enough for a p99 over a minute, few enough for a cheap ids query. */
    private static final int SAMPLES_PER_SECOND = 100;
    /** How often the latency part searches for its pending sample; bounds the error of each latency. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** The first seconds of a paced phase are left out of its percentiles: the rate change settles. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final double[] LOAD_SHARES = {0.25, 0.50, 0.90};
    /** How long the stack's CPU is read with no posts, before the maximum-rate part. */
    private static final Duration IDLE = Duration.ofSeconds(20);

    private StackThroughput() {}

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int n = a.isEmpty() || a.get(0).startsWith("--") ? 50_000 : Integer.parseInt(a.get(0));
        boolean cluster = a.contains("--flink-cluster");
        int latencySeconds = Integer.parseInt(option(a, "--latency-seconds=", "60"));
        String jfr = option(a, "--jfr=", null);
        List<FeedRecord> posts = load(n);
        Path data = Files.createTempDirectory("yuqing-throughput");
        StackOptions o = StackOptions.forTests(data);
        StackOptions options = new StackOptions(o.dataDir(), 0, 0, 0, 0, 0, "bench", 2,
                Duration.ofSeconds(5), o.heaps(), java.util.Set.of(EnrichJob.NAME), line -> { });
        if (cluster) {
            options = options.withFlinkCluster(new io.yuqing.radar.local.FlinkSessionCluster.Size(2, 1, 1024));
        }
        try (LocalStack stack = LocalStack.start(options, Settings.defaults());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                     ProducerConfig.CLIENT_ID_CONFIG, "bench-producer",
                     ProducerConfig.LINGER_MS_CONFIG, 20,
                     ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
            Map<String, Long> pids = processes(stack);
            System.out.printf(Locale.ROOT, "stack up (%s); load average %s; producing %,d posts (%s)%n",
                    describe(pids), loadAverage(), posts.size(), source());

            // what the servers and the idle job burn with no posts (ZooKeeper ticks, HBase chores,
            // Kafka's raft, ES's housekeeping), so that a row of the table is not read as per-post work
            // (after a pause: the job's subtasks load HanLP's dictionaries once they are running)
            Thread.sleep(SETTLE.toMillis() * 3);
            Map<String, Long> idle0 = cpuTicks(pids);
            long i0 = System.nanoTime();
            Thread.sleep(IDLE.toMillis());
            Map<String, Long> idle = delta(idle0, cpuTicks(pids));
            double idleSeconds = (System.nanoTime() - i0) / 1e9;

            List<Recording> recordings = jfr == null ? List.of() : startJfr(Path.of(jfr), pids);
            Map<String, Long> cpu0 = cpuTicks(pids);
            long producer0 = producerCpuNanos();
            long t0 = System.nanoTime();
            for (FeedRecord r : posts) {
                producer.send(new ProducerRecord<>(stack.enrichConfig().rawTopic(), r.key(), r.value()));
            }
            producer.flush();
            double produced = (System.nanoTime() - t0) / 1e9;
            long searchable = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (searchable < posts.size() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                try {
                    // No forced refresh: the posts index refreshes itself (5 s), as in production; one
                    // forced every poll made Elasticsearch write and merge far more, smaller segments
                    // than it does for users. The clock stops at the refresh that makes the last post
                    // searchable, up to one refresh interval after it was indexed.
                    searchable = stack.elasticsearch().count(c -> c.index(pattern)).count();
                } catch (IOException | RuntimeException e) {
                    // a daily index the job has just created answers 503 until its shards start
                    System.out.println("count failed, asking again: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> cpu1 = cpuTicks(pids);
            long producerNanos = producerCpuNanos() - producer0;
            String load = loadAverage();
            stopJfr(recordings, Path.of(jfr == null ? "." : jfr), pids);
            double maxRate = searchable / seconds;
            System.out.printf(Locale.ROOT, "produced in %.1f s; %,d of %,d searchable after %.1f s; load average %s%n",
                    produced, searchable, posts.size(), seconds, load);
            System.out.printf(Locale.ROOT, "enrich job, parallelism 2 %s, %d cores shared with Kafka, HBase and ES: "
                    + "%,.0f posts/s end to end (Kafka → Flink → Kafka + HBase + ES)%n",
                    cluster ? "on the session cluster (2 TaskManagers)" : "in a MiniCluster",
                    Runtime.getRuntime().availableProcessors(), maxRate);
            printCpu(pids, delta(cpu0, cpu1), idle, idleSeconds, producerNanos, searchable, seconds);

            if (latencySeconds > 0 && searchable == posts.size()) {
                System.out.printf(Locale.ROOT, "%nlatency, post produced → searchable in ES (no forced refresh; "
                        + "posts index refresh_interval %s, job checkpoints every %d s, sinks flush within 1 s); "
                        + "%d s per rate, first %d s left out, ~%d sampled posts/s, searched every %d ms%n",
                        refreshInterval(stack, pattern), options.checkpointInterval().toSeconds(), latencySeconds,
                        SETTLE.toSeconds(), SAMPLES_PER_SECOND, POLL.toMillis());
                System.out.println("| share of max | target posts/s | produced posts/s | sampled | p50 ms | p90 ms | p99 ms | max ms | CPU ms/post (all) | load average |");
                System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
                int round = 1;
                for (double share : LOAD_SHARES) {
                    paced(stack, producer, pattern, pids, posts, round++, share, maxRate, Duration.ofSeconds(latencySeconds));
                }
            }
        } finally {
            deleteTree(data);
        }
    }

    /**
     * One paced phase: posts at {@code share × maxRate} for {@code length}, ids made unique for
     * this round (the same texts and reposts as the maximum-rate part, so the enrichment's work
     * per post is the same), then waits until every sampled post has been found.
     */
    private static void paced(LocalStack stack, KafkaProducer<String, byte[]> producer, String pattern,
                              Map<String, Long> pids, List<FeedRecord> posts, int round, double share, double maxRate,
                              Duration length) throws Exception {
        double rate = share * maxRate;
        long total = Math.max(1, Math.round(rate * length.toSeconds()));
        int every = (int) Math.max(1, Math.round(rate / SAMPLES_PER_SECOND));
        Map<String, Long> pending = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long settled = start + SETTLE.toNanos();
        Poller poller = new Poller(stack, pattern, pending, latencies, settled);
        poller.start();
        Map<String, Long> cpu0 = cpuTicks(pids);
        long intervalNanos = (long) (1e9 / rate);
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            FeedRecord r = posts.get((int) (i % posts.size()));
            String suffix = "-r" + round + "-" + (i / posts.size());
            byte[] value = renamed(r.value(), suffix);
            String id = r.key() + suffix;
            long sent = System.nanoTime();
            if (i % every == 0) {
                pending.put(id, sent);
            }
            producer.send(new ProducerRecord<>(stack.enrichConfig().rawTopic(), id, value));
        }
        double producedRate = total / ((System.nanoTime() - start) / 1e9);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        poller.stopAndJoin();
        // CPU up to the last sample found: the phase's posts, what the stack does between them included
        Map<String, Long> cpu1 = cpuTicks(pids);
        long all = 0;
        for (String p : pids.keySet()) {
            all += cpu1.getOrDefault(p, 0L) - cpu0.getOrDefault(p, 0L);
        }
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        System.out.printf(Locale.ROOT, "| %.0f %% | %,.0f | %,.0f | %,d%s | %s | %s | %s | %s | %.2f | %s |%n",
                share * 100, rate, producedRate, sorted.length,
                pending.isEmpty() ? "" : " (" + pending.size() + " not found in 5 min)",
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0),
                all * 1000.0 / TICKS_PER_SECOND / total, loadAverage());
    }

    /** Searches for the pending sampled posts by id every {@link #POLL}; what a search finds, it timestamps. */
    private static final class Poller extends Thread {
        private final LocalStack stack;
        private final String pattern;
        private final Map<String, Long> pending;
        private final List<Long> latencies;
        private final long settled;
        private volatile boolean stop;

        Poller(LocalStack stack, String pattern, Map<String, Long> pending, List<Long> latencies, long settled) {
            super("bench-latency-poller");
            setDaemon(true);
            this.stack = stack;
            this.pattern = pattern;
            this.pending = pending;
            this.latencies = latencies;
            this.settled = settled;
        }

        @Override
        public void run() {
            while (!stop) {
                long next = System.nanoTime() + POLL.toNanos();
                List<String> ids = new ArrayList<>(pending.keySet());
                if (!ids.isEmpty()) {
                    // the search started now: a post it finds was searchable by now, and was not at the
                    // previous search, at most POLL earlier
                    long asked = System.nanoTime();
                    try {
                        for (int from = 0; from < ids.size(); from += 5_000) {
                            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 5_000));
                            var hits = stack.elasticsearch().search(s -> s.index(pattern)
                                    .query(q -> q.ids(i -> i.values(chunk)))
                                    .size(chunk.size()).source(src -> src.fetch(false)), Void.class).hits().hits();
                            for (var h : hits) {
                                Long sent = pending.remove(h.id());
                                if (sent != null && sent >= settled) {
                                    latencies.add(asked - sent);
                                }
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        System.out.println("latency search failed: " + e);
                    }
                }
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop = true;
            join();
        }
    }

    /** The post with {@code suffix} appended to its id and to the id it reposts, so the round's cascades stay whole. */
    private static byte[] renamed(byte[] value, String suffix) throws IOException {
        ObjectNode post = (ObjectNode) Json.mapper().readTree(value);
        post.put("id", post.get("id").asText() + suffix);
        if (post.hasNonNull("repost_of") && !post.get("repost_of").asText().isEmpty()) {
            post.put("repost_of", post.get("repost_of").asText() + suffix);
        }
        return Json.mapper().writeValueAsBytes(post);
    }

    private static String ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return "–";
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return String.format(Locale.ROOT, "%,d", sorted[Math.max(0, i)] / 1_000_000);
    }

    private static String refreshInterval(LocalStack stack, String pattern) {
        try {
            var settings = stack.elasticsearch().indices().getSettings(g -> g.index(pattern).includeDefaults(false));
            return settings.result().values().stream()
                    .map(s -> s.settings() == null || s.settings().index() == null || s.settings().index().refreshInterval() == null
                            ? "1s (default)" : s.settings().index().refreshInterval().time())
                    .distinct().reduce((x, y) -> x + "," + y).orElse("?");
        } catch (IOException | RuntimeException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    // --- CPU time per process -------------------------------------------------------------------

    /** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat on every common kernel. */
    private static final long TICKS_PER_SECOND = 100;

    /** This JVM and every process it started (the servers; with --flink-cluster the Flink JVMs), by a readable name. */
    private static Map<String, Long> processes(LocalStack stack) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("launcher (Flink MiniCluster, bench)", ProcessHandle.current().pid());
        Map<Long, String> servers = new java.util.HashMap<>();
        stack.servers().forEach(s -> servers.put(s.pid(), s.name() + (s.name().equals("hbase") ? " (+ZooKeeper)" : "")));
        if (stack.session() != null) {
            servers.put(stack.session().jobManager().pid(), "flink jobmanager");
            int i = 0;
            for (var tm : stack.session().taskManagers()) {
                servers.put(tm.pid(), "flink taskmanager " + i++);
            }
        }
        ProcessHandle.current().descendants().forEach(p -> out.put(
                servers.getOrDefault(p.pid(), p.info().command().orElse("pid") + " " + p.pid()), p.pid()));
        return out;
    }

    private static String describe(Map<String, Long> pids) {
        return pids.entrySet().stream().map(e -> e.getKey() + " pid " + e.getValue())
                .reduce((x, y) -> x + ", " + y).orElse("");
    }

    /** utime + stime of each process, in clock ticks; a process that is gone reads as 0. */
    private static Map<String, Long> cpuTicks(Map<String, Long> pids) {
        Map<String, Long> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, ticks(pid)));
        return out;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU of the bench's own producing in this JVM (its thread and the Kafka producer's I/O
     * thread), to tell it apart from the job's in the launcher's figure.
     */
    private static long producerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = Math.max(0, threads.getCurrentThreadCpuTime());
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("kafka-producer-network-thread | bench-producer")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        before.forEach((p, t) -> out.put(p, after.getOrDefault(p, t) - t));
        return out;
    }

    private static void printCpu(Map<String, Long> pids, Map<String, Long> ticks, Map<String, Long> idleTicks,
                                 double idleSeconds, long producerNanos, long posts, double seconds) {
        Map<String, Double> secondsBy = new LinkedHashMap<>();
        pids.keySet().forEach(p -> secondsBy.put(p, ticks.get(p) / (double) TICKS_PER_SECOND));
        double total = secondsBy.values().stream().mapToDouble(Double::doubleValue).sum();
        double idleTotal = idleTicks.values().stream().mapToDouble(t -> t / (double) TICKS_PER_SECOND).sum();
        System.out.printf(Locale.ROOT, "%nCPU during the maximum-rate run (%.1f s wall, %d cores: %.0f core-s available); "
                        + "idle: the same process's CPU rate with no posts (%.0f s before the run) × the run's wall time%n",
                seconds, Runtime.getRuntime().availableProcessors(), seconds * Runtime.getRuntime().availableProcessors(),
                idleSeconds);
        System.out.println("| process | CPU s | share | CPU ms/post | of which idle, s |");
        System.out.println("|---|---:|---:|---:|---:|");
        secondsBy.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> {
                    double idle = idleTicks.get(e.getKey()) / (double) TICKS_PER_SECOND / idleSeconds * seconds;
                    System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f %% | %.3f | %.1f |%n", e.getKey(), e.getValue(),
                            100 * e.getValue() / total, 1000 * e.getValue() / posts, idle);
                    if (e.getKey().startsWith("launcher")) {
                        System.out.printf(Locale.ROOT, "| … of which the bench's producer | %.1f | | %.3f | |%n",
                                producerNanos / 1e9, producerNanos / 1e6 / posts);
                    }
                });
        System.out.printf(Locale.ROOT, "| all | %.1f | 100 %% | **%.3f** | %.1f |%n", total, 1000 * total / posts,
                idleTotal / idleSeconds * seconds);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // --- JFR ------------------------------------------------------------------------------------

    /** JFR (profile settings) in this JVM through its API, in the server JVMs through jcmd. */
    private static List<Recording> startJfr(Path dir, Map<String, Long> pids) throws Exception {
        Files.createDirectories(dir);
        Recording self = new Recording(Configuration.getConfiguration("profile"));
        self.setName("bench-e2e");
        self.start();
        for (var e : pids.entrySet()) {
            if (e.getValue() != ProcessHandle.current().pid()) {
                jcmd(e.getValue(), "JFR.start", "name=bench-e2e", "settings=profile");
            }
        }
        return List.of(self);
    }

    private static void stopJfr(List<Recording> recordings, Path dir, Map<String, Long> pids) throws Exception {
        if (recordings.isEmpty()) {
            return;
        }
        for (Recording r : recordings) {
            r.stop();
            r.dump(dir.resolve("launcher.jfr"));
            r.close();
        }
        for (var e : pids.entrySet()) {
            if (e.getValue() != ProcessHandle.current().pid()) {
                String file = dir.toAbsolutePath().resolve(e.getKey().split(" ")[0] + ".jfr").toString();
                jcmd(e.getValue(), "JFR.stop", "name=bench-e2e", "filename=" + file);
            }
        }
        System.out.println("JFR recordings of the maximum-rate run in " + dir.toAbsolutePath()
                + " (summary: java -cp bench/target/classes io.yuqing.radar.bench.JfrTop " + dir + "/*.jfr)");
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(String.valueOf(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            System.out.println("jcmd " + String.join(" ", command) + " on pid " + pid + " failed: " + out.trim());
        }
    }

    // --- posts ----------------------------------------------------------------------------------

    private static String option(List<String> args, String prefix, String otherwise) {
        return args.stream().filter(s -> s.startsWith(prefix)).map(s -> s.substring(prefix.length()))
                .findFirst().orElse(otherwise);
    }

    private static String source() {
        return sharedCed().isPresent() ? "real CED Weibo posts" : "generator posts (../shared/data absent)";
    }

    /** Posts stamped with distinct ids and times up to now, so none is refused as future or duplicate. */
    static List<FeedRecord> load(int n) throws Exception {
        List<FeedRecord> out = new ArrayList<>(n);
        Optional<Path> ced = sharedCed();
        try (PostFeed feed = ced.isPresent()
                ? CedPostReader.open(ced.get(), CedPostReader.Options.merged())
                : new PostGenerator(PostGenerator.Config.defaults().withStart(Instant.now().minus(Duration.ofDays(2)))
                        .withMalformedShare(0).withBackgroundPerMinute(600))) {
            while (feed.hasNext() && out.size() < n) {
                FeedRecord r = feed.next();
                if (r.key() != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static Optional<Path> sharedCed() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data/ced").normalize();
            if (Files.isRegularFile(candidate.resolve(CedPostReader.POSTS_FILE))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The stack's data (a few hundred MB after a run) does not outlive the run on a shared machine. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
