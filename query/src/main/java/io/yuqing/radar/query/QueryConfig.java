package io.yuqing.radar.query;

import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.PostsTable;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the query service needs to know, loaded from a properties file and then overridden
 * by environment variables (so one image runs anywhere: the file carries the defaults of an
 * installation, the orchestrator injects secrets and addresses).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>query.host</td><td>YUQING_QUERY_HOST</td><td>127.0.0.1</td></tr>
 *   <tr><td>query.port</td><td>YUQING_QUERY_PORT</td><td>8080 (0 = any free port)</td></tr>
 *   <tr><td>query.api-token</td><td>YUQING_API_TOKEN</td><td>none: required</td></tr>
 *   <tr><td>query.ready-timeout-ms</td><td>YUQING_QUERY_READY_TIMEOUT_MS</td><td>2000</td></tr>
 *   <tr><td>query.backend-timeout-ms</td><td>YUQING_QUERY_BACKEND_TIMEOUT_MS</td><td>5000</td></tr>
 *   <tr><td>hbase.zookeeper.quorum</td><td>YUQING_HBASE_ZK</td><td>127.0.0.1</td></tr>
 *   <tr><td>hbase.zookeeper.port</td><td>YUQING_HBASE_ZK_PORT</td><td>2181</td></tr>
 *   <tr><td>hbase.posts-table</td><td>YUQING_HBASE_POSTS_TABLE</td><td>posts</td></tr>
 *   <tr><td>es.urls</td><td>YUQING_ES_URL</td><td>http://127.0.0.1:9200 (comma separated)</td></tr>
 *   <tr><td>es.posts-index-prefix</td><td>YUQING_ES_POSTS_PREFIX</td><td>posts</td></tr>
 * </table>
 *
 * @param host               interface the HTTP server binds; loopback by default so an unconfigured
 *                           service is never exposed by accident
 * @param apiToken           shared secret every /api request must present; never printed
 * @param readyTimeout       how long /ready waits for each backend before reporting it down
 * @param backendTimeout     upper bound for one HBase read behind an API call
 * @param hbaseZkQuorum      ZooKeeper hosts, comma separated (entries may carry their own :port)
 */
