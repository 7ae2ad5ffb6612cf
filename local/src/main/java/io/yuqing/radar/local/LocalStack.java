package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.elasticsearch.RestClientCustomizer;
import io.yuqing.radar.connectors.hbase.HBaseSinkConfig;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.jobs.Provision;
import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.notify.Notifier;
import io.yuqing.radar.jobs.notify.NotifyJob;
import io.yuqing.radar.jobs.alerts.AlertsJobConfig;
import io.yuqing.radar.jobs.cases.CasesJob;
import io.yuqing.radar.jobs.cases.CasesJobConfig;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.enrich.EnrichJobConfig;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.query.QueryService;
import org.apache.flink.api.common.JobID;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on one machine: real Kafka (KRaft), HBase and Elasticsearch, each in a JVM of
 * its own, plus the Flink jobs in a MiniCluster and the query service in this JVM. Used by the
 * {@code radar-local} command and by the end-to-end tests, so both run the same wiring.
 */
public final class LocalStack implements AutoCloseable {
    /** Partitions of every topic: two, so parallelism 2 has work on both subtasks. */
    public static final int PARTITIONS = 2;

    private final StackOptions options;
    private final Settings settings;
    private Settings effective;
    /** Everything started, last on top: closing pops, so nothing outlives what it depends on. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private ServerProcess kafka;
    private ServerProcess hbase;
    private ServerProcess elasticsearch;
    private FlinkCluster flink;
    private FlinkSessionCluster session;
    private Path jobSettings;
    private Connection hbaseConnection;
    private ElasticsearchClient esClient;
    private ElasticsearchConfig esConfig;
    private EnrichJobConfig enrichConfig;
    private JobID enrichJob;
    private TopicsJobConfig topicsConfig;
    private JobID topicsJob;
    private AlertsJobConfig alertsConfig;
    private JobID alertsJob;
    private CasesJobConfig casesConfig;
    private JobID casesJob;
    private QueryService query;
    private Notifier notifier;

    private LocalStack(StackOptions options, Settings settings) {
        this.options = options;
        this.settings = settings;
    }

    /**
     * Starts everything, or nothing: on failure whatever already started is stopped again and the
     * exception says which component failed and why.
     *
     * @param settings topic names, table names and limits; server addresses are overridden with
     *                 the ones the local servers report
     */
    public static LocalStack start(StackOptions options, Settings settings) throws Exception {
        LocalStack stack = new LocalStack(options, settings);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Preflight.check(options);
        Path data = options.dataDir().toAbsolutePath();
        Path logs = data.resolve("logs");
        Files.createDirectories(logs);
        say("data and logs in " + data);

        // Started side by side: together they take as long as the slowest (HBase), not the sum.
        CompletableFuture<ServerProcess> k = startServer("kafka", data, logs, heap("kafka"), serverArgs("kafka"));
        CompletableFuture<ServerProcess> h = startServer("hbase", data, logs, heap("hbase"), serverArgs("hbase"));
        CompletableFuture<ServerProcess> e = startServer("elasticsearch", data, logs, heap("elasticsearch"),
                serverArgs("elasticsearch"));
        kafka = await(k);
        hbase = await(h);
        elasticsearch = await(e);
        for (CompletableFuture<ServerProcess> f : List.of(k, h, e)) {
            if (f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (CompletionException failed) { // those that started are stopped by close()
                    throw (Exception) failed.getCause();
                }
            }
        }

        String esVersion = elasticsearch.info().getOrDefault("version", "");
        EsCompat compat = EsCompat.forServerVersion(esVersion);
        esConfig = ElasticsearchConfig.of(elasticsearch.info("http")).withCustomizer((RestClientCustomizer) compat::accept);
        // the servers' real addresses replace whatever the settings said
        effective = settings
                .with("kafka.bootstrap", kafka.info("bootstrap"))
                .with("hbase.zookeeper", hbase.info("zookeeper"))
                .with("es.urls", elasticsearch.info("http"))
                .with("query.port", String.valueOf(options.queryPort()))
                .with("query.api-token", options.apiToken())
                // one broker, two cores: one replica, and no more partitions than the jobs' parallelism
                .with("provision.kafka.replication-factor", "1")
                .with("provision.kafka.min-insync-replicas", "1")
                .with("provision.kafka.max-partitions", String.valueOf(PARTITIONS));
        enrichConfig = EnrichJobConfig.from(effective).withElasticsearch(esConfig);
        topicsConfig = TopicsJobConfig.from(effective).withElasticsearch(esConfig);
        alertsConfig = AlertsJobConfig.from(effective).withElasticsearch(esConfig);
        casesConfig = CasesJobConfig.from(effective).withElasticsearch(esConfig);
        provision();

        long t0 = System.nanoTime();
        if (options.flinkCluster() != null) {
            startSessionCluster(data, logs);
        } else {
            // one slot per subtask of each job the stack can run (slot sharing within a job), and one
            // for the archive job's single writer (startArchive)
            flink = FlinkCluster.start(data.resolve("flink"), options.flinkUiPort(),
                    Math.max(4, options.parallelism() * StackOptions.ALL_JOBS.size()) + 1);
            started.push(flink);
            say(String.format("Flink MiniCluster   %-32s (%.1f s)", flink.webUi(), seconds(t0)));
        }
        if (options.jobs().contains(EnrichJob.NAME)) {
            enrichJob = submit(EnrichJob.NAME, env -> EnrichJob.build(env, enrichConfig));
        }
        if (options.jobs().contains(TopicsJob.NAME)) {
            topicsJob = submit(TopicsJob.NAME, env -> TopicsJob.build(env, topicsConfig));
        }
        if (options.jobs().contains(AlertsJob.NAME)) {
            alertsJob = submit(AlertsJob.NAME, env -> AlertsJob.build(env, alertsConfig));
        }
        if (options.jobs().contains(CasesJob.NAME)) {
            casesJob = submit(CasesJob.NAME, env -> CasesJob.build(env, casesConfig));
        }

        io.yuqing.radar.query.CaseDesk cases = io.yuqing.radar.query.CaseDesk.of(effective, hbaseConnection, esClient);
        started.push(cases);
        query = new QueryService(effective, hbaseConnection, esClient, cases).start();
        started.push(query);
        say(String.format("%-19s %s", "Query service", queryUrl()));

        // the notifier: the shipped channels file sends every alert to the log channel, which the
        // stack's log4j2.xml writes to its own file; --config with notify.channels-file changes that
        Notifier n = NotifyJob.build(effective.with("notify.link-base", queryUrl() + "/ui/"));
        notifier = n.start();
        started.push(notifier);
        for (String c : notifier.describeChannels()) {
            say(String.format("%-19s %s%s", "Notifier", c,
                    c.endsWith("→ log") ? ": " + logs.resolve("notifications.log") : ""));
        }
    }

