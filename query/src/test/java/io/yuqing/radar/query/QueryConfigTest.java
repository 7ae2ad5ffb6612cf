package io.yuqing.radar.query;

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
        assertThat(c.withPort(0).port()).isZero();
    }

    @Test
    void fileThenEnvironmentOverFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("query.properties");
        Files.writeString(file, String.join("\n",
                "query.port=9000",
                "query.api-token=from-file",
                "hbase.zookeeper.quorum=zk1,zk2",
                "hbase.zookeeper.port=2182",
                "hbase.posts-table=舆情_posts",
                "es.urls=http://es1:9200, http://es2:9200",
                "es.posts-index-prefix=prod-posts",
                "query.ready-timeout-ms=750"), StandardCharsets.UTF_8);

        QueryConfig fromFile = QueryConfig.load(file, Map.of());
        assertThat(fromFile.port()).isEqualTo(9000);
        assertThat(fromFile.apiToken()).isEqualTo("from-file");
        assertThat(fromFile.hbaseZkQuorum()).isEqualTo("zk1,zk2");
        assertThat(fromFile.hbaseZkPort()).isEqualTo(2182);
        assertThat(fromFile.postsTable()).isEqualTo("舆情_posts");
        assertThat(fromFile.esUrls()).containsExactly("http://es1:9200", "http://es2:9200");
        assertThat(fromFile.postsIndexPattern()).isEqualTo("prod-posts-*");
        assertThat(fromFile.readyTimeout()).isEqualTo(Duration.ofMillis(750));

        QueryConfig overridden = QueryConfig.load(file, Map.of(
                "YUQING_QUERY_PORT", "0",
                "YUQING_QUERY_HOST", "0.0.0.0",
                "YUQING_API_TOKEN", "from-env",
                "YUQING_HBASE_ZK", "zk9",
                "YUQING_HBASE_ZK_PORT", "12181",
                "YUQING_ES_URL", "https://es9:9243",
                "YUQING_ES_POSTS_PREFIX", "p",
                "YUQING_QUERY_BACKEND_TIMEOUT_MS", "1234",
                "YUQING_HBASE_POSTS_TABLE", "", // blank: ignored, the file's value stays
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
    void noFileMeansDefaultsPlusEnvironment() throws IOException {
        QueryConfig c = QueryConfig.load(null, Map.of("YUQING_API_TOKEN", "t"));
        assertThat(c.apiToken()).isEqualTo("t");
        assertThat(c.port()).isEqualTo(8080);
    }

    @Test
    void tokenIsRequiredAndNeverPrinted() {
        assertThatThrownBy(() -> QueryConfig.fromProperties(new Properties(), Map.of()))
                .hasMessageContaining("YUQING_API_TOKEN");
        assertThatThrownBy(() -> QueryConfig.defaults("two words"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(QueryConfig.defaults("very-secret-token").toString())
                .doesNotContain("very-secret-token").contains("apiToken=***");
    }

    @Test
    void invalidValuesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> QueryConfig.load(null, Map.of("YUQING_API_TOKEN", "t", "YUQING_QUERY_PORT", "http")))
                .hasMessageContaining("query.port").hasMessageContaining("YUQING_QUERY_PORT");
        assertThatThrownBy(() -> QueryConfig.load(null, Map.of("YUQING_API_TOKEN", "t", "YUQING_QUERY_PORT", "70000")))
                .hasMessageContaining("query.port");
        assertThatThrownBy(() -> QueryConfig.load(null, Map.of("YUQING_API_TOKEN", "t", "YUQING_ES_URL", "es:9200")))
                .hasMessageContaining("es.urls");
        assertThatThrownBy(() -> QueryConfig.load(null, Map.of("YUQING_API_TOKEN", "t", "YUQING_ES_URL", " , ")))
                .hasMessageContaining("es.urls");
        assertThatThrownBy(() -> QueryConfig.load(null, Map.of("YUQING_API_TOKEN", "t", "YUQING_QUERY_READY_TIMEOUT_MS", "0")))
                .hasMessageContaining("query.ready-timeout-ms");
        assertThatThrownBy(() -> new QueryConfig("h", 1, "t", Duration.ofSeconds(1), Duration.ofSeconds(1),
                "zk", 2181, "posts", List.of(), "posts")).hasMessageContaining("es.urls");
    }
}
