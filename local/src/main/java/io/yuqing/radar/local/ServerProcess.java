package io.yuqing.radar.local;

import io.yuqing.radar.servers.ServerProtocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real server (Kafka, HBase or Elasticsearch) running in a JVM of its own, with the classpath
 * its module resolved at build time. The server module ships two resources under
 * {@code META-INF/yuqing-server/}: {@code <artifactId>.properties} (main class, JVM options) and
 * {@code <artifactId>.classpath} (written by maven-dependency-plugin). See {@link ServerProtocol}
 * for the READY line and the stdin lifeline.
 */
public final class ServerProcess implements AutoCloseable {
    private static final String RESOURCE_DIR = "META-INF/yuqing-server/";
    private static final int LOG_TAIL_LINES = 40;

    private static final int PORT_ATTEMPTS = 3;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Map<String, String> info;
    private final Duration startTime;

    private ServerProcess(String name, Process process, Path logFile, Map<String, String> info, Duration startTime) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.info = info;
        this.startTime = startTime;
    }

    /**
     * Starts the server of module {@code yuqing-server-<name>} and waits until it prints READY.
     *
     * @param heap    maximum heap, e.g. "768m"
     * @param args    the server's own arguments, without the leading "--"
     */
    public static ServerProcess start(String name, Path dataDir, Path logDir, String heap,
                                      Map<String, String> args, Duration timeout) throws IOException {
        return start(name, dataDir, logDir, heap, args, timeout, name);
    }

    /**
     * As above, logging to {@code <logName>.log}: for several processes of one server module (Flink).
     * When no port was asked for, a start that fails on a port taken is tried again: the server
     * picked that port itself, and another process took it before the server bound it.
     */
    public static ServerProcess start(String name, Path dataDir, Path logDir, String heap,
                                      Map<String, String> args, Duration timeout, String logName) throws IOException {
        boolean portsChosenByServer = args.entrySet().stream()
                .noneMatch(a -> a.getKey().endsWith("port") && !a.getValue().equals("0"));
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(name, dataDir, logDir, heap, args, timeout, logName);
            } catch (IOException e) {
                if (!portsChosenByServer || attempt == PORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
            }
        }
    }

    private static ServerProcess startOnce(String name, Path dataDir, Path logDir, String heap,
                                           Map<String, String> args, Duration timeout, String logName) throws IOException {
        String artifact = "yuqing-server-" + name;
        Properties props = new Properties();
        URL propsUrl = resource(artifact + ".properties");
        try (InputStream in = propsUrl.openStream()) {
            props.load(in);
        }
        String classpath;
        try (InputStream in = resource(artifact + ".classpath").openStream()) {
            classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        String ownLocation = codeLocation(propsUrl);
        classpath = classpath.isEmpty() ? ownLocation : ownLocation + java.io.File.pathSeparator + classpath;

        Files.createDirectories(dataDir);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(logName + ".log");

        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-Djava.net.preferIPv4Stack=true");
        for (String opt : props.getProperty("jvm.options", "").trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(props.getProperty("main"));
        cmd.add("--data-dir");
        cmd.add(dataDir.toAbsolutePath().toString());
        args.forEach((k, v) -> {
            cmd.add("--" + k);
            cmd.add(v);
        });

        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> pumpOutput(p, log, ready, tail), "yuqing-" + name + "-log");
        pump.setDaemon(true);
        pump.start();

        try {
            Map<String, String> info = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ServerProcess(name, p, log, info, Duration.ofNanos(System.nanoTime() - t0));
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new IOException(name + " did not become ready within " + timeout.toSeconds()
                    + " s; its log is " + log + ":\n" + tailOf(tail), e);
        } catch (ExecutionException e) {
            p.destroyForcibly();
            throw new IOException(name + " failed to start: " + e.getCause().getMessage()
                    + "\nits log is " + log + ":\n" + tailOf(tail), e.getCause());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + name, e);
        }
    }

    private static void pumpOutput(Process p, Path log, CompletableFuture<Map<String, String>> ready, Deque<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.write(line);
                w.write('\n');
                w.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > LOG_TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                if (line.startsWith(ServerProtocol.READY + " ") || line.equals(ServerProtocol.READY)) {
                    ready.complete(parseInfo(line.substring(ServerProtocol.READY.length()).trim()));
                } else if (line.startsWith(ServerProtocol.FAILED)) {
                    ready.completeExceptionally(new IllegalStateException(
                            line.substring(ServerProtocol.FAILED.length()).trim()));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("process exited before it was ready"));
    }

    private static Map<String, String> parseInfo(String s) {
        Map<String, String> info = new LinkedHashMap<>();
        for (String kv : s.split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                info.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return info;
    }

    private static String tailOf(Deque<String> tail) {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    private static URL resource(String file) {
        URL url = ServerProcess.class.getClassLoader().getResource(RESOURCE_DIR + file);
        if (url == null) {
            throw new IllegalStateException("no " + RESOURCE_DIR + file + " on the classpath: "
                    + "build the project first (./mvnw -DskipTests install)");
        }
        return url;
    }

    /** The jar or classes directory that holds a resource under META-INF/yuqing-server/. */
    private static String codeLocation(URL resource) {
        try {
            String s = resource.toString();
            if (s.startsWith("jar:")) {
                String jar = s.substring("jar:".length(), s.indexOf("!/"));
                return Paths.get(new URL(jar).toURI()).toString();
            }
            // file:/.../target/classes/META-INF/yuqing-server/x.properties
            return Paths.get(resource.toURI()).getParent().getParent().getParent().toString();
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("cannot locate server code for " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    /** What the server printed on its READY line, e.g. {@code bootstrap}, {@code zookeeper}, {@code http}. */
    public Map<String, String> info() {
        return info;
    }

    public String info(String key) {
        String v = info.get(key);
        if (v == null) {
            throw new IllegalStateException(name + " reported no '" + key + "' (it reported " + info + ")");
        }
        return v;
    }

    public Duration startTime() {
        return startTime;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, for failure drills: the process gets no chance to shut anything down. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Closes the lifeline so the server shuts down cleanly; forces it after a grace period. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
