package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryConfigTest {

    private static QueryConfig load(Path file, Map<String, String> env) {
        return QueryConfig.from(Settings.load(file, env, new Properties()));
    }

    @Test
    void defaultsNeedOnlyAToken() {
        QueryConfig c = QueryConfig.defaults("s3cret");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.apiToken()).isEqualTo("s3cret");
        assertThat(c.readyTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.backendTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.hbaseZkQuorum()).isEqualTo("127.0.0.1");
        assertThat(c.hbaseZkPort()).isEqualTo(2181);
        assertThat(c.postsTable()).isEqualTo("posts");
        assertThat(c.esUrls()).containsExactly("http://127.0.0.1:9200");
        assertThat(c.postsIndexPrefix()).isEqualTo("posts");
        assertThat(c.postsIndexPattern()).isEqualTo("posts-*");
        assertThat(c.topicsIndexPattern()).isEqualTo("topics-*");
        assertThat(c.alertsIndexPattern()).isEqualTo("alerts-*");
        assertThat(c.topicTrendTable()).isEqualTo("topic_trend");
        assertThat(c.withPort(0).port()).isZero();
    }

    @Test
    void readsTheSameKeysAsTheJobsFileThenEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("radar.properties");
        Files.writeString(file, String.join("\n",
                "query.port=9000",
                "query.api-token=from-file",
                "hbase.zookeeper=zk1,zk2:2182",
                "hbase.table.posts=舆情_posts",
                "es.urls=http://es1:9200, http://es2:9200",
                "es.index.posts=prod-posts",
                "query.ready-timeout=PT0.75S"), StandardCharsets.UTF_8);

        QueryConfig fromFile = load(file, Map.of());
        assertThat(fromFile.port()).isEqualTo(9000);
        assertThat(fromFile.apiToken()).isEqualTo("from-file");
        assertThat(fromFile.hbaseZkQuorum()).isEqualTo("zk1,zk2");
        assertThat(fromFile.hbaseZkPort()).isEqualTo(2182);
        assertThat(fromFile.postsTable()).isEqualTo("舆情_posts");
        assertThat(fromFile.esUrls()).containsExactly("http://es1:9200", "http://es2:9200");
        assertThat(fromFile.postsIndexPattern()).isEqualTo("prod-posts-*");
        assertThat(fromFile.readyTimeout()).isEqualTo(Duration.ofMillis(750));

        QueryConfig overridden = load(file, Map.of(
                "YUQING_QUERY_PORT", "0",
                "YUQING_QUERY_HOST", "0.0.0.0",
                "YUQING_QUERY_API_TOKEN", "from-env",
                "YUQING_HBASE_ZOOKEEPER", "zk9:12181",
                "YUQING_ES_URLS", "https://es9:9243",
                "YUQING_ES_INDEX_POSTS", "p",
                "YUQING_QUERY_BACKEND_TIMEOUT", "PT1.234S",
                "UNRELATED", "x"));
        assertThat(overridden.port()).isZero();
        assertThat(overridden.host()).isEqualTo("0.0.0.0");
        assertThat(overridden.apiToken()).isEqualTo("from-env");
        assertThat(overridden.hbaseZkQuorum()).isEqualTo("zk9");
        assertThat(overridden.hbaseZkPort()).isEqualTo(12181);
        assertThat(overridden.esUrls()).containsExactly("https://es9:9243");
        assertThat(overridden.postsIndexPrefix()).isEqualTo("p");
        assertThat(overridden.backendTimeout()).isEqualTo(Duration.ofMillis(1234));
        assertThat(overridden.postsTable()).isEqualTo("舆情_posts");
        assertThat(overridden.readyTimeout()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void tokenIsRequiredAndNeverPrinted() {
        assertThatThrownBy(() -> load(null, Map.of())).hasMessageContaining("YUQING_QUERY_API_TOKEN");
        assertThatThrownBy(() -> QueryConfig.defaults("two words")).isInstanceOf(IllegalArgumentException.class);
        assertThat(QueryConfig.defaults("very-secret-token").toString())
                .doesNotContain("very-secret-token").contains("apiToken=***");
    }

    @Test
    void invalidValuesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_QUERY_PORT", "http")))
                .hasMessageContaining("query.port");
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_QUERY_PORT", "70000")))
                .hasMessageContaining("query.port");
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_ES_URLS", "es:9200")))
                .hasMessageContaining("es.urls");
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_ES_URLS", " , ")))
                .hasMessageContaining("es.urls");
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_QUERY_READY_TIMEOUT", "PT0S")))
                .hasMessageContaining("query.ready-timeout");
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_HBASE_ZOOKEEPER", "zk1")))
                .hasMessageContaining("hbase.zookeeper");
        assertThatThrownBy(() -> new QueryConfig("h", 1, "t", Duration.ofSeconds(1), Duration.ofSeconds(1),
                "zk", 2181, "posts", List.of(), "posts")).hasMessageContaining("es.urls");
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_QUERY_REPORT_MIN_HEAT", "高")))
                .hasMessageContaining("query.report.min-heat");
        assertThatThrownBy(() -> load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_QUERY_REPORT_MIN_HEAT", "-1")))
                .hasMessageContaining("query.report.min-heat");
    }

    @Test
    void reportThresholdHasAShippedDefaultAndCanBeSet() {
        assertThat(QueryConfig.defaults("t").reportMinHeat()).isEqualTo(QueryConfig.DEFAULT_REPORT_MIN_HEAT);
        assertThat(load(null, Map.of("YUQING_QUERY_API_TOKEN", "t", "YUQING_QUERY_REPORT_MIN_HEAT", "120.5"))
                .reportMinHeat()).isEqualTo(120.5);
    }
}