public record QueryConfig(
        String host,
        int port,
        String apiToken,
        Duration readyTimeout,
        Duration backendTimeout,
        String hbaseZkQuorum,
        int hbaseZkPort,
        String postsTable,
        List<String> esUrls,
        String postsIndexPrefix) {

    /** One setting: its key in the properties file, its environment variable, its default. */
    enum Key {
        HOST("query.host", "YUQING_QUERY_HOST", "127.0.0.1"),
        PORT("query.port", "YUQING_QUERY_PORT", "8080"),
        API_TOKEN("query.api-token", "YUQING_API_TOKEN", null),
        READY_TIMEOUT_MS("query.ready-timeout-ms", "YUQING_QUERY_READY_TIMEOUT_MS", "2000"),
        BACKEND_TIMEOUT_MS("query.backend-timeout-ms", "YUQING_QUERY_BACKEND_TIMEOUT_MS", "5000"),
        HBASE_ZK("hbase.zookeeper.quorum", "YUQING_HBASE_ZK", "127.0.0.1"),
        HBASE_ZK_PORT("hbase.zookeeper.port", "YUQING_HBASE_ZK_PORT", "2181"),
        HBASE_POSTS_TABLE("hbase.posts-table", "YUQING_HBASE_POSTS_TABLE", PostsTable.DEFAULT_NAME),
        ES_URLS("es.urls", "YUQING_ES_URL", "http://127.0.0.1:9200"),
        ES_POSTS_PREFIX("es.posts-index-prefix", "YUQING_ES_POSTS_PREFIX", PostsIndex.DEFAULT_PREFIX);

        final String property;
        final String env;
        final String defaultValue;

        Key(String property, String env, String defaultValue) {
            this.property = property;
            this.env = env;
            this.defaultValue = defaultValue;
        }
    }

    public QueryConfig {
        host = requireText(host, Key.HOST);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(Key.PORT.property + " must be 0..65535, got " + port);
        }
        Objects.requireNonNull(apiToken, Key.API_TOKEN.property + " (" + Key.API_TOKEN.env + ") is required");
        if (apiToken.isBlank() || apiToken.chars().anyMatch(Character::isWhitespace)) {
            // A header value cannot carry it faithfully, and a blank one would admit everybody.
            throw new IllegalArgumentException(Key.API_TOKEN.property + " must be non-empty without whitespace");
        }
        requirePositive(readyTimeout, Key.READY_TIMEOUT_MS);
        requirePositive(backendTimeout, Key.BACKEND_TIMEOUT_MS);
        hbaseZkQuorum = requireText(hbaseZkQuorum, Key.HBASE_ZK);
        if (hbaseZkPort <= 0 || hbaseZkPort > 65535) {
            throw new IllegalArgumentException(Key.HBASE_ZK_PORT.property + " must be 1..65535, got " + hbaseZkPort);
        }
        postsTable = requireText(postsTable, Key.HBASE_POSTS_TABLE);
        Objects.requireNonNull(esUrls, Key.ES_URLS.property);
        if (esUrls.isEmpty()) {
            throw new IllegalArgumentException(Key.ES_URLS.property + " names no URL");
        }
        esUrls.forEach(QueryConfig::requireHttpUrl);
        esUrls = List.copyOf(esUrls);
        postsIndexPrefix = requireText(postsIndexPrefix, Key.ES_POSTS_PREFIX);
    }

    /** Every default, with the given token: what the local stack and tests start from. */
    public static QueryConfig defaults(String apiToken) {
        Properties p = new Properties();
        p.setProperty(Key.API_TOKEN.property, apiToken);
        return fromProperties(p, Map.of());
    }

    /** Loads {@code file} (UTF-8; may be null for "defaults only") and applies {@code env} over it. */
    public static QueryConfig load(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return fromProperties(p, env);
    }

    /** {@code env} wins over {@code props}, which win over the defaults. Blank env values are ignored. */
    public static QueryConfig fromProperties(Properties props, Map<String, String> env) {
        return new QueryConfig(
                value(Key.HOST, props, env),
                intValue(Key.PORT, props, env),
                value(Key.API_TOKEN, props, env),
                Duration.ofMillis(intValue(Key.READY_TIMEOUT_MS, props, env)),
                Duration.ofMillis(intValue(Key.BACKEND_TIMEOUT_MS, props, env)),
                value(Key.HBASE_ZK, props, env),
                intValue(Key.HBASE_ZK_PORT, props, env),
                value(Key.HBASE_POSTS_TABLE, props, env),
                splitList(value(Key.ES_URLS, props, env)),
                value(Key.ES_POSTS_PREFIX, props, env));
    }

    public QueryConfig withPort(int newPort) {
        return new QueryConfig(host, newPort, apiToken, readyTimeout, backendTimeout, hbaseZkQuorum, hbaseZkPort,
                postsTable, esUrls, postsIndexPrefix);
    }

    /** The ES index pattern searches run over, e.g. {@code posts-*}. */
    public String postsIndexPattern() {
        return PostsIndex.pattern(postsIndexPrefix);
    }

    /** Records print every component; the token must never reach a log. */
    @Override
    public String toString() {
        return "QueryConfig[host=" + host + ", port=" + port + ", apiToken=***"
                + ", readyTimeout=" + readyTimeout + ", backendTimeout=" + backendTimeout
                + ", hbaseZkQuorum=" + hbaseZkQuorum + ", hbaseZkPort=" + hbaseZkPort + ", postsTable=" + postsTable
                + ", esUrls=" + esUrls + ", postsIndexPrefix=" + postsIndexPrefix + "]";
    }

    private static String value(Key key, Properties props, Map<String, String> env) {
        String fromEnv = env.get(key.env);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String fromFile = props.getProperty(key.property);
        if (fromFile != null && !fromFile.isBlank()) {
            return fromFile.trim();
        }
        return key.defaultValue;
    }

    private static int intValue(Key key, Properties props, Map<String, String> env) {
        String v = value(key, props, env);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.property + " (" + key.env + ") must be an integer, got '" + v + "'");
        }
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static String requireText(String v, Key key) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key.property + " (" + key.env + ") must not be empty");
        }
        return v.trim();
    }

    private static void requirePositive(Duration d, Key key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key.property + " must be positive, got " + d);
        }
    }

    private static void requireHttpUrl(String url) {
        try {
            URI u = new URI(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException(Key.ES_URLS.property + ": not an http(s) URL: '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(Key.ES_URLS.property + ": not a URL: '" + url + "'");
        }
    }
}
