package io.yuqing.radar.local;

import io.yuqing.radar.local.feed.CedPostReader;
import io.yuqing.radar.local.feed.DemoFeed;
import io.yuqing.radar.local.feed.JsonLinesPostReader;
import io.yuqing.radar.local.feed.PostFeed;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.local.feed.Replayer;
import io.yuqing.radar.local.feed.TimeOrderedFeed;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code radar-local}: the whole system on this machine, fed by the built-in generator or a
 * replay of a real export, until Ctrl-C. Run with {@code --help} for the options.
 */
public final class RadarLocal {
    private static final String USAGE = """
            radar-local — Yuqing Radar on this machine: real Kafka (KRaft), HBase and Elasticsearch,
            the Flink jobs in a MiniCluster and the query service, fed with posts until Ctrl-C.

            feed (one of; default: the built-in generator)
              --generator             realistic generated posts with planted events (the demo)
              --replay FILE           a JSON Lines export, one Post per line (.gz allowed)
              --ced DIR               the CED Weibo dataset folder (posts.tsv.gz), events composed
                                      into a dense stream, one new event every --ced-spacing
              --ced-spacing DURATION  default PT2M
              --speedup N             event time per wall time; default 10 (the generator's last 40
                                      minutes, before it goes live), 60 (--replay), 300 (--ced);
                                      posts are stamped with the replay's own clock, so windows,
                                      "last 10 minutes" views and alerts see current data

            backtest (tune alert rules on a recorded export)
              --as-recorded           with --replay: keep each post's own created_at (never
                                      restamped, event time not compressed), sorted by time, sent
                                      as fast as the stack takes them; not with --speedup
              --exit-when-done        with --as-recorded: once the last post is sent, wait for each
                                      job to read everything and stop it drained, so every window
                                      and alert of the recorded posts is committed, then stop the
                                      stack and exit (0 = done, 1 = a job stalled)
              --export DIR            with --exit-when-done: before stopping, write DIR/topics.jsonl
                                      and DIR/alerts.jsonl, the messages of this run exactly as on
                                      yuqing.topics and yuqing.alerts (read_committed, one per line)
              --stall-timeout DURATION  give up (exit 1) when a job commits no progress for this
                                      long while finishing; default PT5M
              --rate N                generator background posts per minute of event time (300)
              --limit N               stop the feed after N posts (default: no limit)
              --no-feed               start the stack only
              --no-browser            do not open the trend page in a browser
              --no-archive            run without HDFS and the archive job (./radar-sql needs them)

            stack
              --data-dir DIR          where servers keep data and logs (./.yuqing/local)
              --fresh                 delete the data directory first
              --config FILE           settings file (see README, "Configuration")
              --api-token TOKEN       query service token (default: a random one, printed)
              --parallelism N         Flink job parallelism (2)
              --flink-cluster         run the jobs on a real Flink session cluster instead of a
                                      MiniCluster in this JVM: a JobManager and TaskManagers, each
                                      a JVM of its own, the jobs submitted as the jobs jar over
                                      REST (as flink run does); logs flink-*.log. Without
                                      the archive (HDFS, radar-sql) for now
              --taskmanagers N        with --flink-cluster: TaskManager processes (2)
              --taskmanager-slots N   with --flink-cluster: slots each (enough for all jobs)
              --taskmanager-heap MB   with --flink-cluster: task heap of each TaskManager (1024)
              --kafka-port N --hbase-zk-port N --es-port N --flink-port N --query-port N --hdfs-port N
                                      defaults 9092 2181 9200 8081 8080 8020; 0 = any free port
              --heap-kafka SIZE --heap-hbase SIZE --heap-es SIZE   defaults 512m 1g 1g
            """;

    /**
     * A recorded replay enters the enrich job in time order (one raw partition), but its parallel
     * writers and its near-duplicate stage (a post without a fingerprint overtakes earlier ones
     * still waiting for their band answers) let posts overtake each other by hundreds: at a quiet
     * hour of a recording, minutes of event time. A wider bound costs nothing in a backtest (windows fire later in wall time, not
     * in event time, and the drain at the end closes them all).
     */
    private static final String AS_RECORDED_OUT_OF_ORDERNESS = "PT5M";