    private JobID submit(String name, java.util.function.Consumer<org.apache.flink.streaming.api.environment.StreamExecutionEnvironment> build)
            throws Exception {
        if (session != null) {
            return submitJar(name, options.parallelism(), null);
        }
        JobID id = flink.submit(name, options.parallelism(), options.checkpointInterval(), build);
        flink.awaitRunning(id, Duration.ofSeconds(90));
        say("job " + name + " running (" + id + ")");
        return id;
    }

    /** The jobs' main classes, as the jobs jar's users name them ({@code flink run -c}, Helm's entryClass). */
    private static final Map<String, String> ENTRY_CLASSES = Map.of(
            EnrichJob.NAME, EnrichJob.class.getName(), TopicsJob.NAME, TopicsJob.class.getName(),
            AlertsJob.NAME, AlertsJob.class.getName(), CasesJob.NAME, CasesJob.class.getName());

    /**
     * The session cluster, the Elasticsearch hop its jobs write through, and the settings file the
     * jobs read (what a ConfigMap's radar.properties is in production).
     */
    private void startSessionCluster(Path data, Path logs) throws Exception {
        long t0 = System.nanoTime();
        Path dir = data.resolve("flink-cluster");
        session = FlinkSessionCluster.start(dir, logs, options.flinkUiPort(), options.flinkCluster(), this::say);
        started.push(session);
        say(String.format("Flink JobManager    %-32s (%.1f s, %d TaskManagers × %d slots, pid %d, log %s)", session.webUi(),
                seconds(t0), options.flinkCluster().taskManagers(), options.flinkCluster().slots(),
                session.jobManager().pid(), session.jobManager().logFile()));
        EsCompatProxy proxy = EsCompatProxy.start(elasticsearch.info("http"));
        started.push(proxy);
        Settings forJobs = effective.with("es.urls", proxy.url())
                .with("flink.checkpoint-interval", options.checkpointInterval().toString());
        java.util.Properties props = new java.util.Properties();
        props.putAll(forJobs.withPrefix(""));
        jobSettings = dir.resolve("radar.properties");
        try (var w = Files.newBufferedWriter(jobSettings, java.nio.charset.StandardCharsets.UTF_8)) {
            props.store(w, "written by radar-local for the jobs on the session cluster");
        }
    }

