package io.yuqing.radar.local;

import io.yuqing.radar.local.feed.CedPostReader;
import io.yuqing.radar.local.feed.JsonLinesPostReader;
import io.yuqing.radar.local.feed.PostFeed;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.local.feed.Replayer;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
              --speedup N             event time per wall time; default 60 (the generator's last 40
                                      minutes, before it goes live), 60 (--replay), 300 (--ced);
                                      posts are stamped with the replay's own clock, so windows,
                                      "last 10 minutes" views and alerts see current data
              --rate N                generator background posts per minute of event time (300)
              --limit N               stop the feed after N posts (default: no limit)
              --no-feed               start the stack only
              --no-browser            do not open the trend page in a browser

            stack
              --data-dir DIR          where servers keep data and logs (./.yuqing/local)
              --fresh                 delete the data directory first
              --config FILE           settings file (see README, "Configuration")
              --api-token TOKEN       query service token (default: a random one, printed)
              --parallelism N         Flink job parallelism (2)
              --kafka-port N --hbase-zk-port N --es-port N --flink-port N --query-port N
                                      defaults 9092 2181 9200 8081 8080; 0 = any free port
              --heap-kafka SIZE --heap-hbase SIZE --heap-es SIZE   defaults 512m 1g 1g
            """;

    private static final String DEMO_WARMUP = "PT5M";
    private static final Duration DEMO_HISTORY = Duration.ofMinutes(40);
    /** Catching history up at 60x, the enrich subtasks drift apart by up to a minute or two of event time. */
    private static final String DEMO_OUT_OF_ORDERNESS = "PT2M";

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
        try {
            run(args);
        } catch (Exception e) {
            System.err.println("\nradar-local could not start: " + e.getMessage());
            System.err.println("(full logs of each server are in " + dataDir(args).resolve("logs") + ")");
            System.exit(1);
        }
    }

    private static void run(Map<String, String> args) throws Exception {
        Path data = dataDir(args);
        if (args.containsKey("fresh") && Files.exists(data)) {
            try (Stream<Path> walk = Files.walk(data)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Settings settings = Settings.fromArgs(args.containsKey("config")
                ? new String[] {"--config", args.get("config")} : new String[0]);
        if (!args.containsKey("replay") && !args.containsKey("ced") && !args.containsKey("config")) {
            // The generator's background is steady from its first minute, so baselines need far less
            // than the production warm-up (an unknown stream), and history caught up at 60x arrives
            // further out of order than a live stream: hot topics then show within about a minute.
            settings = settings.with("topics.warmup", DEMO_WARMUP).with("topics.out-of-orderness", DEMO_OUT_OF_ORDERNESS);
            System.out.println("demo settings: topics.warmup=" + DEMO_WARMUP + ", topics.out-of-orderness="
                    + DEMO_OUT_OF_ORDERNESS + " (defaults " + Settings.defaults().get("topics.warmup") + ", "
                    + Settings.defaults().get("topics.out-of-orderness") + "); --config FILE sets your own");
        }
        String token = args.getOrDefault("api-token", UUID.randomUUID().toString().replace("-", ""));
        StackOptions options = new StackOptions(data,
                intArg(args, "kafka-port", 9092), intArg(args, "hbase-zk-port", 2181), intArg(args, "es-port", 9200),
                intArg(args, "flink-port", 8081), intArg(args, "query-port", 8080), token,
                intArg(args, "parallelism", 2), Duration.ofSeconds(10),
                new StackOptions.Heaps(args.getOrDefault("heap-kafka", "512m"), args.getOrDefault("heap-hbase", "1g"),
                        args.getOrDefault("heap-es", "1g")),
                StackOptions.ALL_JOBS, line -> System.out.println("  " + line));

        long t0 = System.nanoTime();
        System.out.println("Starting Yuqing Radar locally …");
        LocalStack stack = LocalStack.start(options, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        List<Runnable> onStop = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping …");
            onStop.forEach(Runnable::run);
            stack.close();
            System.out.println("Stopped. Data kept in " + data + " (--fresh starts over).");
            stopped.countDown();
        }, "radar-local-shutdown"));

        System.out.printf(Locale.ROOT, "%nUp in %.0f s. Try:%n", (System.nanoTime() - t0) / 1e9);
        URI trendPage = TrendPageLink.of(stack.queryUrl(), token);
        boolean opened = !args.containsKey("no-browser") && TrendPageLink.open(trendPage);
        System.out.println("  trend page        " + trendPage + (opened ? "   (opened in your browser)" : ""));
        System.out.println("  Flink web UI      " + stack.flink().webUi());
        System.out.println("  search posts      curl -H 'Authorization: Bearer " + token + "' '"
                + stack.queryUrl() + "/api/v1/posts/search?q=%E6%9A%B4%E9%9B%A8'   (q=暴雨)");
        System.out.println("  hot topics        curl -H 'Authorization: Bearer " + token + "' '"
                + stack.queryUrl() + "/api/v1/topics/hot?hours=1'");
        System.out.println("  alerts            curl -H 'Authorization: Bearer " + token + "' '"
                + stack.queryUrl() + "/api/v1/alerts?level=orange'");
        System.out.println("  API description   " + stack.queryUrl() + "/openapi.json");
        System.out.println("  Elasticsearch     curl '" + stack.elasticsearchUrl() + "/"
                + PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix()) + "/_count'");
        System.out.println("  raw topic         " + stack.enrichConfig().rawTopic() + " on " + stack.kafkaBootstrap());
        System.out.println("Ctrl-C stops everything.\n");

        Headlines headlines = new Headlines(stack.kafkaBootstrap(), stack.topicsConfig().topicsTopic(),
                stack.alertsConfig().alertsTopic(), line -> System.out.println("  " + line));
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

        if (!args.containsKey("no-feed")) {
            startFeed(args, stack, onStop);
        }
        stopped.await();
    }

    private static void startFeed(Map<String, String> args, LocalStack stack, List<Runnable> onStop) throws Exception {
        PostFeed feed;
        double speedUp;
        boolean live = false;
        String what;
        if (args.containsKey("replay")) {
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
            // the last DEMO_HISTORY of chatter and planted events, caught up quickly, then live:
            // posts keep their real times, so windows, baselines and alerts see a normal stream
            Instant now = Instant.now();
            PostGenerator generator = new PostGenerator(PostGenerator.Config.defaults()
                    .withStart(now.minus(DEMO_HISTORY))
                    .withBackgroundPerMinute(Double.parseDouble(args.getOrDefault("rate", "300"))));
            feed = generator;
            speedUp = Double.parseDouble(args.getOrDefault("speedup", "60"));
            live = true;
            StringBuilder events = new StringBuilder();
            for (PostGenerator.PlantedEventInfo e : generator.plantedEvents()) {
                events.append(String.format(Locale.ROOT, "%n    %s · %s (%s): %s, peak %s", e.kind().label(),
                        e.subject(), e.region(), relative("starts", now, e.start()), relative("", now, e.peak()).trim()));
            }
            what = String.format(Locale.ROOT, "generated posts: the last %d minutes caught up at this speed, then live;"
                    + " planted events:%s", DEMO_HISTORY.toMinutes(), events);
        }
        System.out.printf(Locale.ROOT, "Feed at %.0fx: %s%n", speedUp, what);
        Replayer replayer = Replayer.connect(stack.kafkaBootstrap(), Map.of());
        Replayer.Options to = Replayer.Options.to(stack.enrichConfig().rawTopic());
        Replayer.Options options = (live ? to.catchUpThenLive() : to)
                .withSpeedUp(speedUp)
                .withMaxRecords(Long.parseLong(args.getOrDefault("limit", "0")))
                .withProgress(Duration.ofSeconds(15), line -> System.out.println("  feed: " + line));
        Thread t = new Thread(() -> {
            try (PostFeed f = feed; replayer) {
                replayer.replay(f, options);
            } catch (Exception e) {
                System.err.println("feed stopped: " + e);
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

    private static final List<String> FLAGS = List.of("help", "fresh", "no-feed", "no-browser", "generator");
    private static final List<String> VALUED = List.of("replay", "ced", "ced-spacing", "speedup", "rate", "limit",
            "data-dir", "config", "api-token", "parallelism", "kafka-port", "hbase-zk-port", "es-port", "flink-port",
            "query-port", "heap-kafka", "heap-hbase", "heap-es");

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
        return out;
    }
}
