package io.yuqing.radar.servers.flink;

import io.yuqing.radar.servers.ServerProtocol;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.ClusterEntrypoint;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One process of a Flink session cluster, as {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh}
 * of a Flink distribution start it: {@link StandaloneSessionClusterEntrypoint} or
 * {@link TaskManagerRunner}, with this module's classpath standing in for the distribution's lib/.
 * Started by {@code io.yuqing.radar.local.ServerProcess}; the jobs never share its classpath, they
 * arrive as a jar over REST and run in Flink's user-code class loader.
 *
 * <p>Arguments (see {@link ServerProtocol}):
 * <ul>
 *   <li>{@code --role jobmanager|taskmanager} and {@code --data-dir DIR} (required);</li>
 *   <li>JobManager: {@code --rest-port N}, {@code --rpc-port N} (0 or absent: a free port);</li>
 *   <li>TaskManager: {@code --jobmanager HOST:RPCPORT} and {@code --rest URL} of its JobManager,
 *       {@code --id NAME} (its resource id, as the REST API and the web UI show it);</li>
 *   <li>any {@code --some.flink.option value} (a key with a dot) is Flink configuration, as a line
 *       of {@code config.yaml} would be, and wins over the defaults here.</li>
 * </ul>
 * The JobManager prints {@code YUQING-READY rest=http://127.0.0.1:<port> rpc=127.0.0.1:<port>} once
 * its REST API answers; a TaskManager prints {@code YUQING-READY id=<id> slots=<n>} once the
 * JobManager lists it as registered.
 */
public final class FlinkServerMain {
    private static final String HOST = "127.0.0.1";
    private static final Set<String> OWN_ARGS = Set.of("role", "data-dir", "rest-port", "rpc-port", "jobmanager", "rest", "id");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FlinkServerMain() {}

    public static void main(String[] argv) {
        Map<String, String> args;
        String role;
        Path dataDir;
        try {
            args = ServerProtocol.parseArgs(argv);
            for (String key : args.keySet()) {
                if (!OWN_ARGS.contains(key) && !key.contains(".")) {
                    throw new IllegalArgumentException("unknown argument --" + key);
                }
            }
            role = ServerProtocol.require(args, "role");
            dataDir = Paths.get(ServerProtocol.require(args, "data-dir")).toAbsolutePath().normalize();
            Files.createDirectories(dataDir.resolve("tmp"));
        } catch (RuntimeException | IOException e) {
            ServerProtocol.failAndExit("bad arguments: " + e.getMessage(), null);
            return;
        }
        try {
            switch (role) {
                case "jobmanager" -> jobManager(args, dataDir);
                case "taskmanager" -> taskManager(args, dataDir);
                default -> ServerProtocol.failAndExit("--role must be jobmanager or taskmanager, not " + role, null);
            }
        } catch (Throwable e) {
            ServerProtocol.failAndExit("flink " + role + " did not start: " + e, e);
        }
    }

    private static void jobManager(Map<String, String> args, Path dataDir) throws Exception {
        int restPort = ServerProtocol.port(args, "rest-port");
        int rpcPort = ServerProtocol.port(args, "rpc-port");
        Configuration conf = common(dataDir);
        conf.setString("jobmanager.rpc.address", HOST);
        conf.setString("jobmanager.bind-host", HOST);
        conf.setString("jobmanager.rpc.port", String.valueOf(rpcPort));
        conf.setString("rest.address", HOST);
        conf.setString("rest.bind-address", HOST);
        conf.setString("rest.port", String.valueOf(restPort));
        // where uploaded jars are kept: under the data directory, so they survive a JobManager
        // restart as the web UI's list, and are deleted with the stack's data
        conf.setString("web.upload.dir", dataDir.resolve("web-upload").toString());
        overrides(args, conf);

        StandaloneSessionClusterEntrypoint entrypoint = new StandaloneSessionClusterEntrypoint(conf);
        // runClusterEntrypoint exits the JVM itself when the cluster ends or fails to start
        Thread runner = new Thread(() -> ClusterEntrypoint.runClusterEntrypoint(entrypoint), "yuqing-jobmanager");
        runner.start();
        String rest = "http://" + HOST + ":" + restPort;
        awaitRest(rest + "/overview", body -> true);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("rest", rest);
        info.put("rpc", HOST + ":" + rpcPort);
        ServerProtocol.ready(info);
        ServerProtocol.exitWhenParentGone(() -> {
            try {
                entrypoint.closeAsync().get();
            } catch (Exception ignored) {
                // halting anyway
            }
        });
    }

    private static void taskManager(Map<String, String> args, Path dataDir) throws Exception {
        String jobManager = ServerProtocol.require(args, "jobmanager");
        String rest = ServerProtocol.require(args, "rest");
        String id = ServerProtocol.require(args, "id");
        int colon = jobManager.lastIndexOf(':');
        Configuration conf = common(dataDir);
        conf.setString("jobmanager.rpc.address", jobManager.substring(0, colon));
        conf.setString("jobmanager.rpc.port", jobManager.substring(colon + 1));
        conf.setString("taskmanager.host", HOST);
        conf.setString("taskmanager.bind-host", HOST);
        conf.setString("taskmanager.resource-id", id);
        overrides(args, conf);

        // What bin/taskmanager.sh has BashJavaUtils do: derive every memory component from the
        // configured sizes and hand them to the TaskManager as settled values; the JVM's own heap
        // was chosen by the parent and must hold the heap part.
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        String[] dynamic = TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+");
        for (int i = 0; i + 1 < dynamic.length; i++) {
            if (dynamic[i].equals("-D")) {
                String kv = dynamic[++i];
                int eq = kv.indexOf('=');
                conf.setString(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        long heapNeeded = spec.getJvmHeapMemorySize().getBytes();
        long heap = Runtime.getRuntime().maxMemory();
        // -Xmx reports slightly less than asked (a survivor space), hence the slack
        if (heap < heapNeeded * 0.95) {
            ServerProtocol.failAndExit("the JVM heap (" + new MemorySize(heap).toHumanReadableString()
                    + ") is smaller than the TaskManager's framework + task heap ("
                    + spec.getJvmHeapMemorySize().toHumanReadableString() + ")", null);
        }

        Thread runner = new Thread(() -> TaskManagerRunner.runTaskManagerProcessSecurely(conf), "yuqing-taskmanager");
        runner.start();
        awaitRest(rest + "/taskmanagers", body -> body.contains("\"id\":\"" + id + "\""));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("id", id);
        info.put("slots", conf.toMap().getOrDefault("taskmanager.numberOfTaskSlots", "1"));
        ServerProtocol.ready(info);
        // a lost TaskManager is what the failure drills simulate; a clean stop needs nothing more
        ServerProtocol.exitWhenParentGone(() -> {});
    }

    /** What every process of the cluster agrees on; the parent passes the shared directories. */
    private static Configuration common(Path dataDir) {
        Configuration conf = new Configuration();
        conf.setString("io.tmp.dirs", dataDir.resolve("tmp").toString());
        conf.setString("process.working-dir", dataDir.resolve("work").toString());
        conf.setString("blob.storage.directory", dataDir.resolve("blobs").toString());
        conf.setString("rest.bind-address", HOST);
        return conf;
    }

    private static void overrides(Map<String, String> args, Configuration conf) {
        args.forEach((k, v) -> {
            if (k.contains(".")) {
                conf.setString(k, v);
            }
        });
    }

    private static void awaitRest(String url, java.util.function.Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && ready.test(r.body())) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " not ready within " + READY_TIMEOUT.toSeconds() + " s (" + last + ")");
    }
}