    /**
     * Submits job {@code name} to the session cluster as the jobs jar, at {@code parallelism},
     * from {@code restoreFrom} (a savepoint, or null), waits until it runs, and makes it the
     * stack's job of that name. For rescaling: stop the job with a savepoint, then this; several
     * jobs may be submitted at once from different threads.
     */
    public JobID submitJar(String name, int parallelism, String restoreFrom) throws Exception {
        if (session == null) {
            throw new IllegalStateException("the stack runs a MiniCluster; jobs are submitted as the jobs jar only with a session cluster");
        }
        JobID id = session.submit(jobsJar(), ENTRY_CLASSES.get(name), List.of("--config", jobSettings.toString()),
                parallelism, restoreFrom);
        session.awaitRunning(id, Duration.ofSeconds(120));
        say("job " + name + " running on the session cluster at parallelism " + parallelism
                + (restoreFrom == null ? "" : " from " + restoreFrom) + " (" + id + ")");
        synchronized (this) {
            switch (name) {
                case EnrichJob.NAME -> enrichJob = id;
                case TopicsJob.NAME -> topicsJob = id;
                case AlertsJob.NAME -> alertsJob = id;
                case CasesJob.NAME -> casesJob = id;
                default -> throw new IllegalArgumentException("no job " + name);
            }
        }
        return id;
    }

