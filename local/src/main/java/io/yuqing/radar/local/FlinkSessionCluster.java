package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A real Flink session cluster on this machine: a JobManager and TaskManagers, each a JVM of its
 * own ({@code servers/flink}), configured as an operator configures a standalone cluster. Jobs
 * reach it only as the {@code -Pimage} jobs jar through the REST API (upload, then run with an
 * entry class and arguments), so they run in Flink's user-code class loader as in production;
 * nothing of the jobs is on the cluster's classpath.
 */
public final class FlinkSessionCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the cluster is sized.
     *
     * @param taskManagers      TaskManager processes
     * @param slots             task slots per TaskManager
     * @param taskHeapMegabytes each TaskManager's task heap; its JVM heap is this plus Flink's 128 MiB framework heap
     */
    public record Size(int taskManagers, int slots, int taskHeapMegabytes) {
        public Size {
            if (taskManagers < 1 || slots < 1 || taskHeapMegabytes < 256) {
                throw new IllegalArgumentException("a session cluster needs at least one TaskManager with a slot and 256 MiB of task heap");
            }
        }

        public static Size defaults(int slotsNeeded) {
            return new Size(2, Math.max(2, (slotsNeeded + 1) / 2), 1024);
        }
    }

    private final Path dataDir;
    private final Path logDir;
    private final Size size;
    private final Consumer<String> out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ServerProcess jobManager;
    private final List<ServerProcess> taskManagers = new ArrayList<>();
    private final Map<Path, String> uploaded = new LinkedHashMap<>();

    private FlinkSessionCluster(Path dataDir, Path logDir, Size size, Consumer<String> out, ServerProcess jobManager) {
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.size = size;
        this.out = out;
        this.jobManager = jobManager;
    }

    /**
     * Starts the JobManager, then the TaskManagers side by side, and returns once every
     * TaskManager is registered.
     *
     * @param restPort the REST API and web UI port, 0 for a free one
     */
    public static FlinkSessionCluster start(Path dataDir, Path logDir, int restPort, Size size, Consumer<String> out)
            throws Exception {
        Files.createDirectories(dataDir);
        Map<String, String> jm = new LinkedHashMap<>(shared(dataDir));
        jm.put("rest-port", String.valueOf(restPort));
        jm.put("role", "jobmanager");
        ServerProcess jobManager = ServerProcess.start("flink", dataDir.resolve("jobmanager"), logDir, "768m", jm,
                Duration.ofSeconds(120), "flink-jobmanager");
        FlinkSessionCluster c = new FlinkSessionCluster(dataDir, logDir, size, out, jobManager);
        try {
            List<java.util.concurrent.CompletableFuture<ServerProcess>> starting = new ArrayList<>();
            for (int i = 0; i < size.taskManagers(); i++) {
                int n = i + 1;
                starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> c.launchTaskManager(n)));
            }
            for (var f : starting) {
                c.taskManagers.add(f.join());
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * The configuration every process reads, as an operator's {@code config.yaml} would hold it:
     * checkpoints and savepoints on the local file system (a directory all processes share, as a
     * mounted volume or HDFS would be), the hashmap state backend, retained checkpoints, quick
     * failure detection on one machine, and room for the 120 MB jobs jar in an upload.
     */
    private static Map<String, String> shared(Path dataDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("state.backend.type", "hashmap");
        c.put("execution.checkpointing.dir", dataDir.resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", dataDir.resolve("savepoints").toUri().toString());
        c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        c.put("execution.checkpointing.num-retained", "3");
        c.put("restart-strategy.type", "exponential-delay");
        c.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        c.put("restart-strategy.exponential-delay.max-backoff", "30 s");
        c.put("heartbeat.interval", "2000");
        c.put("heartbeat.timeout", "15000");
        c.put("rest.server.max-content-length", String.valueOf(512L << 20));
        c.put("rest.client.max-content-length", String.valueOf(512L << 20));
        // Flink's security module writes a JAAS file without the ZooKeeper 'Client' section, and the
        // HBase client's ZooKeeper then fails a SASL login on every connect before going on without
        c.put("zookeeper.sasl.disable", "true");
        // contract records carry their own serializers; a Kryo fallback would be a bug (as FlinkCluster)
        c.put("pipeline.generic-types", "false");
        return c;
    }

    private ServerProcess launchTaskManager(int n) {
        Map<String, String> tm = new LinkedHashMap<>(shared(dataDir));
        tm.put("role", "taskmanager");
        tm.put("id", "taskmanager-" + n);
        tm.put("jobmanager", jobManager.info("rpc"));
        tm.put("rest", webUi());
        tm.put("taskmanager.numberOfTaskSlots", String.valueOf(size.slots()));
        tm.put("taskmanager.memory.task.heap.size", size.taskHeapMegabytes() + "m");
        tm.put("taskmanager.memory.framework.heap.size", "128m");
        tm.put("taskmanager.memory.managed.size", "64m");
        // each job's user-code class loader holds its own copy of the jobs jar's classes
        tm.put("taskmanager.memory.jvm-metaspace.size", "512m");
        try {
            ServerProcess p = ServerProcess.start("flink", dataDir.resolve("taskmanager-" + n), logDir,
                    (size.taskHeapMegabytes() + 128) + "m", tm, Duration.ofSeconds(120), "flink-taskmanager-" + n);
            out.accept(String.format("Flink TaskManager %d  %d slots, pid %d, log %s", n, size.slots(), p.pid(), p.logFile()));
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public String webUi() {
        return jobManager.info("rest");
    }

    public Size size() {
        return size;
    }

    public ServerProcess jobManager() {
        return jobManager;
    }

    /** The TaskManager processes, in start order (index 0 = taskmanager-1). */
    public synchronized List<ServerProcess> taskManagers() {
        return List.copyOf(taskManagers);
    }

    /**
     * Submits {@code jar} as {@code flink run} and the web UI do: uploaded once, then run with
     * {@code entryClass} and {@code args}; the job's main runs in the JobManager and the job graph
     * it builds is submitted there.
     *
     * @param restoreFrom a savepoint or retained checkpoint to start from, or null
     */
    public JobID submit(Path jar, String entryClass, List<String> args, int parallelism, String restoreFrom) throws Exception {
        String jarId = upload(jar);
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", args);
        body.put("parallelism", parallelism);
        if (restoreFrom != null) {
            body.put("savepointPath", restoreFrom);
            body.put("allowNonRestoredState", false);
        }
        JsonNode r = call("POST", "/jars/" + jarId + "/run", body.toString(), Duration.ofMinutes(3));
        return JobID.fromHexString(r.path("jobid").asText());
    }

    private synchronized String upload(Path jar) throws Exception {
        String known = uploaded.get(jar);
        if (known != null) {
            return known;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jobs jar at " + jar + ": build it with ./mvnw -pl jobs -am package");
        }
        String boundary = "yuqing-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(webUi() + "/jars/upload"))
                .timeout(Duration.ofMinutes(3))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode r = checked("POST /jars/upload", resp);
        String file = r.path("filename").asText();
        String id = file.substring(file.lastIndexOf('/') + 1);
        uploaded.put(jar, id);
        return id;
    }

    public JobStatus status(JobID job) throws Exception {
        return JobStatus.valueOf(rest("/jobs/" + job).path("state").asText());
    }

    /** Waits until the job and every one of its tasks run (not just until it is accepted). */
    public void awaitRunning(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode j = rest("/jobs/" + job);
            JobStatus s = JobStatus.valueOf(j.path("state").asText());
            if (s.isGloballyTerminalState()) {
                throw new IllegalStateException("job " + job + " ended as " + s + " before it ran; "
                        + rest("/jobs/" + job + "/exceptions").path("root-exception").asText(""));
            }
            boolean allRunning = s == JobStatus.RUNNING && j.path("vertices").size() > 0;
            for (JsonNode v : j.path("vertices")) {
                allRunning &= "RUNNING".equals(v.path("status").asText());
            }
            if (allRunning) {
                return;
            }
            last = s.toString();
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + job + " not running after " + timeout.toSeconds() + " s (" + last + ")");
    }

    /** Waits until the job has ended (cancelled, finished or failed). */
    public void awaitTerminal(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status(job).isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " not ended within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    public void cancel(JobID job) throws Exception {
        call("PATCH", "/jobs/" + job + "?mode=cancel", null, Duration.ofSeconds(30));
    }

    /**
     * Stops the job with a savepoint ({@code flink stop}): sources stop, a final savepoint is
     * taken and the Kafka transactions commit with it. With {@code drain} every pending window and
     * timer fires first ({@code flink stop --drain}).
     *
     * @return the savepoint's location, to submit the job again from
     */
    public String stopWithSavepoint(JobID job, boolean drain, Duration timeout) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", dataDir.resolve("savepoints").toUri().toString());
        body.put("drain", drain);
        body.put("formatType", "CANONICAL");
        String trigger = call("POST", "/jobs/" + job + "/stop", body.toString(), Duration.ofSeconds(30))
                .path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = rest("/jobs/" + job + "/savepoints/" + trigger);
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("stop with savepoint of " + job + " failed: "
                            + op.path("failure-cause").path("stack-trace").asText("").lines().findFirst().orElse(""));
                }
                return op.path("location").asText();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("stop with savepoint of " + job + " not done within " + timeout.toSeconds() + " s");
    }

    /**
     * For failure drills: the TaskManager process is killed with SIGKILL, as when its machine or
     * pod dies: no clean shutdown, the JobManager learns it from missed heartbeats and lost
     * connections.
     */
    public synchronized void killTaskManager(int index) throws Exception {
        taskManagers.get(index).kill();
    }

    /** A fresh TaskManager process in place of {@code index}, with the same slots and resource id. */
    public synchronized void restartTaskManager(int index) {
        taskManagers.set(index, launchTaskManager(index + 1));
    }

    /** GET on the REST API. */
    public JsonNode rest(String path) throws Exception {
        return call("GET", path, null, Duration.ofSeconds(15));
    }

    private JsonNode call(String method, String path, String json, Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(webUi() + path)).timeout(timeout);
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
        return checked(method + " " + path, r);
    }

    private static JsonNode checked(String what, HttpResponse<String> r) throws IOException {
        if (r.statusCode() / 100 != 2) {
            String errors = r.body();
            try {
                JsonNode e = JSON.readTree(r.body()).path("errors");
                if (e.isArray() && e.size() > 0) {
                    errors = e.toString();
                }
            } catch (IOException notJson) {
                // the raw body says it
            }
            throw new IOException(what + ": HTTP " + r.statusCode() + ": " + abbreviate(errors));
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static String abbreviate(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + " …" : s;
    }

    /** TaskManagers first, so the JobManager sees them go rather than jobs failing over to nothing. */
    @Override
    public synchronized void close() {
        for (ServerProcess tm : taskManagers) {
            tm.close();
        }
        taskManagers.clear();
        jobManager.close();
    }
}