    private RadarLocal() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("radar-local: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
            return;
        }
        if (args.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        int code;
        try {
            code = run(args);
        } catch (Backtest.StalledException e) {
            System.err.println("\nradar-local gave up: " + e.getMessage() + "; nothing exported");
            System.err.println("(full logs of each server are in " + dataDir(args).resolve("logs") + ")");
            code = 1;
        } catch (Exception e) {
            System.err.println("\nradar-local " + (args.containsKey("exit-when-done") ? "failed: " : "could not start: ")
                    + e.getMessage());
            System.err.println("(full logs of each server are in " + dataDir(args).resolve("logs") + ")");
            code = 1;
        }
        // after Ctrl-C, run returns once the shutdown hook has stopped everything: the JVM is exiting
        if (code != 0 || args.containsKey("exit-when-done")) {
            System.exit(code);
        }
    }

    /**
     * Runs the stack until Ctrl-C or, with {@code --exit-when-done}, until the replay's windows and
     * alerts are committed (and exported); then stops it.
     *
     * @return the exit code: 0 when it finished
     * @throws Backtest.StalledException when a job stopped making progress while finishing (the
     *                                   stack has been stopped)
     */
    static int run(Map<String, String> args) throws Exception {
        Path data = dataDir(args);
        if (args.containsKey("fresh") && Files.exists(data)) {
            try (Stream<Path> walk = Files.walk(data)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Settings settings = Settings.fromArgs(args.containsKey("config")
                ? new String[] {"--config", args.get("config")} : new String[0]);
        if (!args.containsKey("replay") && !args.containsKey("ced") && !args.containsKey("config")) {
            settings = DemoFeed.apply(settings);
            StringBuilder set = new StringBuilder();
            StringBuilder dflt = new StringBuilder();
            for (Map.Entry<String, String> e : DemoFeed.settings().entrySet()) {
                set.append(set.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
                dflt.append(dflt.isEmpty() ? "" : ", ").append(Settings.defaults().get(e.getKey()));
            }
            System.out.println("demo settings: " + set + " (defaults " + dflt + "); --config FILE sets your own");
            settings = settings.with("cases.deadlines-file", demoCaseDeadlines(data).toString());
        }
        boolean asRecorded = args.containsKey("as-recorded");
        String ooo = "topics.out-of-orderness";
        if (asRecorded && settings.get(ooo).equals(Settings.defaults().get(ooo))) {
            settings = settings.with(ooo, AS_RECORDED_OUT_OF_ORDERNESS);
            System.out.println("backtest setting: " + ooo + "=" + AS_RECORDED_OUT_OF_ORDERNESS + " (default "
                    + Settings.defaults().get(ooo) + "); set it in --config FILE to choose");
        }
        String token = args.getOrDefault("api-token", UUID.randomUUID().toString().replace("-", ""));
        StackOptions options = new StackOptions(data,
                intArg(args, "kafka-port", 9092), intArg(args, "hbase-zk-port", 2181), intArg(args, "es-port", 9200),
                intArg(args, "flink-port", 8081), intArg(args, "query-port", 8080), token,
                intArg(args, "parallelism", 2), Duration.ofSeconds(10),
                new StackOptions.Heaps(args.getOrDefault("heap-kafka", "512m"), args.getOrDefault("heap-hbase", "1g"),
                        args.getOrDefault("heap-es", "1g")),
                StackOptions.ALL_JOBS, line -> System.out.println("  " + line));
        if (args.containsKey("flink-cluster")) {
            options = options.withFlinkCluster(clusterSize(args, options.parallelism() * options.jobs().size()));
        }

        long t0 = System.nanoTime();
        System.out.println("Starting Yuqing Radar locally …");
        LocalStack stack = LocalStack.start(options, settings);
        LocalArchive archive = null;
        if (args.containsKey("flink-cluster") && !args.containsKey("no-archive")) {
            System.out.println("  (the archive job runs on the MiniCluster only: --flink-cluster runs without HDFS and the archive)");
        } else if (!args.containsKey("no-archive")) {
            try {
                archive = stack.startArchive(intArg(args, "hdfs-port", 8020));
            } catch (Exception e) {
                stack.close();
                throw e;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        List<Runnable> onStop = new ArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                System.out.println("\nStopping …");
                onStop.forEach(Runnable::run);
                stack.close();
                System.out.println("Stopped. Data kept in " + data + " (--fresh starts over).");
                stopped.countDown();
            }
        };
        Thread hook = new Thread(stop, "radar-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        System.out.printf(Locale.ROOT, "%nUp in %.0f s. Try:%n", (System.nanoTime() - t0) / 1e9);
        URI trendPage = TrendPageLink.of(stack.queryUrl(), token);
        boolean opened = !args.containsKey("no-browser") && TrendPageLink.open(trendPage);
        System.out.println("  trend page        " + trendPage + (opened ? "   (opened in your browser)" : ""));
        System.out.println("  Flink web UI      " + stack.flinkUi());
        System.out.println("  search posts      curl -H 'Authorization: Bearer " + token + "' '"
                + stack.queryUrl() + "/api/v1/posts/search?q=%E6%9A%B4%E9%9B%A8'   (q=暴雨)");
        System.out.println("  hot topics        curl -H 'Authorization: Bearer " + token + "' '"
                + stack.queryUrl() + "/api/v1/topics/hot?hours=1'");
        System.out.println("  alerts            curl -H 'Authorization: Bearer " + token + "' '"
                + stack.queryUrl() + "/api/v1/alerts?level=orange'");
        System.out.println("  cases (一情一档)    curl -H 'Authorization: Bearer " + token + "' '"
                + stack.queryUrl() + "/api/v1/cases?overdue=true'");
        System.out.println("  close a case      curl -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' "
                + stack.queryUrl() + "/api/v1/cases/<case id>/events -d '{\"type\":\"closed\",\"actor\":{\"unit\":\"值班室\"},"
                + "\"result\":\"已核实处置\"}'");
        System.out.println("  API description   " + stack.queryUrl() + "/openapi.json");
        System.out.println("  Elasticsearch     curl '" + stack.elasticsearchUrl() + "/"
                + PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix()) + "/_count'");
        System.out.println("  raw topic         " + stack.enrichConfig().rawTopic() + " on " + stack.kafkaBootstrap());
        if (archive != null) {
            System.out.println("  archive (SQL)     ./radar-sql" + (archive.uri().equals(io.yuqing.radar.local.sql.RadarSql.LOCAL_ARCHIVE)
                    ? "" : " --archive " + archive.uri()) + " \"SELECT dt, platform, COUNT(*) FROM posts GROUP BY dt, platform\""
                    + "   (Parquet in " + archive.uri() + ", rows within minutes)");
        }
        System.out.println("Ctrl-C stops everything.\n");

        System.out.println("Case deadlines (" + (settings.optional("cases.deadlines-file") == null ? "shipped"
                : settings.get("cases.deadlines-file")) + "):");
        stack.casesConfig().deadlines().describe().forEach(l -> System.out.println("  " + l));
        System.out.println();
        Headlines headlines = new Headlines(stack.kafkaBootstrap(), stack.topicsConfig().topicsTopic(),
                stack.alertsConfig().alertsTopic(), stack.casesConfig().remindersTopic(),
                line -> System.out.println("  " + line));
        onStop.add(() -> {
            try {
                headlines.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "radar-local-status");
            t.setDaemon(true);
            return t;
        });
        status.scheduleAtFixedRate(() -> printStatus(stack), 15, 15, TimeUnit.SECONDS);
        onStop.add(status::shutdownNow);

        if (!args.containsKey("exit-when-done")) {
            if (!args.containsKey("no-feed")) {
                startFeed(args, stack, onStop);
            }
            stopped.await();
            return 0;
        }

        Backtest backtest = new Backtest(stack.kafkaBootstrap(),
                Duration.parse(args.getOrDefault("stall-timeout", "PT5M")), line -> System.out.println("  " + line));
        Map<TopicPartition, Long> topicsFrom = backtest.endOffsets(stack.topicsConfig().topicsTopic());
        Map<TopicPartition, Long> alertsFrom = backtest.endOffsets(stack.alertsConfig().alertsTopic());
        try (AutoCloseable held = backtest.holdRetention(List.of(stack.topicsConfig().topicsTopic(),
                stack.alertsConfig().alertsTopic(), stack.alertsConfig().dlqTopic()))) {
            Replayer.Summary sent = startFeed(args, stack, onStop).get();
            if (sent.failed() > 0) {
                throw new IllegalStateException(sent.failed() + " posts could not be sent to Kafka");
            }
            backtest.finish(stack.flink(), List.of(
                    new Backtest.Stage("enrich", stack.enrichJob(), stack.enrichConfig().groupId(),
                            stack.enrichConfig().rawTopic()),
                    new Backtest.Stage("topics", stack.topicsJob(), stack.topicsConfig().groupId(),
                            stack.topicsConfig().enrichedTopic()),
                    new Backtest.Stage("alerts", stack.alertsJob(), stack.alertsConfig().groupId(),
                            stack.topicsConfig().topicsTopic())));
            if (args.containsKey("export")) {
                Path dir = Path.of(args.get("export")).toAbsolutePath();
                long topics = backtest.export(stack.topicsConfig().topicsTopic(), topicsFrom, dir.resolve(EXPORT_TOPICS));
                long alerts = backtest.export(stack.alertsConfig().alertsTopic(), alertsFrom, dir.resolve(EXPORT_ALERTS));
                System.out.printf(Locale.ROOT, "  exported %,d topic snapshots and %,d alerts to %s%n", topics, alerts, dir);
            }
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran: it found the stack stopped
            }
        }
        return 0;
    }

    /** The demo's shortened case deadlines, written into the data directory for cases.deadlines-file. */
    static Path demoCaseDeadlines(Path data) throws IOException {
        Path file = data.toAbsolutePath().resolve("demo-case-deadlines.yaml");
        Files.createDirectories(file.getParent());
        try (var in = RadarLocal.class.getResourceAsStream("demo-case-deadlines.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo-case-deadlines.yaml is missing from the classpath");
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** Files {@code --export DIR} writes. */
    static final String EXPORT_TOPICS = "topics.jsonl";
    static final String EXPORT_ALERTS = "alerts.jsonl";

    /** Starts the feed in a thread of its own; the future completes when it has sent its last post. */
    private static CompletableFuture<Replayer.Summary> startFeed(Map<String, String> args, LocalStack stack,
                                                                 List<Runnable> onStop) throws Exception {
        PostFeed feed;
        double speedUp;
        boolean live = false;
        boolean asRecorded = args.containsKey("as-recorded");
        String what;
        if (asRecorded) {
            Path file = Path.of(args.get("replay"));
            long t0 = System.nanoTime();
            TimeOrderedFeed sorted = TimeOrderedFeed.sort(JsonLinesPostReader.open(file));
            feed = sorted;
            speedUp = 0;
            what = String.format(Locale.ROOT, "replaying %s as recorded: %,d lines sorted by created_at in %.1f s,"
                    + " each post keeps its own time, sent as fast as the stack takes them", file, sorted.count(),
                    (System.nanoTime() - t0) / 1e9);
        } else if (args.containsKey("replay")) {
            Path file = Path.of(args.get("replay"));
            feed = JsonLinesPostReader.open(file);
            speedUp = Double.parseDouble(args.getOrDefault("speedup", "60"));
            what = "replaying " + file;
        } else if (args.containsKey("ced")) {
            Path dir = Path.of(args.get("ced"));
            Duration spacing = Duration.parse(args.getOrDefault("ced-spacing", "PT2M"));
            feed = CedPostReader.open(dir, CedPostReader.Options.composed(Instant.now(), spacing));
            // real cascades are sparse after their first hours; 300x keeps the stream dense
            speedUp = Double.parseDouble(args.getOrDefault("speedup", "300"));
            what = "replaying CED events from " + dir + ", one every " + spacing.toMinutes() + " min";
        } else {
            // the demo's history of chatter and planted events, caught up quickly, then live:
            // posts keep their real times, so windows, baselines and alerts see a normal stream
            Instant now = Instant.now();
            PostGenerator generator = DemoFeed.generator(now, Double.parseDouble(args.getOrDefault("rate", "300")));
            feed = generator;
            speedUp = args.containsKey("speedup") ? Double.parseDouble(args.get("speedup")) : DemoFeed.CATCH_UP_SPEED;
            live = true;
            StringBuilder events = new StringBuilder();
            for (PostGenerator.PlantedEventInfo e : generator.plantedEvents()) {
                events.append(String.format(Locale.ROOT, "%n    %s · %s (%s): %s, peak %s", e.kind().label(),
                        e.subject(), e.region(), relative("starts", now, e.start()), relative("", now, e.peak()).trim()));
            }
            what = String.format(Locale.ROOT, "generated posts: the last %d minutes caught up at this speed, then live;"
                    + " planted events:%s", DemoFeed.HISTORY.toMinutes(), events);
        }
        if (asRecorded) {
            System.out.println("Feed: " + what);
        } else {
            System.out.printf(Locale.ROOT, "Feed at %.0fx: %s%n", speedUp, what);
        }
        Replayer replayer = Replayer.connect(stack.kafkaBootstrap(), Map.of());
        Replayer.Options to = Replayer.Options.to(stack.enrichConfig().rawTopic());
        Replayer.Options options = (asRecorded ? to.asRecorded() : (live ? to.catchUpThenLive() : to).withSpeedUp(speedUp))
                .withMaxRecords(Long.parseLong(args.getOrDefault("limit", "0")))
                .withProgress(Duration.ofSeconds(15), line -> System.out.println("  feed: " + line));
        CompletableFuture<Replayer.Summary> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (PostFeed f = feed; replayer) {
                done.complete(replayer.replay(f, options));
            } catch (Exception e) {
                System.err.println("feed stopped: " + e);
                done.completeExceptionally(e);
            }
        }, "radar-local-feed");
        t.setDaemon(true);
        onStop.add(0, () -> {
            replayer.stop();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return done;
    }

    /** "started 35 min ago" / "in 5 min", for the planted events around now. */
    private static String relative(String verb, Instant now, Instant at) {
        long min = Duration.between(now, at).toMinutes();
        String past = verb.equals("starts") ? "started" : "";
        return min < 0 ? (past + " " + (-min) + " min ago").trim() : ((verb.isEmpty() ? "" : verb + " ") + "in " + min + " min");
    }

    /** One line on what has come out of the pipeline so far. */
    private static void printStatus(LocalStack stack) {
        try {
            String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
            long searchable = stack.elasticsearch().count(c -> c.index(pattern)).count();
            long deadLetters = endOffsets(stack, stack.enrichConfig().dlqTopic());
            System.out.printf(Locale.ROOT, "  pipeline: %,d posts searchable · %,d dead letters (%s)%n",
                    searchable, deadLetters, stack.enrichConfig().dlqTopic());
        } catch (Exception e) {
            System.out.println("  pipeline: status unavailable (" + e.getMessage() + ")");
        }
    }

    /** Records in a topic; with transactions this counts commit markers too, so it is an upper bound. */
    private static long endOffsets(LocalStack stack, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < LocalStack.PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }

    private static Path dataDir(Map<String, String> args) {
        return Path.of(args.getOrDefault("data-dir", ".yuqing/local")).toAbsolutePath();
    }

    private static int intArg(Map<String, String> args, String key, int dflt) {
        String v = args.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " takes a whole number, got '" + v + "'");
        }
    }

    /**
     * The session cluster's size from {@code --taskmanagers}, {@code --taskmanager-slots} and
     * {@code --taskmanager-heap}: by default two TaskManagers with slots enough between them for
     * {@code slotsNeeded} (every job's subtasks, one slot each).
     */
    static FlinkSessionCluster.Size clusterSize(Map<String, String> args, int slotsNeeded) {
        FlinkSessionCluster.Size dflt = FlinkSessionCluster.Size.defaults(slotsNeeded);
        int taskManagers = intArg(args, "taskmanagers", dflt.taskManagers());
        int slots = intArg(args, "taskmanager-slots", Math.max(1, (slotsNeeded + taskManagers - 1) / taskManagers));
        return new FlinkSessionCluster.Size(taskManagers, slots, intArg(args, "taskmanager-heap", dflt.taskHeapMegabytes()));
    }

    private static final List<String> FLAGS = List.of("help", "fresh", "no-feed", "no-browser", "generator",
            "as-recorded", "exit-when-done", "flink-cluster", "no-archive");
    private static final List<String> VALUED = List.of("replay", "ced", "ced-spacing", "speedup", "rate", "limit",
            "export", "stall-timeout",
            "data-dir", "config", "api-token", "parallelism", "kafka-port", "hbase-zk-port", "es-port", "flink-port",
            "query-port", "heap-kafka", "heap-hbase", "heap-es", "taskmanagers", "taskmanager-slots", "taskmanager-heap",
            "hdfs-port");

    static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            String key = a.startsWith("--") ? a.substring(2) : null;
            if (key != null && FLAGS.contains(key)) {
                out.put(key, "true");
            } else if (key != null && VALUED.contains(key)) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                out.put(key, argv[++i]);
            } else {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (out.containsKey("replay") && out.containsKey("ced")) {
            throw new IllegalArgumentException("--replay and --ced are alternatives; choose one");
        }
        if (out.containsKey("as-recorded")) {
            if (!out.containsKey("replay")) {
                throw new IllegalArgumentException("--as-recorded replays a recorded export: give it --replay FILE");
            }
            if (out.containsKey("speedup")) {
                throw new IllegalArgumentException("--as-recorded keeps the posts' own times and sends them as fast as the"
                        + " stack takes them: --speedup does not apply");
            }
        }
        if (out.containsKey("flink-cluster") && out.containsKey("exit-when-done")) {
            throw new IllegalArgumentException("--exit-when-done runs on the MiniCluster only; leave out --flink-cluster");
        }
        for (String k : List.of("taskmanagers", "taskmanager-slots", "taskmanager-heap")) {
            if (out.containsKey(k) && !out.containsKey("flink-cluster")) {
                throw new IllegalArgumentException("--" + k + " sizes the session cluster: use it with --flink-cluster");
            }
        }
        // only a finite feed in its own time ends with windows worth waiting for
        if (out.containsKey("exit-when-done") && !out.containsKey("as-recorded")) {
            throw new IllegalArgumentException("--exit-when-done ends a backtest: use it with --replay FILE --as-recorded");
        }
        // exported while the jobs still run, the files would miss the last windows and alerts
        if (out.containsKey("export") && !out.containsKey("exit-when-done")) {
            throw new IllegalArgumentException("--export writes what a finished backtest produced: use it with"
                    + " --exit-when-done");
        }
        if (out.containsKey("stall-timeout")) {
            if (!out.containsKey("exit-when-done")) {
                throw new IllegalArgumentException("--stall-timeout bounds --exit-when-done: use it with --exit-when-done");
            }
            Duration d;
            try {
                d = Duration.parse(out.get("stall-timeout"));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--stall-timeout takes an ISO-8601 duration such as PT5M, got '"
                        + out.get("stall-timeout") + "'");
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--stall-timeout must be positive, got " + out.get("stall-timeout"));
            }
        }
        if (out.containsKey("no-feed") && out.containsKey("exit-when-done")) {
            throw new IllegalArgumentException("--no-feed and --exit-when-done: there would be nothing to wait for");
        }
        return out;
    }
}