    /**
     * The {@code -Pimage} jobs jar the build leaves in {@code jobs/target/image/}: the system
     * property {@code yuqing.jobs.jar} (the launcher and the tests set it), else looked for from
     * the working directory.
     */
    public static Path jobsJar() {
        String p = System.getProperty("yuqing.jobs.jar");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path jar = d.resolve("jobs/target/image/yuqing-jobs.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("no jobs jar (jobs/target/image/yuqing-jobs.jar): build with ./mvnw -pl jobs -am package");
    }

    /**
     * Starts the archive beside the running stack: HDFS on {@code hdfsPort} (0: a free one) in a JVM
     * of its own, then the archive job (one writer) on this stack's Flink. Stopped first on close.
     */
    public synchronized LocalArchive startArchive(int hdfsPort) throws Exception {
        if (flink == null) {
            throw new IllegalStateException("the archive job runs on the MiniCluster; with --flink-cluster use --no-archive");
        }
        LocalArchive archive = LocalArchive.startHdfs(options.dataDir(), hdfsPort, this::say);
        started.push(archive);
        JobID job = archive.submit(flink, effective, 1, options.checkpointInterval(), null);
        say("job " + io.yuqing.radar.jobs.archive.ArchiveJob.NAME + " running (" + job + "), archive " + archive.uri());
        return archive;
    }

    public String queryUrl() {
        return "http://127.0.0.1:" + query.port();
    }

    private CompletableFuture<ServerProcess> startServer(String name, Path data, Path logs, String heap,
                                                         Map<String, String> args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ServerProcess p = ServerProcess.start(name, data.resolve(name), logs, heap, args, Duration.ofSeconds(180));
                say(String.format("%-19s %-32s (%.1f s, pid %d, log %s)", label(name), address(p), p.startTime().toMillis() / 1000.0,
                        p.pid(), p.logFile()));
                return p;
            } catch (IOException ex) {
                throw new IllegalStateException(ex.getMessage(), ex);
            }
        });
    }

    private String heap(String server) {
        return switch (server) {
            case "kafka" -> options.heaps().kafka();
            case "hbase" -> options.heaps().hbase();
            case "elasticsearch" -> options.heaps().elasticsearch();
            default -> throw new IllegalArgumentException("no server " + server);
        };
    }

    private Map<String, String> serverArgs(String server) {
        return switch (server) {
            case "kafka" -> Map.of("port", String.valueOf(options.kafkaPort()), "partitions", String.valueOf(PARTITIONS));
            case "hbase" -> Map.of("zk-port", String.valueOf(options.hbaseZookeeperPort()));
            case "elasticsearch" -> Map.of("http-port", String.valueOf(options.elasticsearchPort()));
            default -> throw new IllegalArgumentException("no server " + server);
        };
    }

    /**
     * For failure drills: stops server {@code name} ("kafka", "hbase" or "elasticsearch") the way
     * {@link #close()} would, keeps it down for {@code down}, then starts it again on the same data
     * directory and port. Jobs, clients and sinks are left alone: riding out the outage is theirs.
     * The server's port must have been fixed in the {@link StackOptions} (with port 0 it would come
     * back on another address that nobody knows).
     *
     * @return how long the server took to start again after the pause
     */
    public synchronized Duration restartServer(String name, Duration down) throws Exception {
        ServerProcess old = switch (name) {
            case "kafka" -> kafka;
            case "hbase" -> hbase;
            case "elasticsearch" -> elasticsearch;
            default -> throw new IllegalArgumentException("no server " + name);
        };
        if (serverArgs(name).values().contains("0")) {
            throw new IllegalStateException(name + " was started on a free port; give it a fixed port to restart it");
        }
        Path data = options.dataDir().toAbsolutePath();
        old.close();
        say(label(name) + " stopped; down for " + down.toSeconds() + " s");
        Thread.sleep(down.toMillis());
        long t0 = System.nanoTime();
        ServerProcess again = ServerProcess.start(name, data.resolve(name), data.resolve("logs"), heap(name),
                serverArgs(name), Duration.ofSeconds(180));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // the new process takes the old one's place in the closing order
        List<AutoCloseable> order = new ArrayList<>(started);
        order.replaceAll(c -> c == old ? again : c);
        started.clear();
        started.addAll(order);
        switch (name) {
            case "kafka" -> kafka = again;
            case "hbase" -> hbase = again;
            default -> elasticsearch = again;
        }
        say(String.format("%-19s %-32s (restarted in %.1f s, pid %d)", label(name), address(again),
                took.toMillis() / 1000.0, again.pid()));
        return took;
    }

    /** The server once started (registered for closing), or null if it failed to. */
    private ServerProcess await(CompletableFuture<ServerProcess> f) {
        try {
            ServerProcess p = f.get(200, TimeUnit.SECONDS);
            started.push(p);
            return p;
        } catch (Exception ex) {
            return null;
        }
    }

    /** Topics, the tables and index templates: created when missing, kept when present ({@link Provision}). */
    private void provision() throws Exception {
        List<String> done = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.info("bootstrap")))) {
            done.addAll(Provision.kafka(admin, effective));
        }
        hbaseConnection = ConnectionFactory.createConnection(enrichConfig.hbase().toConfiguration());
        started.push(hbaseConnection);
        try (var admin = hbaseConnection.getAdmin()) {
            done.addAll(Provision.hbase(admin, effective));
        }
        esClient = esConfig.client();
        started.push(() -> esClient._transport().close());
        done.addAll(Provision.elasticsearch(esClient, effective));
        say("provisioned " + done.stream().filter(l -> l.contains("created")).count() + " topics/tables, "
                + done.get(done.size() - 1));
    }

    public String kafkaBootstrap() {
        return kafka.info("bootstrap");
    }

    public String hbaseZookeeper() {
        return hbase.info("zookeeper");
    }

    public String elasticsearchUrl() {
        return elasticsearch.info("http");
    }

    public ElasticsearchConfig elasticsearchConfig() {
        return esConfig;
    }

    /** The settings in force, with the local servers' addresses. */
    public Settings settings() {
        return effective;
    }

    public EnrichJobConfig enrichConfig() {
        return enrichConfig;
    }

    public Connection hbase() {
        return hbaseConnection;
    }

    public ElasticsearchClient elasticsearch() {
        return esClient;
    }

    public TopicsJobConfig topicsConfig() {
        return topicsConfig;
    }

    public JobID topicsJob() {
        return topicsJob;
    }

    public AlertsJobConfig alertsConfig() {
        return alertsConfig;
    }

    public JobID alertsJob() {
        return alertsJob;
    }

    public CasesJobConfig casesConfig() {
        return casesConfig;
    }

    public JobID casesJob() {
        return casesJob;
    }

    public FlinkCluster flink() {
        return flink;
    }

    /** The real session cluster, or null when the jobs run in a MiniCluster ({@link #flink()}). */
    public FlinkSessionCluster session() {
        return session;
    }

    /** The web UI of whichever Flink runs the jobs. */
    public String flinkUi() {
        return session != null ? session.webUi() : flink.webUi();
    }

    public JobID enrichJob() {
        return enrichJob;
    }

    public List<ServerProcess> servers() {
        return List.of(kafka, hbase, elasticsearch);
    }

    private void say(String line) {
        options.out().accept(line);
    }

    private static String label(String server) {
        return switch (server) {
            case "kafka" -> "Kafka (KRaft)";
            case "hbase" -> "HBase";
            case "elasticsearch" -> "Elasticsearch";
            default -> server;
        };
    }

    private static String address(ServerProcess p) {
        return switch (p.name()) {
            case "kafka" -> p.info("bootstrap");
            case "hbase" -> "zookeeper " + p.info("zookeeper");
            case "elasticsearch" -> p.info("http") + " (" + p.info().getOrDefault("version", "?") + ")";
            default -> p.info().toString();
        };
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Stops in reverse order of start: query service, jobs, clients, then the servers. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception ex) {
                options.out().accept("while stopping: " + ex);
            }
        }
    }

    /** Checks made before anything starts, so failures are clear instead of half-started. */
    static final class Preflight {
        private Preflight() {}

        static void check(StackOptions o) {
            record Port(int port, String what, String flag) {}
            for (Port p : List.of(new Port(o.kafkaPort(), "Kafka", "--kafka-port"),
                    new Port(o.hbaseZookeeperPort(), "HBase ZooKeeper", "--hbase-zk-port"),
                    new Port(o.elasticsearchPort(), "Elasticsearch", "--es-port"),
                    new Port(o.flinkUiPort(), "the Flink web UI", "--flink-port"),
                    new Port(o.queryPort(), "the query service", "--query-port"))) {
                if (p.port() != 0 && !isFree(p.port())) {
                    throw new IllegalStateException("port " + p.port() + " (" + p.what() + ") is already in use: stop "
                            + "what holds it, or choose another with " + p.flag() + " N");
                }
            }
            long needed = o.heaps().totalBytes() + Runtime.getRuntime().maxMemory();
            if (o.flinkCluster() != null) {
                // JobManager 768m; per TaskManager its heap, metaspace and Flink's off-heap parts
                needed += (768L << 20) + o.flinkCluster().taskManagers() * ((o.flinkCluster().taskHeapMegabytes() + 128 + 512 + 400L) << 20);
            }
            long available = MemInfo.availableBytes();
            if (available > 0 && available < needed) {
                throw new IllegalStateException(String.format(
                        "the stack needs about %.1f GiB of memory (server heaps %.1f GiB + this JVM %.1f GiB) but only "
                                + "%.1f GiB is available; close other programs or lower the heaps (--heap-hbase 768m …)",
                        needed / (double) (1L << 30), o.heaps().totalBytes() / (double) (1L << 30),
                        Runtime.getRuntime().maxMemory() / (double) (1L << 30), available / (double) (1L << 30)));
            }
        }

        private static boolean isFree(int port) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
