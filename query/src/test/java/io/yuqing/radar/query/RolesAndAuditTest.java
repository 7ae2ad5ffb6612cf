package io.yuqing.radar.query;

import io.yuqing.radar.schemas.AuditRecord;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles over HTTP: every write and export route against every role (403 or permitted), the audit
 * record of each audited request (token id, never the token), and a revoked token refused once the
 * tokens file has been looked at again. The service runs on a loopback port over in-memory
 * stand-ins for its own read interfaces; the audit's Kafka and ES writes are local/QueryServiceIT's.
 */
class RolesAndAuditTest {
    private static final EnrichedPost POST = new EnrichedPost("p1", Platform.WEIBO, "云记食堂多名学生腹泻，家长要求公开检测结果",
            null, Instant.parse("2026-11-05T02:00:00Z"), null, null, 1, 2, 3, null, null, "zh",
            null, null, null, null, null, null, null, null, null, null, null);
    /** token → role, unit; the file holds their digests. */
    private static final Map<String, String[]> TOKENS = Map.of(
            "viewer-secret-1", new String[] {"duty-viewer", "viewer", "区网信办"},
            "dispatcher-secret-2", new String[] {"duty-dispatch", "dispatcher", "市委网信办"},
            "analyst-secret-3", new String[] {"yanpan-01", "analyst", "市委网信办"},
            "admin-secret-4", new String[] {"ops-admin", "admin", ""});

    /**
     * Every route that writes or exports: the reports in both formats, and writes by method (the
     * case-event POST of the cases branch is not routed here, so a permitted write answers 404:
     * past the role check, which is what this test is about).
     */
    private static final List<String[]> WRITE_OR_EXPORT = List.of(
            new String[] {"GET", "/api/v1/reports/daily", "export"},
            new String[] {"GET", "/api/v1/reports/daily?format=html", "export"},
            new String[] {"GET", "/api/v1/reports/weekly", "export"},
            new String[] {"POST", "/api/v1/cases/t-20261105-0042/events", "write"},
            new String[] {"PUT", "/api/v1/alerts/a1", "write"},
            new String[] {"DELETE", "/api/v1/posts/p1", "write"});

    @TempDir
    static Path dir;
    private static Path tokensFile;
    private static final MutableClock clock = new MutableClock();
    private static final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private static QueryService service;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        tokensFile = dir.resolve("tokens.yaml");
        writeTokens(TOKENS.keySet().stream().toList());
        QueryConfig config = new QueryConfig("127.0.0.1", 0, null, Duration.ofSeconds(1), Duration.ofSeconds(5),
                "127.0.0.1", 2181, "posts", List.of("http://127.0.0.1:9200"), "posts");
        Backends backends = new Backends(id -> "p1".equals(id) ? Optional.of(POST) : Optional.empty(),
                p -> new SearchPage(1, p.page(), p.size(), List.of(POST)), p -> List.of(), (id, limit) -> List.of(),
                p -> new TopicReads.AlertPage(0, p.page(), p.size(), List.of()), ids -> Map.of(),
                (period, minHeat) -> new ReportInputs(List.of(), List.of(), false), List.of());
        service = new QueryService(config, backends,
                TokenDirectory.fromFile(tokensFile, Duration.ofSeconds(30), clock), audit::add).start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @BeforeEach
    void clearAudit() {
        audit.clear();
    }

    @Test
    void everyWriteAndExportRouteRefusesOrPermitsByRole() throws Exception {
        List<String> matrix = new ArrayList<>();
        for (String[] route : WRITE_OR_EXPORT) {
            for (Map.Entry<String, String[]> t : TOKENS.entrySet()) {
                String role = t.getValue()[1];
                boolean permitted = switch (route[2]) {
                    case "export" -> role.equals("analyst") || role.equals("admin");
                    default -> !role.equals("viewer");
                };
                HttpResponse<String> r = send(route[0], route[1], t.getKey());
                String cell = route[0] + " " + route[1] + " as " + role + " -> " + r.statusCode();
                matrix.add(cell);
                if (permitted) {
                    assertThat(r.statusCode()).as(cell).isNotIn(401, 403);
                    if (route[2].equals("export")) {
                        assertThat(r.statusCode()).as(cell).isEqualTo(200);
                    } else {
                        assertThat(r.statusCode()).as(cell + ": no write route on this branch").isIn(404, 405);
                    }
                } else {
                    assertThat(r.statusCode()).as(cell).isEqualTo(403);
                    assertThat(r.body()).as(cell).contains("\"error\":\"forbidden\"").contains(role);
                }
            }
        }
        // one record per request, refusals included, naming the token's id and never the token
        assertThat(audit).hasSize(WRITE_OR_EXPORT.size() * TOKENS.size());
        for (AuditRecord a : audit) {
            assertThat(TOKENS.values().stream().map(v -> v[0])).contains(a.tokenId());
            assertThat(a.toString()).doesNotContain("secret");
            assertThat(a.access()).isIn("write", "export");
        }
        assertThat(audit).filteredOn(a -> a.role().equals("viewer")).allMatch(a -> a.status() == 403);
        assertThat(audit).filteredOn(a -> a.role().equals("analyst") && a.access().equals("export"))
                .allMatch(a -> a.status() == 200 && a.resultBytes() > 0 && a.route().equals("/api/v1/reports/{kind}"));
        System.out.println(String.join("\n", matrix));
    }

