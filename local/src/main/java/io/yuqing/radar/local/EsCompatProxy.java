package io.yuqing.radar.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link EsCompat#ES7} as an HTTP hop in front of the local Elasticsearch 7.10 node, for jobs that
 * run on the real Flink cluster: there they are the {@code -Pimage} jar as production runs it,
 * whose Elasticsearch client has no hook for a local-only shim, so the shim sits on the wire
 * instead. It rewrites the 8.x client's compatible-with media types to plain ones and adds the
 * product header 7.10 does not send. Lives in this launcher, never in a job.
 */
final class EsCompatProxy implements AutoCloseable {
    /** Managed by the JDK's client, or meaningless across a hop. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;

    private EsCompatProxy(HttpServer server, ExecutorService workers, URI target) {
        this.server = server;
        this.workers = workers;
        this.target = target;
    }

    /** A proxy on a free loopback port forwarding to {@code elasticsearchUrl}. */
    static EsCompatProxy start(String elasticsearchUrl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        // the sinks of all jobs' subtasks write concurrently; one thread per open request
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "es-compat-proxy");
            t.setDaemon(true);
            return t;
        });
        EsCompatProxy proxy = new EsCompatProxy(server, workers, URI.create(elasticsearchUrl.replaceAll("/+$", "")));
        server.createContext("/", proxy::forward);
        server.setExecutor(workers);
        server.start();
        return proxy;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                    .timeout(Duration.ofMinutes(2))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (HOP_HEADERS.contains(name)) {
                    continue;
                }
                for (String v : h.getValue()) {
                    req.header(h.getKey(), name.equals("content-type") || name.equals("accept") ? EsCompat.plainMediaType(v) : v);
                }
            }
            HttpResponse<byte[]> resp;
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // as an unreachable node looks to the client: it retries with back-off
                ex.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(503, -1);
                return;
            }
            resp.headers().map().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    ex.getResponseHeaders().put(k, vs);
                }
            });
            if (resp.headers().firstValue("X-Elastic-Product").isEmpty()) {
                ex.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            }
            byte[] out = resp.body();
            boolean noBody = ex.getRequestMethod().equalsIgnoreCase("HEAD") || out.length == 0;
            ex.sendResponseHeaders(resp.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
