package io.yuqing.radar.schemas;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code kibana/import.sh} against a stand-in for Kibana's {@code POST /api/saved_objects/_import}
 * that records what it is sent and answers as Kibana does: the request (space, overwrite, xsrf
 * header, credentials, the NDJSON as a multipart file) and the exit status for success, refused
 * objects, HTTP errors and an unreachable Kibana.
 */
class KibanaImportScriptTest {
    private static final Path SCRIPT = Path.of("..", "kibana", "import.sh");
    private static final Path NDJSON = Path.of("src", "main", "resources", KibanaSavedObjectsTest.NDJSON);

    private HttpServer kibana;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";

    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void startKibana() throws IOException {
        kibana = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        kibana.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        kibana.start();
    }

    @AfterEach
    void stopKibana() {
        kibana.stop(0);
    }

    @Test
    void theScriptIsValidBash() throws Exception {
        Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void postsTheShippedNdjsonToTheSpaceWithOverwriteXsrfAndTheApiKey() throws Exception {
        answer = "{\"success\":true,\"successCount\":10,\"successResults\":[]}";
        Run run = run(Map.of("KIBANA_URL", url() + "/", "KIBANA_API_KEY", "a2V5OnNlY3JldA=="), "--space", "yuqing");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("imported").contains("/s/yuqing/app/dashboards#/view/yuqing-radar-overview");
        assertThat(requests).hasSize(1);
        Request r = requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/s/yuqing/api/saved_objects/_import");
        assertThat(r.query()).isEqualTo("overwrite=true");
        assertThat(r.header("kbn-xsrf")).isNotBlank();
        assertThat(r.header("Authorization")).isEqualTo("ApiKey a2V5OnNlY3JldA==");
        assertThat(r.header("Content-Type")).startsWith("multipart/form-data");
        assertThat(r.body()).contains("name=\"file\"; filename=\"yuqing-radar.ndjson\"")
                .contains(Files.readString(NDJSON, StandardCharsets.UTF_8));
    }

    @Test
    void usesBasicAuthenticationAndTheDefaultSpace() throws Exception {
        answer = "{\"success\":true,\"successCount\":10}";
        Run run = run(Map.of("KIBANA_URL", url(), "KIBANA_USER", "elastic", "KIBANA_PASSWORD", "changeme"));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(requests.get(0).path()).isEqualTo("/api/saved_objects/_import");
        assertThat(requests.get(0).header("Authorization")).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("elastic:changeme".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void objectsKibanaRefusesAreNamedAndFailTheRun() throws Exception {
        answer = "{\"success\":false,\"successCount\":9,\"errors\":[{\"id\":\"yuqing-radar-regions\","
                + "\"type\":\"visualization\",\"title\":\"地域分布 Regions\",\"error\":{\"type\":\"missing_references\","
                + "\"references\":[{\"type\":\"index-pattern\",\"id\":\"yuqing-radar-posts\"}]}}]}";
        Run run = run(Map.of("KIBANA_URL", url()));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("yuqing-radar-regions").contains("missing_references");
    }

    @Test
    void anHttpErrorIsShownWithAHint() throws Exception {
        status = 401;
        answer = "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"missing authentication credentials\"}";
        Run run = run(Map.of("KIBANA_URL", url()));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("HTTP 401").contains("missing authentication credentials").contains("KIBANA_API_KEY");
    }

    @Test
    void anUnreachableKibanaAndBadArgumentsHaveTheirOwnExitCodes() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run down = run(Map.of("KIBANA_URL", "http://127.0.0.1:" + closed));
        assertThat(down.exit()).isEqualTo(3);
        assertThat(down.err()).contains("could not reach Kibana");

        assertThat(run(Map.of("KIBANA_URL", url()), "--bogus").exit()).isEqualTo(2);
        assertThat(run(Map.of("KIBANA_URL", url(), "KIBANA_USER", "elastic")).err()).contains("KIBANA_PASSWORD");
        assertThat(run(Map.of("KIBANA_URL", url()), "--file", "no-such.ndjson").exit()).isEqualTo(2);
        assertThat(requests).isEmpty();
    }

    private String url() {
        return "http://127.0.0.1:" + kibana.getAddress().getPort();
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        assumeTrue(onPath("curl"), "curl is not installed");
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("KIBANA_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("import-out", ".txt");
        Path err = Files.createTempFile("import-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("import.sh did not finish").isTrue();
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
