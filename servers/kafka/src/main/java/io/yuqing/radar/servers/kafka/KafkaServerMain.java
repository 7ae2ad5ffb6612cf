package io.yuqing.radar.servers.kafka;

import io.yuqing.radar.servers.ServerProtocol;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka cluster in KRaft combined mode (broker and controller in one process) on
 * 127.0.0.1, started by {@code io.yuqing.radar.local.ServerProcess} in a JVM of its own.
 *
 * <p>Arguments (see {@link ServerProtocol}):
 * <ul>
 *   <li>{@code --data-dir DIR} (required): the storage; formatted on first start, reused after.</li>
 *   <li>{@code --port N}: the client listener; 0 or absent picks a free port.</li>
 *   <li>{@code --controller-port N}: the KRaft controller listener; 0 or absent picks a free port.</li>
 *   <li>{@code --partitions N}: {@code num.partitions} for auto-created topics, default 2.</li>
 *   <li>any {@code --some.broker.property value} (a key containing a dot) is passed to the
 *       broker config as is and wins over the defaults below.</li>
 * </ul>
 * Prints {@code YUQING-READY bootstrap=127.0.0.1:<port> controller=127.0.0.1:<port> clusterId=<id>}
 * once an Admin client has seen the broker answer.
 */
public final class KafkaServerMain {
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Set<String> OWN_ARGS = Set.of("data-dir", "port", "controller-port", "partitions");

    private static final Object LIFECYCLE = new Object();
    private static KafkaRaftServer server;
    private static volatile boolean ready;
    private static boolean stopRequested;

    private KafkaServerMain() {}

    public static void main(String[] argv) {
        guardKafkaExit();

        Map<String, String> args;
        Path logDir;
        int port;
        int controllerPort;
        int partitions;
        try {
            args = ServerProtocol.parseArgs(argv);
            for (String key : args.keySet()) {
                if (!OWN_ARGS.contains(key) && !key.contains(".")) {
                    throw new IllegalArgumentException("unknown argument --" + key);
                }
            }
            // One directory for both the partitions and the KRaft metadata log: a single place to
            // wipe or keep, and nothing to keep consistent between two formatted directories.
            logDir = Paths.get(ServerProtocol.require(args, "data-dir")).toAbsolutePath().normalize().resolve("kafka-logs");
            port = ServerProtocol.port(args, "port");
            controllerPort = ServerProtocol.port(args, "controller-port");
            partitions = Integer.parseInt(args.getOrDefault("partitions", "2"));
        } catch (RuntimeException e) {
            ServerProtocol.failAndExit("bad arguments: " + e.getMessage(), null);
            return;
        }

        // Checked up front so the parent gets a one-line reason instead of a Kafka stack trace;
        // the bind errors of the startup itself are still mapped below for the unlikely race.
        requireFree(port);
        requireFree(controllerPort);

        String clusterId;
        try {
            clusterId = formatIfNeeded(logDir);
        } catch (Exception e) {
            ServerProtocol.failAndExit("cannot format storage " + logDir + ": " + e.getMessage(), e);
            return;
        }

        Map<String, Object> props = brokerConfig(logDir, port, controllerPort, partitions);
        args.forEach((k, v) -> {
            if (k.contains(".")) {
                props.put(k, v);
            }
        });

        Runtime.getRuntime().addShutdownHook(new Thread(KafkaServerMain::stop, "yuqing-kafka-sigterm"));
        try {
            KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            synchronized (LIFECYCLE) {
                if (stopRequested) {
                    return;
                }
                server = s;
            }
            s.startup();
            awaitClientRequests(HOST + ":" + port);
        } catch (Throwable e) {
            ServerProtocol.failAndExit(describeStartFailure(e, port, controllerPort), e);
            return;
        }

        Map<String, String> info = new LinkedHashMap<>();
        info.put("bootstrap", HOST + ":" + port);
        info.put("controller", HOST + ":" + controllerPort);
        info.put("clusterId", clusterId);
        ready = true;
        ServerProtocol.ready(info);
        ServerProtocol.exitWhenParentGone(KafkaServerMain::stop);

        server.awaitShutdown();
        synchronized (LIFECYCLE) {
            if (stopRequested) {
                return; // the stdin watcher or the SIGTERM hook finishes the exit
            }
        }
        System.out.println("kafka stopped on its own; exiting");
        System.exit(1);
    }

