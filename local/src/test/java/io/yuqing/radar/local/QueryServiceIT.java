package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.query.QueryConfig;
import io.yuqing.radar.query.QueryService;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.MonthlyIndex;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.PostsTable;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.Sentiment;
import io.yuqing.radar.schemas.TopicSnapshot;
import io.yuqing.radar.schemas.TopicTrendTable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query service over REAL HBase and Elasticsearch, each in its own JVM: posts written straight
 * into table {@code posts} and index {@code posts-2026.11}, topic snapshots into {@code topic_trend}
 * and {@code topics-<month>}, alerts into {@code alerts-<month>} under the project's index
 * templates (as the sinks would), then every endpoint called over HTTP the way a dashboard would
 * call it.
 */
class QueryServiceIT {
    private static final String TOKEN = "it-token-7f3a9c1e5b";
    private static final String INDEX = PostsIndex.indexFor(PostsIndex.DEFAULT_PREFIX, Instant.parse("2026-11-05T00:00:00Z"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static final EnrichedPost RAIN = post("weibo-9001", Platform.WEIBO, "暴雨导致城区多处积水，市民出行受阻",
            "2026-11-05T09:00:00+08:00", Sentiment.NEGATIVE, -0.6);
    private static final EnrichedPost DRAINED = post("news-9002", Platform.NEWS, "市政部门连夜排水，积水路段已恢复通行",
            "2026-11-05T12:00:00+08:00", Sentiment.POSITIVE, 0.4);
    private static final EnrichedPost FOOD = post("weibo-9003", Platform.WEIBO, "食品安全问题引发家长担忧",
            "2026-11-04T20:00:00+08:00", Sentiment.NEGATIVE, -0.5);
    private static final List<EnrichedPost> POSTS = List.of(RAIN, DRAINED, FOOD);

    // Topic snapshots and alerts end "now" so the hot-topics window (last N hours) sees them.
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final String RAIN_TOPIC = "tp-0a1b2c3d4e5f";
    private static final String FOOD_TOPIC = "tp-9f8e7d6c5b4a";
    /**
     * Three windows of the rain topic, oldest first: its heat peaked and fell; the latest is 20.
     * Its first window read as chatter (非舆情), the later ones as a disaster.
     */
    private static final List<TopicSnapshot> RAIN_SNAPSHOTS = List.of(
            // an older window had news posts too; the latest has none
            snapshot(RAIN_TOPIC, "城区积水", NOW.minus(30, ChronoUnit.MINUTES), Lifecycle.RISING, 40, 60.0,
                    Map.of("weibo", 35L, "news", 5L), Map.of("广东", 40L))
                    .withJudgement(Category.NONE, 0.3, List.of(), 0.05, Map.of()),
            snapshot(RAIN_TOPIC, "城区积水", NOW.minus(20, ChronoUnit.MINUTES), Lifecycle.PEAK, 90, 95.0,
                    Map.of("weibo", 90L), Map.of("广东", 90L))
                    .withJudgement(Category.DISASTER, 0.8, List.of("暴雨", "积水"), 0.1, Map.of("casualties", 0.05)),
            snapshot(RAIN_TOPIC, "城区积水", NOW.minus(10, ChronoUnit.MINUTES), Lifecycle.COOLING, 15, 20.0,
                    Map.of("weibo", 15L), Map.of("广东", 15L))
                    .withJudgement(Category.DISASTER, 0.85, List.of("积水", "暴雨"), 0.08, Map.of()));
    /** Its window ends as its alert is issued, so both fall in the same report period whatever the clock. */
    private static final TopicSnapshot FOOD_SNAPSHOT = snapshot(FOOD_TOPIC, "食品安全", NOW.minus(5, ChronoUnit.MINUTES),
            Lifecycle.EMERGING, 30, 45.0, Map.of("news", 30L), Map.of("北京", 30L))
            .withJudgement(Category.FOOD, 0.9, List.of("食品安全", "变质"), 0.66, Map.of("questioning", 0.4));
    private static final Alert RAIN_YELLOW = alert(RAIN_TOPIC, 1, RiskLevel.YELLOW, NOW.minus(25, ChronoUnit.MINUTES),
            Category.DISASTER, 0.1);
    private static final Alert RAIN_RED = alert(RAIN_TOPIC, 2, RiskLevel.RED, NOW.minus(15, ChronoUnit.MINUTES),
            Category.DISASTER, 0.1);
    /** Raised before the questioning took hold: its rumour score is below the snapshot's. */
    private static final Alert FOOD_RED = alert(FOOD_TOPIC, 1, RiskLevel.RED, NOW.minus(5, ChronoUnit.MINUTES),
            Category.FOOD, 0.55);

    @TempDir
    static Path tmp;

    private static ServerProcess hbaseServer;
    private static ServerProcess esServer;
    private static Connection hbase;
    private static RestClientTransport esTransport;
    private static QueryService service;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startEverything() throws Exception {
        // one after the other: two server JVMs starting at once on a small machine can starve each other
        hbaseServer = ServerProcess.start("hbase", tmp.resolve("hbase-data"), tmp.resolve("logs"), "1g", Map.of(), START_TIMEOUT);
        esServer = ServerProcess.start("elasticsearch", tmp.resolve("es-data"), tmp.resolve("logs"), "1g", Map.of(), START_TIMEOUT);
        System.out.println("hbase " + hbaseServer.info() + " in " + hbaseServer.startTime().toMillis() + " ms; elasticsearch "
                + esServer.info() + " in " + esServer.startTime().toMillis() + " ms");

        String zk = hbaseServer.info("zookeeper");
        hbase = hbaseConnection(Integer.parseInt(zk.substring(zk.lastIndexOf(':') + 1)));
        writeToHBase();
        writeTopicTrend();

        // The client the local stack would hand over: the compatibility shim is its business,
        // and its JSON mapper is the library default (camelCase), not the project's.
        esTransport = esTransport(esServer.info("http"), EsCompat.forServerVersion(esServer.info("version")));
        ElasticsearchClient es = new ElasticsearchClient(esTransport);
        writeToElasticsearch(es);
        writeTopicsAndAlerts(es);

        service = new QueryService(config("posts"), hbase, es).start();
    }

    @AfterAll
    static void stopEverything() throws IOException {
        // each step on its own: a failed start must not leave server JVMs behind
        if (service != null) {
            service.stop();
        }
        if (esTransport != null) {
            esTransport.close();
        }
        if (hbase != null) {
            hbase.close();
        }
        if (esServer != null) {
            esServer.close();
        }
        if (hbaseServer != null) {
            hbaseServer.close();
        }
    }

    @Test
    void healthReadyAndOpenApiNeedNoToken() throws Exception {
        HttpResponse<String> health = get(service, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("up");

        HttpResponse<String> ready = get(service, "/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(json(ready).at("/checks/hbase").asText()).isEqualTo("up");
        assertThat(json(ready).at("/checks/hbase_topic_trend").asText()).isEqualTo("up");
        assertThat(json(ready).at("/checks/elasticsearch").asText()).isEqualTo("up");

        HttpResponse<String> openapi = get(service, "/openapi.json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(json(openapi).get("openapi").asText()).startsWith("3.1");
    }

    @Test
    void readyIs503AndNamesTheBackendThatIsDown() throws Exception {
        // a second service over tables that do not exist and an ES port nobody listens on
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        QueryConfig c = config("no_such_posts");
        QueryConfig noTables = new QueryConfig(c.host(), c.port(), c.apiToken(), c.readyTimeout(), c.backendTimeout(),
                c.hbaseZkQuorum(), c.hbaseZkPort(), c.postsTable(), c.esUrls(), c.postsIndexPrefix(),
                c.topicsIndexPrefix(), c.alertsIndexPrefix(), "no_such_topic_trend");
        try (RestClientTransport dead = esTransport("http://127.0.0.1:" + deadPort, EsCompat.ES7);
             QueryService broken = new QueryService(noTables, hbase, new ElasticsearchClient(dead)).start()) {
            HttpResponse<String> r = get(broken, "/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = json(r);
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.at("/checks/hbase").asText()).isEqualTo("table not found");
            assertThat(body.at("/checks/hbase_topic_trend").asText()).isEqualTo("table not found");
            assertThat(body.at("/checks/elasticsearch").asText()).isNotEqualTo("up");
            assertThat(body.get("detail").asText()).contains("hbase").contains("elasticsearch");
            assertThat(r.body()).doesNotContain(String.valueOf(deadPort)).doesNotContain("\tat ");
        }
    }

    @Test
    void postByIdComesFromHBase() throws Exception {
        HttpResponse<String> r = api("/api/v1/posts/" + enc(RAIN.id()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.fromString(r.body(), EnrichedPost.class)).isEqualTo(RAIN);
        assertThat(json(r).get("created_at").asText()).isEqualTo("2026-11-05T09:00:00+08:00");
        assertThat(json(r).get("text").asText()).isEqualTo("暴雨导致城区多处积水，市民出行受阻");

        HttpResponse<String> missing = api("/api/v1/posts/" + enc("weibo-不存在"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void searchFindsAChineseWordNewestFirst() throws Exception {
        JsonNode all = search("q=" + enc("积水"));
        assertThat(all.get("total").asLong()).isEqualTo(2);
        assertThat(all.get("page").asInt()).isZero();
        assertThat(all.get("size").asInt()).isEqualTo(20);
        assertThat(ids(all)).containsExactly(DRAINED.id(), RAIN.id());
        // the hits are whole EnrichedPosts in the contract's JSON, whatever mapper the ES client has
        assertThat(Json.mapper().treeToValue(all.at("/items/1"), EnrichedPost.class)).isEqualTo(RAIN);

        JsonNode weibo = search("q=" + enc("积水") + "&platform=weibo");
        assertThat(weibo.get("total").asLong()).isEqualTo(1);
        assertThat(ids(weibo)).containsExactly(RAIN.id());

        JsonNode afterTen = search("q=" + enc("积水") + "&from=" + enc("2026-11-05T10:00:00+08:00"));
        assertThat(ids(afterTen)).containsExactly(DRAINED.id());

        JsonNode beforeTen = search("q=" + enc("积水") + "&to=" + enc("2026-11-05T02:00:00Z"));
        assertThat(ids(beforeTen)).containsExactly(RAIN.id());

        JsonNode secondPage = search("q=" + enc("积水") + "&size=1&page=1");
        assertThat(secondPage.get("total").asLong()).isEqualTo(2);
        assertThat(ids(secondPage)).containsExactly(RAIN.id());

        assertThat(ids(search("q=" + enc("家长")))).containsExactly(FOOD.id());
        assertThat(search("q=" + enc("地震")).get("total").asLong()).isZero();
    }

    @Test
    void querySyntaxInQCannotWidenTheSearch() throws Exception {
        // every post would match if any of these were parsed as query syntax
        JsonNode quoted = search("q=" + enc("积水\" OR *:*"));
        assertThat(ids(quoted)).doesNotContain(FOOD.id()).isSubsetOf(RAIN.id(), DRAINED.id());
        assertThat(quoted.get("total").asLong()).isLessThan(POSTS.size());

        for (String hostile : List.of("text:* OR 1=1", "*", "*:*", "_id:weibo-9003 OR 积水", "{\"match_all\":{}}")) {
            JsonNode r = search("q=" + enc(hostile));
            assertThat(r.get("total").asLong()).as(hostile).isLessThan(POSTS.size());
            assertThat(ids(r)).as(hostile).doesNotContain(FOOD.id());
        }
    }

    @Test
    void badParametersAre400() throws Exception {
        for (String query : List.of("", "q=", "q=%20%20", "q=x&size=0", "q=x&size=101", "q=x&page=-1",
                "q=x&page=100&size=100", "q=x&from=2026-11-05", "q=x&to=not-a-date", "q=x&platform=twitter",
                "q=x&from=2026-11-06T00:00:00Z&to=2026-11-05T00:00:00Z")) {
            HttpResponse<String> r = api("/api/v1/posts/search?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(query).isEqualTo("invalid_parameter");
            assertThat(json(r).get("detail").asText()).as(query).isNotBlank();
        }
    }

    @Test
    void missingOrWrongTokenIs401() throws Exception {
        String path = "/api/v1/posts/" + RAIN.id();
        for (HttpResponse<String> r : List.of(
                get(service, path),
                get(service, path, "Authorization", "Bearer " + TOKEN + "x"),
                get(service, path, "Authorization", TOKEN),
                get(service, path, "X-Api-Token", "wrong"),
                get(service, "/api/v1/posts/search?q=" + enc("积水")))) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
            assertThat(r.body()).doesNotContain(RAIN.text());
        }
        assertThat(get(service, path, "X-Api-Token", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void hotTopicsListEachTopicOnceWithItsLatestSnapshotRankedByHeat() throws Exception {
        JsonNode hot = ok("/api/v1/topics/hot");
        assertThat(hot.get("hours").asInt()).isEqualTo(24);
        // the rain topic's latest heat (20) ranks it below food (45), though an older window reached 95
        assertThat(topicIds(hot)).containsExactly(FOOD_TOPIC, RAIN_TOPIC);
        assertThat(Json.mapper().treeToValue(hot.at("/items/0"), TopicSnapshot.class)).isEqualTo(FOOD_SNAPSHOT);
        assertThat(Json.mapper().treeToValue(hot.at("/items/1"), TopicSnapshot.class)).isEqualTo(RAIN_SNAPSHOTS.get(2));

        assertThat(topicIds(ok("/api/v1/topics/hot?size=1"))).containsExactly(FOOD_TOPIC);
        // filters look at each topic's latest window only
        assertThat(topicIds(ok("/api/v1/topics/hot?platform=news"))).containsExactly(FOOD_TOPIC);
        assertThat(topicIds(ok("/api/v1/topics/hot?platform=WEIBO&hours=1"))).containsExactly(RAIN_TOPIC);
        assertThat(topicIds(ok("/api/v1/topics/hot?platform=douyin"))).isEmpty();
        assertThat(topicIds(ok("/api/v1/topics/hot?region=" + enc("广东")))).containsExactly(RAIN_TOPIC);
        assertThat(topicIds(ok("/api/v1/topics/hot?region=" + enc("西藏")))).isEmpty();
        // the category too: the rain topic's first window was 非舆情, its latest is a disaster
        assertThat(topicIds(ok("/api/v1/topics/hot?category=disaster"))).containsExactly(RAIN_TOPIC);
        assertThat(topicIds(ok("/api/v1/topics/hot?category=FOOD"))).containsExactly(FOOD_TOPIC);
        assertThat(topicIds(ok("/api/v1/topics/hot?category=none"))).isEmpty();
        assertThat(hot.at("/items/0/category_cn").asText()).isEqualTo("食品药品安全");
        assertThat(hot.at("/items/0/rumor_score").asDouble()).isEqualTo(0.66);
    }

    @Test
    void topicDetailIsTheLatestSnapshotAndItsSeriesNewestFirst() throws Exception {
        JsonNode detail = ok("/api/v1/topics/" + RAIN_TOPIC);
        assertThat(Json.mapper().treeToValue(detail.get("topic"), TopicSnapshot.class)).isEqualTo(RAIN_SNAPSHOTS.get(2));
        JsonNode series = detail.get("series");
        assertThat(series).hasSize(3);
        for (int i = 0; i < 3; i++) {
            TopicSnapshot want = RAIN_SNAPSHOTS.get(2 - i);
            JsonNode point = series.get(i);
            assertThat(Json.parseTime(point.get("window_end").asText())).isEqualTo(want.windowEnd());
            assertThat(point.get("post_count").asLong()).isEqualTo(want.postCount());
            assertThat(point.get("author_count").asLong()).isEqualTo(want.authorCount());
            assertThat(point.get("negative_ratio").asDouble()).isEqualTo(want.negativeRatio());
            assertThat(point.get("heat").asDouble()).isEqualTo(want.heat());
            assertThat(point.get("lifecycle").asText()).isEqualTo(want.lifecycle().json());
        }
        assertThat(ok("/api/v1/topics/" + FOOD_TOPIC).get("series")).hasSize(1);

        // a prefix of an existing id is not that topic
        for (String missing : List.of("tp-000000000000", "tp-0a1b2c")) {
            HttpResponse<String> r = api("/api/v1/topics/" + missing);
            assertThat(r.statusCode()).as(missing).isEqualTo(404);
            assertThat(json(r).get("error").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void alertsAreNewestFirstAndFilterable() throws Exception {
        JsonNode all = ok("/api/v1/alerts");
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("page").asInt()).isZero();
        assertThat(all.get("size").asInt()).isEqualTo(20);
        assertThat(alertIds(all)).containsExactly(FOOD_RED.alertId(), RAIN_RED.alertId(), RAIN_YELLOW.alertId());
        assertThat(Json.mapper().treeToValue(all.at("/items/1"), Alert.class)).isEqualTo(RAIN_RED);
        assertThat(all.at("/items/1/level_cn").asText()).isEqualTo("特别重大");

        assertThat(alertIds(ok("/api/v1/alerts?level=red"))).containsExactly(FOOD_RED.alertId(), RAIN_RED.alertId());
        assertThat(alertIds(ok("/api/v1/alerts?level=YELLOW"))).containsExactly(RAIN_YELLOW.alertId());
        assertThat(ok("/api/v1/alerts?level=orange").get("total").asLong()).isZero();
        assertThat(alertIds(ok("/api/v1/alerts?topic=" + RAIN_TOPIC))).containsExactly(RAIN_RED.alertId(), RAIN_YELLOW.alertId());
        assertThat(alertIds(ok("/api/v1/alerts?level=red&topic=" + RAIN_TOPIC))).containsExactly(RAIN_RED.alertId());
        assertThat(alertIds(ok("/api/v1/alerts?from=" + NOW.minus(20, ChronoUnit.MINUTES).toEpochMilli()
                + "&to=" + enc(Json.formatTime(NOW.minus(5, ChronoUnit.MINUTES)))))).containsExactly(RAIN_RED.alertId());
        // a topic "id" that is query syntax is just a term that matches nothing
        assertThat(ok("/api/v1/alerts?topic=" + enc("* OR topic_id:*")).get("total").asLong()).isZero();

        assertThat(alertIds(ok("/api/v1/alerts?category=disaster"))).containsExactly(RAIN_RED.alertId(), RAIN_YELLOW.alertId());
        assertThat(alertIds(ok("/api/v1/alerts?category=food&level=red"))).containsExactly(FOOD_RED.alertId());
        assertThat(ok("/api/v1/alerts?category=crime").get("total").asLong()).isZero();
        assertThat(alertIds(ok("/api/v1/alerts?min_rumor_score=0.5"))).containsExactly(FOOD_RED.alertId());
        assertThat(alertIds(ok("/api/v1/alerts?min_rumor_score=0.1"))).containsExactly(FOOD_RED.alertId(),
                RAIN_RED.alertId(), RAIN_YELLOW.alertId());
        assertThat(ok("/api/v1/alerts?category=disaster&min_rumor_score=0.5").get("total").asLong()).isZero();
        assertThat(all.at("/items/0/category_cn").asText()).isEqualTo("食品药品安全");

        JsonNode second = ok("/api/v1/alerts?size=1&page=1");
        assertThat(second.get("total").asLong()).isEqualTo(3);
        assertThat(alertIds(second)).containsExactly(RAIN_RED.alertId());
    }

    @Test
    void reportsShowEachTopicsCategoryAndMarkSuspectedRumours() throws Exception {
        // the daily report whose period (to 17:00 China time) holds the food alert and its window
        java.time.ZonedDateTime china = FOOD_RED.detectedAt().atZone(java.time.ZoneOffset.ofHours(8));
        java.time.LocalDate date = china.getHour() >= 17 ? china.toLocalDate().plusDays(1) : china.toLocalDate();
        JsonNode daily = ok("/api/v1/reports/daily?date=" + date);
        JsonNode food = null;
        for (JsonNode item : daily.get("items")) {
            if (item.get("topic_id").asText().equals(FOOD_TOPIC)) {
                food = item;
            }
        }
        assertThat(food).as("%s in %s", FOOD_TOPIC, daily).isNotNull();
        assertThat(food.get("category").asText()).isEqualTo("food");
        assertThat(food.get("category_cn").asText()).isEqualTo("食品药品安全");
        // the window's score, read back through a max over topics-* (the alert was raised at 0.55)
        assertThat(food.get("rumor_score").asDouble()).isEqualTo(0.66);
        assertThat(food.get("rumor_suspected").asBoolean()).isTrue();
        HttpResponse<String> html = api("/api/v1/reports/daily?format=html&date=" + date);
        assertThat(html.body()).contains("<span class=\"tag\">食品药品安全</span>").contains(">疑似不实</span>");
    }

    @Test
    void topicAndAlertBadParametersAre400AndNeedAToken() throws Exception {
        for (String path : List.of("/api/v1/topics/hot?hours=0", "/api/v1/topics/hot?hours=73",
                "/api/v1/topics/hot?size=51", "/api/v1/topics/hot?platform=twitter",
                "/api/v1/topics/hot?region=" + enc("广东.x"), "/api/v1/topics/hot?region=*",
                "/api/v1/topics/" + "x".repeat(257), "/api/v1/topics/" + enc("tp-0a1b2c3d4e5f|1"),
                "/api/v1/alerts?level=purple", "/api/v1/alerts?size=101", "/api/v1/alerts?page=-1",
                "/api/v1/alerts?from=yesterday", "/api/v1/alerts?from=2026-11-06T00:00:00Z&to=2026-11-05T00:00:00Z",
                "/api/v1/topics/hot?category=" + enc("食品药品安全"), "/api/v1/alerts?category=rumour",
                "/api/v1/alerts?min_rumor_score=1.01")) {
            HttpResponse<String> r = api(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(path).isEqualTo("invalid_parameter");
            assertThat(json(r).get("detail").asText()).as(path).isNotBlank();
        }
        for (String path : List.of("/api/v1/topics/hot", "/api/v1/topics/" + RAIN_TOPIC, "/api/v1/alerts")) {
            HttpResponse<String> r = get(service, path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
            assertThat(r.body()).doesNotContain("城区积水");
        }
    }

    // ---- setup ----

    private static QueryConfig config(String table) {
        QueryConfig d = QueryConfig.defaults(TOKEN);
        // hosts in the config are unused: the service gets clients, not addresses
        return new QueryConfig("127.0.0.1", 0, TOKEN, Duration.ofSeconds(10), Duration.ofSeconds(10),
                d.hbaseZkQuorum(), d.hbaseZkPort(), table, d.esUrls(), PostsIndex.DEFAULT_PREFIX);
    }

    private static Connection hbaseConnection(int zkPort) throws IOException {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", "127.0.0.1");
        conf.setInt("hbase.zookeeper.property.clientPort", zkPort);
        return ConnectionFactory.createConnection(conf);
    }

    private static void writeToHBase() throws IOException {
        TableName name = TableName.valueOf(PostsTable.DEFAULT_NAME);
        try (Admin admin = hbase.getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(name)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.of(PostsTable.FAMILY))
                    .build(), PostsTable.splitKeys());
        }
        try (Table table = hbase.getTable(name)) {
            List<Put> puts = new ArrayList<>();
            for (EnrichedPost p : POSTS) {
                puts.add(new Put(PostsTable.rowKey(p.id()))
                        .addColumn(PostsTable.FAMILY, PostsTable.JSON, Json.toBytes(p))
                        .addColumn(PostsTable.FAMILY, PostsTable.PLATFORM, utf8(p.platform().json()))
                        .addColumn(PostsTable.FAMILY, PostsTable.CREATED_AT, utf8(Json.formatTime(p.createdAt())))
                        .addColumn(PostsTable.FAMILY, PostsTable.TEXT, utf8(p.text())));
            }
            table.put(puts);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeToElasticsearch(ElasticsearchClient es) throws IOException {
        es.indices().create(c -> c.index(INDEX)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> m
                        .properties("text", p -> p.text(t -> t.analyzer("cjk")))
                        .properties("platform", p -> p.keyword(k -> k))
                        .properties("created_at", p -> p.date(d -> d))));
        for (EnrichedPost p : POSTS) {
            assertThat(PostsIndex.indexFor(PostsIndex.DEFAULT_PREFIX, p.createdAt())).isEqualTo(INDEX);
            // the contract's JSON as a plain map, so the client's own mapper cannot rename fields
            Map<String, Object> doc = Json.mapper().convertValue(p, Map.class);
            es.index(i -> i.index(INDEX).id(p.id()).document(doc));
        }
        es.indices().refresh(r -> r.index(INDEX));
    }

    private static void writeTopicTrend() throws IOException {
        TableName name = TableName.valueOf(TopicTrendTable.DEFAULT_NAME);
        try (Admin admin = hbase.getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(name)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.of(TopicTrendTable.FAMILY))
                    .build(), TopicTrendTable.splitKeys());
        }
        try (Table table = hbase.getTable(name)) {
            List<Put> puts = new ArrayList<>();
            for (TopicSnapshot s : allSnapshots()) {
                // the cells TopicWrites.toRow writes
                puts.add(new Put(TopicTrendTable.rowKey(s.topicId(), s.windowEnd()))
                        .addColumn(TopicTrendTable.FAMILY, TopicTrendTable.JSON, Json.toBytes(s))
                        .addColumn(TopicTrendTable.FAMILY, TopicTrendTable.WINDOW_END, utf8(Json.formatTime(s.windowEnd())))
                        .addColumn(TopicTrendTable.FAMILY, TopicTrendTable.POST_COUNT, utf8(Long.toString(s.postCount())))
                        .addColumn(TopicTrendTable.FAMILY, TopicTrendTable.HEAT, utf8(Double.toString(s.heat())))
                        .addColumn(TopicTrendTable.FAMILY, TopicTrendTable.LIFECYCLE, utf8(s.lifecycle().json())));
            }
            table.put(puts);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeTopicsAndAlerts(ElasticsearchClient es) throws IOException {
        putTemplate(es, "yuqing-topics", "elasticsearch/topics-template.json");
        putTemplate(es, "yuqing-alerts", "elasticsearch/alerts-template.json");
        List<String> indices = new ArrayList<>();
        for (TopicSnapshot s : allSnapshots()) {
            // as TopicWrites: topics-<month of window end, China time>, id <topic id>|<window end ms>
            String index = MonthlyIndex.indexFor("topics", s.windowEnd());
            Map<String, Object> doc = Json.mapper().convertValue(s, Map.class);
            es.index(i -> i.index(index).id(s.topicId() + "|" + s.windowEnd().toEpochMilli()).document(doc));
            indices.add(index);
        }
        for (Alert a : List.of(RAIN_YELLOW, RAIN_RED, FOOD_RED)) {
            // as AlertWrites: alerts-<month of window end, China time>, id = alert id
            String index = MonthlyIndex.indexFor("alerts", a.windowEnd());
            Map<String, Object> doc = Json.mapper().convertValue(a, Map.class);
            es.index(i -> i.index(index).id(a.alertId()).document(doc));
            indices.add(index);
        }
        es.indices().refresh(r -> r.index(indices.stream().distinct().toList()));
    }

    private static void putTemplate(ElasticsearchClient es, String name, String resource) throws IOException {
        try (InputStream in = TopicSnapshot.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            es.indices().putIndexTemplate(t -> t.name(name).withJson(in));
        }
    }

    private static List<TopicSnapshot> allSnapshots() {
        List<TopicSnapshot> all = new ArrayList<>(RAIN_SNAPSHOTS);
        all.add(FOOD_SNAPSHOT);
        return all;
    }

    private static TopicSnapshot snapshot(String id, String title, Instant windowEnd, Lifecycle lifecycle, long posts,
                                          double heat, Map<String, Long> platforms, Map<String, Long> regions) {
        return new TopicSnapshot(id, title, List.of(title), windowEnd.minus(10, ChronoUnit.MINUTES), windowEnd,
                NOW.minus(40, ChronoUnit.MINUTES), lifecycle, posts, posts / 2, posts / 3, posts / 4, 0.25,
                platforms, regions, heat, 1.5, List.of());
    }

    private static Alert alert(String topicId, int seq, RiskLevel level, Instant detectedAt, Category category,
                               double rumorScore) {
        return new Alert(topicId + "-" + seq, topicId, seq, level, seq == 1 ? null : RiskLevel.YELLOW, List.of(),
                "话题 " + topicId, List.of("积水"), detectedAt.minus(10, ChronoUnit.MINUTES), detectedAt,
                NOW.minus(40, ChronoUnit.MINUTES), detectedAt, 50, 20, 0.4, List.of("weibo"), List.of("广东"),
                List.of(), 60.0, category, 0.8, List.of("积水"), rumorScore);
    }

    private static RestClientTransport esTransport(String url, Consumer<RestClientBuilder> compat) {
        RestClientBuilder builder = RestClient.builder(HttpHost.create(url));
        compat.accept(builder);
        return new RestClientTransport(builder.build(), new JacksonJsonpMapper());
    }

    private static EnrichedPost post(String id, Platform platform, String text, String createdAt,
                                     Sentiment sentiment, double score) {
        return new EnrichedPost(id, platform, text, null, Json.parseTime(createdAt),
                new Author("a-" + id, null, 1200L, false), "https://example.invalid/" + id, 3, 5, 40, null,
                "440300", "zh", List.of("积水"), List.of("积水"), List.of(), List.of(), List.of(), null,
                sentiment, score, "0123456789abcdef", null, Instant.parse("2026-11-05T04:00:00Z"));
    }

    // ---- HTTP ----

    private static HttpResponse<String> get(QueryService s, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> api(String pathAndQuery) throws Exception {
        return get(service, pathAndQuery, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode search(String query) throws Exception {
        HttpResponse<String> r = api("/api/v1/posts/search?" + query);
        assertThat(r.statusCode()).as("%s -> %s", query, r.body()).isEqualTo(200);
        return json(r);
    }

    private static JsonNode ok(String pathAndQuery) throws Exception {
        HttpResponse<String> r = api(pathAndQuery);
        assertThat(r.statusCode()).as("%s -> %s", pathAndQuery, r.body()).isEqualTo(200);
        return json(r);
    }

    private static List<String> topicIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("topic_id").asText()));
        return ids;
    }

    private static List<String> alertIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("alert_id").asText()));
        return ids;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        return Json.mapper().readTree(r.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
