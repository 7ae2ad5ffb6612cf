package io.yuqing.radar.query;

import io.yuqing.radar.schemas.MonthlyIndex;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the query service needs, from the project's one configuration ({@link Settings}:
 * shipped defaults, then a file, then {@code YUQING_*} environment variables), so the service
 * and the jobs read the same keys: {@code query.host}, {@code query.port},
 * {@code query.api-token} ({@code YUQING_QUERY_API_TOKEN}), {@code query.ready-timeout},
 * {@code query.backend-timeout}, {@code hbase.zookeeper}, {@code hbase.table.posts},
 * {@code es.urls}, {@code es.index.posts}, {@code es.index.topics},
 * {@code es.index.alerts}, {@code hbase.table.topic-trend}, {@code query.report.min-heat}.
 *
 * @param host               interface the HTTP server binds; loopback by default so an unconfigured
 *                           service is never exposed by accident
 * @param apiToken           the single token of the compatible configuration (role admin); absent
 *                           when {@code query.tokens-file} lists the tokens; never printed
 * @param readyTimeout       how long /ready waits for each backend before reporting it down
 * @param backendTimeout     upper bound for one HBase read behind an API call
 * @param hbaseZkQuorum      ZooKeeper hosts, comma separated (entries may carry their own :port)
 * @param reportMinHeat      a topic whose heat reached this in a report's period is in the report
 *                           even without an alert
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
        String postsIndexPrefix,
        String topicsIndexPrefix,
        String alertsIndexPrefix,
        String topicTrendTable,
        double reportMinHeat) {

    /** The shipped default of {@code query.report.min-heat}, for the constructors without it. */
    public static final double DEFAULT_REPORT_MIN_HEAT = 80;

    /** Without the report threshold: its default. */
    public QueryConfig(String host, int port, String apiToken, Duration readyTimeout, Duration backendTimeout,
                       String hbaseZkQuorum, int hbaseZkPort, String postsTable, List<String> esUrls,
                       String postsIndexPrefix, String topicsIndexPrefix, String alertsIndexPrefix,
                       String topicTrendTable) {
        this(host, port, apiToken, readyTimeout, backendTimeout, hbaseZkQuorum, hbaseZkPort, postsTable, esUrls,
                postsIndexPrefix, topicsIndexPrefix, alertsIndexPrefix, topicTrendTable, DEFAULT_REPORT_MIN_HEAT);
    }

    /** Without the topic/alert names: their defaults ({@code topics}, {@code alerts}, {@code topic_trend}). */
    public QueryConfig(String host, int port, String apiToken, Duration readyTimeout, Duration backendTimeout,
                       String hbaseZkQuorum, int hbaseZkPort, String postsTable, List<String> esUrls,
                       String postsIndexPrefix) {
        this(host, port, apiToken, readyTimeout, backendTimeout, hbaseZkQuorum, hbaseZkPort, postsTable, esUrls,
                postsIndexPrefix, "topics", "alerts", "topic_trend");
    }

    public QueryConfig {
        host = requireText(host, "query.host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("query.port must be 0..65535, got " + port);
        }
        // absent only with a tokens file (query.tokens-file), which from() checks
        if (apiToken != null && (apiToken.isBlank() || apiToken.chars().anyMatch(Character::isWhitespace))) {
            // A header value cannot carry it faithfully, and a blank one would admit everybody.
            throw new IllegalArgumentException("query.api-token must be non-empty without whitespace");
        }
        requirePositive(readyTimeout, "query.ready-timeout");
        requirePositive(backendTimeout, "query.backend-timeout");
        hbaseZkQuorum = requireText(hbaseZkQuorum, "hbase.zookeeper");
        if (hbaseZkPort <= 0 || hbaseZkPort > 65535) {
            throw new IllegalArgumentException("hbase.zookeeper port must be 1..65535, got " + hbaseZkPort);
        }
        postsTable = requireText(postsTable, "hbase.table.posts");
        Objects.requireNonNull(esUrls, "es.urls");
        if (esUrls.isEmpty()) {
            throw new IllegalArgumentException("es.urls names no URL");
        }
        esUrls.forEach(QueryConfig::requireHttpUrl);
        esUrls = List.copyOf(esUrls);
        postsIndexPrefix = requireText(postsIndexPrefix, "es.index.posts");
        topicsIndexPrefix = requireText(topicsIndexPrefix, "es.index.topics");
        alertsIndexPrefix = requireText(alertsIndexPrefix, "es.index.alerts");
        topicTrendTable = requireText(topicTrendTable, "hbase.table.topic-trend");
        if (!(reportMinHeat >= 0) || Double.isInfinite(reportMinHeat)) {
            throw new IllegalArgumentException("query.report.min-heat must be a number >= 0, got " + reportMinHeat);
        }
    }

    /** Every default, with the given token: what tests start from. */
    public static QueryConfig defaults(String apiToken) {
        return from(Settings.defaults().with("query.api-token", apiToken));
    }

    public static QueryConfig from(Settings s) {
        String zk = s.get("hbase.zookeeper");
        int colon = zk.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("hbase.zookeeper must be host[,host…]:port, got '" + zk + "'");
        }
        int zkPort;
        try {
            zkPort = Integer.parseInt(zk.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hbase.zookeeper must end in :port, got '" + zk + "'");
        }
        String apiToken = s.optional("query.api-token");
        if (apiToken != null && apiToken.isEmpty()) {
            apiToken = null;
        }
        String tokensFile = s.optional("query.tokens-file");
        if (apiToken == null && (tokensFile == null || tokensFile.isBlank())) {
            throw new IllegalArgumentException(
                    "query.api-token (YUQING_QUERY_API_TOKEN) or query.tokens-file (YUQING_QUERY_TOKENS_FILE) is required");
        }
        return new QueryConfig(s.get("query.host"), s.getInt("query.port"), apiToken,
                s.getDuration("query.ready-timeout"), s.getDuration("query.backend-timeout"),
                zk.substring(0, colon), zkPort, s.get("hbase.table.posts"), s.getList("es.urls"),
                s.get("es.index.posts"), s.get("es.index.topics"), s.get("es.index.alerts"),
                s.get("hbase.table.topic-trend"), reportMinHeat(s.get("query.report.min-heat")));
    }

    private static double reportMinHeat(String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query.report.min-heat must be a number, got '" + v + "'");
        }
    }

    public QueryConfig withPort(int newPort) {
        return new QueryConfig(host, newPort, apiToken, readyTimeout, backendTimeout, hbaseZkQuorum, hbaseZkPort,
                postsTable, esUrls, postsIndexPrefix, topicsIndexPrefix, alertsIndexPrefix, topicTrendTable, reportMinHeat);
    }

    /** The ES index pattern searches run over, e.g. {@code posts-*}. */
    public String postsIndexPattern() {
        return PostsIndex.pattern(postsIndexPrefix);
    }

    /** The topic snapshot indices, e.g. {@code topics-*}. */
    public String topicsIndexPattern() {
        return MonthlyIndex.pattern(topicsIndexPrefix);
    }

    /** The alert indices, e.g. {@code alerts-*}. */
    public String alertsIndexPattern() {
        return MonthlyIndex.pattern(alertsIndexPrefix);
    }

    /** Records print every component; the token must never reach a log. */
    @Override
    public String toString() {
        return "QueryConfig[host=" + host + ", port=" + port + ", apiToken=***"
                + ", readyTimeout=" + readyTimeout + ", backendTimeout=" + backendTimeout
                + ", hbaseZkQuorum=" + hbaseZkQuorum + ", hbaseZkPort=" + hbaseZkPort + ", postsTable=" + postsTable
                + ", esUrls=" + esUrls + ", postsIndexPrefix=" + postsIndexPrefix
                + ", topicsIndexPrefix=" + topicsIndexPrefix + ", alertsIndexPrefix=" + alertsIndexPrefix
                + ", topicTrendTable=" + topicTrendTable + ", reportMinHeat=" + reportMinHeat + "]";
    }

    private static String requireText(String v, String key) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return v.trim();
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
    }

    private static void requireHttpUrl(String url) {
        try {
            URI u = new URI(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("es.urls: not an http(s) URL: '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("es.urls: not a URL: '" + url + "'");
        }
    }
}
