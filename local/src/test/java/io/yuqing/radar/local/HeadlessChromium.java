package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven through its chromedriver with the W3C WebDriver protocol
 * (plain HTTP and JSON), so the browser test needs no client library and nothing is downloaded:
 * both binaries come from the {@code chromium} and {@code chromium-driver} packages.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process driver;
    private final Path profile;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HeadlessChromium(Process driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /**
     * Without Chromium the test cannot run: under CI ({@code CI=true}) that is a failure with the
     * fix in the message, on a laptop a skip.
     */
    static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "the browser test needs Debian's chromium and chromium-driver: "
                + "apt-get install -y chromium chromium-driver";
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        assumeTrue(installed, message);
    }

    /** Starts chromedriver and one headless browser session with a fresh profile. */
    static HeadlessChromium start(int width, int height) throws Exception {
        requireInstalled();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path profile = Files.createTempDirectory("yuqing-chromium");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromedriver.log").toFile())
                .start();
        HeadlessChromium c = new HeadlessChromium(driver, profile, "http://127.0.0.1:" + port);
        try {
            c.awaitDriver();
            c.newSession(width, height);
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    private String session;

    private void awaitDriver() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if (call("GET", "/status", null).at("/value/ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline || !driver.isAlive()) {
                throw new IllegalStateException("chromedriver did not start within " + START_TIMEOUT);
            }
            Thread.sleep(200);
        }
    }

    private void newSession(int width, int height) throws Exception {
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
        always.put("browserName", "chrome");
        ObjectNode options = always.putObject("goog:chromeOptions");
        options.put("binary", CHROMIUM.toString());
        List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=zh-CN",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile)
                .forEach(options.withArray("args")::add);
        JsonNode r = call("POST", "/session", caps);
        session = r.at("/value/sessionId").asText();
        if (session.isEmpty()) {
            throw new IllegalStateException("no session: " + r);
        }
    }

    void open(String url) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        call("POST", "/session/" + session + "/url", body);
    }

    /** Runs {@code script} (a function body; {@code return} gives the value) in the page. */
    JsonNode eval(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body).get("value");
    }

    /** Polls {@code script} until it returns true. */
    void await(String script, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval(script).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout + ": " + script);
            }
            Thread.sleep(250);
        }
    }

    void screenshot(Path png) throws Exception {
        String b64 = call("GET", "/session/" + session + "/screenshot", null).get("value").asText();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(b64));
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + path + " → " + r.statusCode() + ": "
                    + json.at("/value/message").asText(r.body()));
        }
        return json;
    }

    @Override
    public void close() throws Exception {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (Exception ignored) {
            // the driver is stopped below either way
        } finally {
            driver.destroy();
            if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
            TestDirs.delete(profile);
        }
    }
}