    /** Idempotent: the stdin watcher and the SIGTERM hook may both get here. */
    private static void stop() {
        KafkaRaftServer s;
        synchronized (LIFECYCLE) {
            if (stopRequested) {
                return;
            }
            stopRequested = true;
            s = server;
        }
        if (s != null) {
            // A controlled shutdown: segments and the metadata log are flushed and marked clean,
            // so the next start on the same data dir skips log recovery.
            s.shutdown();
            s.awaitShutdown();
        }
    }

    private static Map<String, Object> brokerConfig(Path logDir, int port, int controllerPort, int partitions) {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static voter set (kraft.version 0): nothing about the controller's address is written
        // into the storage, so a restart may use another --controller-port.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        p.put("num.partitions", String.valueOf(partitions));
        p.put("auto.create.topics.enable", "true");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics must fit on one broker; fewer partitions than the default 50 make the
        // first consumer group and the first transactional producer come up in well under a second.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Flink's exactly-once KafkaSink keeps a transaction open across a checkpoint interval and
        // often asks for transaction.timeout.ms of up to an hour; the broker default caps it at 15 min.
        p.put("transaction.max.timeout.ms", String.valueOf(TimeUnit.HOURS.toMillis(1)));
        p.put("group.initial.rebalance.delay.ms", "0");

        // Sized for a -Xmx512m JVM on a shared laptop-class machine: the log cleaner would
        // otherwise take a 128 MiB dedupe buffer from the heap, and the thread pools are sized
        // for a production box.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(32L * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "2");
        return p;
    }

    /**
     * Formats the storage on first start and returns the cluster id; on later starts reuses the
     * id recorded in meta.properties, which is what makes the topics on disk this cluster's.
     */
    private static String formatIfNeeded(Path logDir) throws Exception {
        Files.createDirectories(logDir);
        Optional<String> existing = recordedClusterId(logDir);
        String clusterId = existing.orElseGet(() -> Uuid.randomUuid().toString());
        // ignoreFormatted: with a recorded id this only completes a storage a killed first start
        // left half formatted, and is a no-op otherwise.
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .setIgnoreFormatted(true)
                .run();
        System.out.println((existing.isPresent() ? "kafka: reusing storage " : "kafka: formatted storage ")
                + logDir + " (cluster id " + clusterId + ")");
        return clusterId;
    }

    private static Optional<String> recordedClusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        }
        String id = p.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IOException(meta + " holds no cluster.id");
        }
        return Optional.of(id.trim());
    }

    /**
     * startup() returns once the broker is unfenced, but the READY line is a promise to clients,
     * so it is checked from the client side, through the advertised listener.
     */
    private static void awaitClientRequests(String bootstrap) throws Exception {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(conf)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("the broker reports no live brokers");
            }
        }
    }

    private static void requireFree(int port) {
        // SO_REUSEADDR as Kafka's own acceptor uses it: a port left in TIME_WAIT by the previous
        // run on this data dir is free to Kafka, so it must be free to this check too.
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(HOST, port));
        } catch (BindException e) {
            ServerProtocol.failAndExit("port " + port + " is already in use", null);
        } catch (IOException e) {
            ServerProtocol.failAndExit("cannot bind " + HOST + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static String describeStartFailure(Throwable e, int port, int controllerPort) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                String msg = String.valueOf(e.getMessage());
                int used = msg.contains(HOST + ":" + controllerPort) ? controllerPort : port;
                return "port " + used + " is already in use";
            }
        }
        return "kafka did not start: " + e;
    }

    /**
     * Kafka ends the JVM through Exit on fatal errors. Before READY that would look to the parent
     * like a silent death, so it becomes a FAILED line; after READY it stays an ordinary exit so
     * the shutdown hook still stops the broker cleanly.
     */
    private static void guardKafkaExit() {
        Exit.setExitProcedure((status, message) -> {
            if (!ready) {
                ServerProtocol.failAndExit("kafka exited with status " + status + (message == null ? "" : ": " + message), null);
            }
            System.exit(status);
        });
        Exit.setHaltProcedure((status, message) -> {
            if (!ready) {
                ServerProtocol.failAndExit("kafka halted with status " + status + (message == null ? "" : ": " + message), null);
            }
            Runtime.getRuntime().halt(status);
        });
    }
}
