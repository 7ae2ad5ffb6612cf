package io.yuqing.radar.servers.elasticsearch;

import io.yuqing.radar.servers.ServerProtocol;

import org.elasticsearch.Version;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthResponse;
import org.elasticsearch.analysis.common.CommonAnalysisPlugin;
import org.elasticsearch.cluster.health.ClusterHealthStatus;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.unit.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.BindHttpException;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.index.mapper.MapperExtrasPlugin;
import org.elasticsearch.index.rankeval.RankEvalPlugin;
import org.elasticsearch.index.reindex.ReindexPlugin;
import org.elasticsearch.ingest.common.IngestCommonPlugin;
import org.elasticsearch.join.ParentJoinPlugin;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.painless.PainlessPlugin;
import org.elasticsearch.percolator.PercolatorPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.script.mustache.MustachePlugin;
import org.elasticsearch.search.aggregations.matrix.MatrixAggregationPlugin;
import org.elasticsearch.transport.BindTransportException;
import org.elasticsearch.transport.Netty4Plugin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A single real Elasticsearch 7.10.2 node (OSS modules, no security) in this JVM, bound to
 * 127.0.0.1. Arguments: {@code --data-dir} (home, data and logs live under it, so a restart on
 * the same directory keeps the indices), {@code --http-port} (0 or absent: a free port),
 * {@code --heap-check} is not needed: the parent sets -Xmx.
 *
 * <p>Why 7.10.2: it is the newest Elasticsearch whose server and modules are on Maven Central
 * as plain jars that start in-process. Production clients (elasticsearch-java 8.x) need the
 * local/test-side compatibility shim {@code io.yuqing.radar.local.EsCompat} to talk to it.
 * A 9.x node (tried with 9.5.3) does start from Central jars, but only on JDK 21+, with the
 * server on the module path, and with transport-netty4 as its only module: analysis-common
 * (the cjk analyzer), rest-root ({@code GET /}, which the client's info() calls), painless,
 * mapper-extras and all of x-pack (ILM) are not published, so it cannot serve this project.
 */
public final class ElasticsearchServerMain {

    // The OSS distribution's modules that matter for this project: analysis-common carries the
    // cjk analyzer used for Chinese bigram search; netty4 is the HTTP/transport layer itself.
    // lang-expression, repository-url and ingest-user-agent are left out to keep start-up short.
    private static final List<Class<? extends Plugin>> MODULES = List.of(
            Netty4Plugin.class,
            CommonAnalysisPlugin.class,
            MapperExtrasPlugin.class,
            ReindexPlugin.class,
            PainlessPlugin.class,
            MustachePlugin.class,
            IngestCommonPlugin.class,
            MatrixAggregationPlugin.class,
            ParentJoinPlugin.class,
            PercolatorPlugin.class,
            RankEvalPlugin.class);

    private static final Object LOCK = new Object();
    private static Node node;
    private static boolean stopped;
    private static final CountDownLatch STOPPED = new CountDownLatch(1);

    private ElasticsearchServerMain() {}

    public static void main(String[] argv) {
        long t0 = System.nanoTime();
        Map<String, String> args;
        Path dataDir;
        int httpPort;
        try {
            args = ServerProtocol.parseArgs(argv);
            dataDir = Paths.get(ServerProtocol.require(args, "data-dir")).toAbsolutePath();
            // 0 goes to ES as 0: a port picked here and bound there later can be taken in between
            httpPort = Integer.parseInt(args.getOrDefault("http-port", "0"));
        } catch (RuntimeException e) {
            ServerProtocol.failAndExit("bad arguments: " + e.getMessage(), null);
            return;
        }
        // Netty's start-up error for a taken port is buried in a long cause chain; checking first
        // gives the user one clear line.
        if (httpPort != 0 && !canBind(httpPort)) {
            ServerProtocol.failAndExit("http port " + httpPort + " on 127.0.0.1 is already in use", null);
            return;
        }

        Settings settings = Settings.builder()
                .put("cluster.name", "yuqing-local")
                .put("node.name", "yuqing-es")
                .put("path.home", dataDir.toString())
                .put("path.data", dataDir.resolve("data").toString())
                .put("path.logs", dataDir.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                // Nothing outside this JVM uses the transport port, so ES binds an ephemeral one itself:
                // a port picked here first was once taken by a concurrent start before ES bound it.
                .put("transport.port", 0)
                .put("discovery.type", "single-node")
                // a developer's nearly full disk must not turn every index read-only
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("logger.level", "WARN")
                .build();

        try {
            Files.createDirectories(dataDir.resolve("config"));
            Files.createDirectories(dataDir.resolve("data"));
            Files.createDirectories(dataDir.resolve("logs"));
            // Console logging at WARN+, nothing from a log4j2.properties file: ES's file appenders
            // would otherwise write JSON logs the parent never reads.
            LogConfigurator.configureWithoutConfig(settings);
            Environment env = InternalSettingsPreparer.prepareEnvironment(
                    settings, Map.of(), dataDir.resolve("config"), () -> "yuqing-es");
            Node n = new Node(env, MODULES, true) {
                // the protected constructor is the one that takes classpath plugins
            };
            synchronized (LOCK) {
                node = n;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(ElasticsearchServerMain::stop, "yuqing-es-shutdown"));
            ServerProtocol.exitWhenParentGone(ElasticsearchServerMain::stop);
            n.start();

            ClusterHealthResponse health = n.client().admin().cluster().prepareHealth()
                    .setWaitForYellowStatus()
                    .setTimeout(TimeValue.timeValueSeconds(60))
                    .get();
            if (health.isTimedOut() || health.getStatus() == ClusterHealthStatus.RED) {
                throw new IllegalStateException("cluster health is " + health.getStatus()
                        + " after 60 s (unassigned shards: " + health.getUnassignedShards() + ")");
            }
            int boundPort = n.injector().getInstance(HttpServerTransport.class)
                    .boundAddress().publishAddress().getPort();
            System.out.printf("elasticsearch %s up in %d ms, health %s, data in %s%n", Version.CURRENT,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), health.getStatus(), dataDir);
            System.out.flush();
            Map<String, String> info = new LinkedHashMap<>();
            info.put("http", "http://127.0.0.1:" + boundPort);
            info.put("version", Version.CURRENT.toString());
            ServerProtocol.ready(info);
        } catch (Throwable e) {
            String reason = describe(e, httpPort);
            stop();
            ServerProtocol.failAndExit(reason, e);
            return;
        }
        // Every ES thread is a daemon (its Bootstrap keeps a thread of its own for this), so the
        // JVM would exit as soon as main returned.
        try {
            STOPPED.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Throwable e, int httpPort) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BindHttpException) {
                return "http port " + httpPort + " on 127.0.0.1 is already in use: " + c.getMessage();
            }
            if (c instanceof BindTransportException) {
                return "no transport port could be bound on 127.0.0.1: " + c.getMessage();
            }
            if (c instanceof IllegalStateException && String.valueOf(c.getMessage()).contains("failed to obtain node locks")) {
                return "data dir is locked by another elasticsearch process: " + c.getMessage();
            }
        }
        return "elasticsearch did not start: " + e;
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Idempotent: reached from stdin EOF, SIGTERM and failed starts alike. */
    private static void stop() {
        Node n;
        synchronized (LOCK) {
            if (stopped || node == null) {
                stopped = true;
                STOPPED.countDown();
                return;
            }
            stopped = true;
            n = node;
        }
        try {
            n.close();
            if (!n.awaitClose(20, TimeUnit.SECONDS)) {
                System.out.println("elasticsearch did not close within 20 s");
            }
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            STOPPED.countDown();
        }
    }
}