    @Test
    void readsOfPostsAreAuditedForEveryRoleAndReadsOfTopicsAreNot() throws Exception {
        for (String token : TOKENS.keySet()) {
            assertThat(send("GET", "/api/v1/posts/search?q=" + enc("食堂 腹泻") + "&size=5", token).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/api/v1/posts/p1", token).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/api/v1/topics/hot", token).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/api/v1/alerts", token).statusCode()).isEqualTo(200);
        }
        assertThat(audit).hasSize(2 * TOKENS.size()).allMatch(a -> a.access().equals("read_posts"));
        AuditRecord search = audit.stream()
                .filter(a -> a.tokenId().equals("yanpan-01") && a.route().equals("/api/v1/posts/search"))
                .findFirst().orElseThrow();
        assertThat(search.role()).isEqualTo("analyst");
        assertThat(search.unit()).isEqualTo("市委网信办");
        assertThat(search.parameters()).containsEntry("q", "食堂 腹泻").containsEntry("size", "5");
        assertThat(search.resultItems()).isEqualTo(1);
        assertThat(search.resultBytes()).isPositive();
        AuditRecord one = audit.stream()
                .filter(a -> a.tokenId().equals("duty-viewer") && a.route().equals("/api/v1/posts/{id}"))
                .findFirst().orElseThrow();
        assertThat(one.parameters()).containsEntry("id", "p1");
        assertThat(one.path()).isEqualTo("/api/v1/posts/p1");
    }

    @Test
    void aRevokedTokenIsRefusedOnceTheFileIsLookedAtAgainWithinHalfAMinute() throws Exception {
        String leaving = "dispatcher-secret-2";
        assertThat(send("GET", "/api/v1/alerts", leaving).statusCode()).isEqualTo(200);
        try {
            writeTokens(TOKENS.keySet().stream().filter(t -> !t.equals(leaving)).toList());
            // the file is looked at once per query.tokens-reload (30 s here, the shipped default)
            clock.advance(Duration.ofSeconds(31));
            assertThat(send("GET", "/api/v1/alerts", leaving).statusCode()).isEqualTo(401);
            assertThat(send("GET", "/api/v1/alerts", "viewer-secret-1").statusCode()).isEqualTo(200);

            // a file broken by an edit admits nobody rather than the tokens it revoked
            Files.writeString(tokensFile, "tokens: [ {id: x", StandardCharsets.UTF_8);
            touch();
            clock.advance(Duration.ofSeconds(31));
            assertThat(send("GET", "/api/v1/alerts", "viewer-secret-1").statusCode()).isEqualTo(401);
        } finally {
            writeTokens(TOKENS.keySet().stream().toList());
            clock.advance(Duration.ofSeconds(31));
        }
        assertThat(send("GET", "/api/v1/alerts", leaving).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokensFileTheSingleTokenActsAsAdmin() {
        TokenDirectory single = TokenDirectory.single("only-token");
        Principal p = single.authenticate("Bearer only-token", null).orElseThrow();
        assertThat(p.role()).isEqualTo(Role.ADMIN);
        assertThat(p.tokenId()).isEqualTo(TokenDirectory.SINGLE_TOKEN_ID);
        assertThat(single.authenticate("Bearer other", "other")).isEmpty();
    }

    @Test
    void aTokensFileWithAMistakeIsRefusedWithWhereItIs() throws Exception {
        String good = "    sha256: " + "ab".repeat(32) + "\n";
        for (String[] bad : new String[][] {
                {"tokens:\n  - id: a\n    sha256: 1234\n    role: viewer\n", "64 hex digits"},
                {"tokens:\n  - id: a\n" + good + "    role: superuser\n", "role must be one of"},
                {"tokens:\n  - id: a\n" + good + "    role: viewer\n  - id: a\n    sha256: " + "cd".repeat(32)
                        + "\n    role: admin\n", "used twice"},
                {"tokens:\n  - sha256: " + "ab".repeat(32) + "\n    role: viewer\n", "'id' is required"},
                {"users: []\n", "needs a list 'tokens'"}}) {
            Path f = dir.resolve("bad-" + Math.abs(bad[0].hashCode()) + ".yaml");
            Files.writeString(f, bad[0], StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenDirectory.fromFile(f, Duration.ofSeconds(30), clock))
                    .hasMessageContaining(bad[1]).hasMessageContaining(f.toString());
        }
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String token) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"type\":\"acknowledged\"}"))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void writeTokens(List<String> tokens) throws Exception {
        StringBuilder b = new StringBuilder("tokens:\n");
        for (String t : tokens) {
            String[] v = TOKENS.get(t);
            b.append("  - id: ").append(v[0]).append('\n')
                    .append("    sha256: ").append(TokenDirectory.digestHex(t)).append('\n')
                    .append("    role: ").append(v[1]).append('\n')
                    .append("    unit: \"").append(v[2]).append("\"\n");
        }
        Files.writeString(tokensFile, b, StandardCharsets.UTF_8);
        touch();
    }

    /** A rewrite within the file system's timestamp granularity must still count as a change. */
    private static void touch() throws Exception {
        Files.setLastModifiedTime(tokensFile, FileTime.from(Instant.now().plusSeconds(clock.advances++)));
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-05T02:00:00Z");
        int advances = 1;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
