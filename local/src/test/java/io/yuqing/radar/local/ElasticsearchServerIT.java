package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.analyze.AnalyzeToken;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.yuqing.radar.connectors.alerts.AlertWrites;
import io.yuqing.radar.connectors.elasticsearch.IlmMode;
import io.yuqing.radar.connectors.elasticsearch.IndexSetup;
import io.yuqing.radar.connectors.elasticsearch.IndexTemplates;
import io.yuqing.radar.connectors.elasticsearch.LifecyclePolicy;
import io.yuqing.radar.connectors.topics.TopicWrites;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Elasticsearch node (module servers/elasticsearch) as the local stack uses it: started in its
 * own JVM, reached by the production client (elasticsearch-java 8.x) through {@link EsCompat},
 * Chinese search through the built-in cjk analyzer, idempotent writes by id, the project's index
 * templates without ILM (this node has none), and a restart on the same data dir that keeps the
 * documents.
 */
class ElasticsearchServerIT {
    private static final String INDEX = "posts-it";
    private static final Map<String, String> POSTS = new LinkedHashMap<>();

    static {
        POSTS.put("weibo-1001", "暴雨导致城区多处积水，市民出行受阻");
        POSTS.put("weibo-1002", "食品安全问题引发家长担忧");
        POSTS.put("news-2001", "城区交通已恢复正常，地铁准点运行");
    }

    @TempDir
    Path tmp;

    @Test
    void startsSearchesChineseAndKeepsDataAcrossARestart() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path logDir = tmp.resolve("logs");

        ServerProcess es = ServerProcess.start("elasticsearch", dataDir, logDir, "1g", Map.of(), Duration.ofSeconds(90));
        long firstPid = es.pid();
        try {
            System.out.println("elasticsearch first start (empty data dir): " + es.startTime().toMillis() + " ms, " + es.info());
            assertThat(es.info("http")).startsWith("http://127.0.0.1:");
            String version = es.info("version");
            assertThat(version).startsWith("7.");

            // without the shim the 8.x client is turned away by the 7.x server
            try (Client plain = new Client(es.info("http"), EsCompat.NONE)) {
                assertThatThrownBy(() -> plain.es.info()).hasMessageContaining("X-Elastic-Product");
            }

            try (Client c = new Client(es.info("http"), EsCompat.forServerVersion(version))) {
                assertThat(c.es.info().version().number()).isEqualTo(version);

                List<String> tokens = c.es.indices().analyze(a -> a.analyzer("cjk").text(POSTS.get("weibo-1001")))
                        .tokens().stream().map(AnalyzeToken::token).toList();
                assertThat(tokens).contains("暴雨", "积水", "城区").doesNotContain("积", "水");

                c.es.indices().create(i -> i.index(INDEX)
                        .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                        .mappings(m -> m
                                .properties("text", p -> p.text(t -> t.analyzer("cjk")))
                                .properties("platform", p -> p.keyword(k -> k))));

                for (Map.Entry<String, String> post : POSTS.entrySet()) {
                    c.es.index(i -> i.index(INDEX).id(post.getKey()).document(doc(post.getKey(), post.getValue())));
                }
                c.es.indices().refresh(r -> r.index(INDEX));
                assertThat(searchIds(c, "积水")).containsExactly("weibo-1001");
                assertThat(searchIds(c, "家长")).containsExactly("weibo-1002");
                assertThat(count(c)).isEqualTo(POSTS.size());

                // the same ids again, through the bulk API the sink uses: replaced, not added
                BulkResponse bulk = c.es.bulk(b -> {
                    b.index(INDEX);
                    POSTS.forEach((id, text) -> b.operations(o -> o.index(x -> x.id(id).document(doc(id, text)))));
                    return b;
                });
                assertThat(bulk.errors()).as("bulk errors: %s", bulk.items()).isFalse();
                c.es.indices().refresh(r -> r.index(INDEX));
                assertThat(count(c)).isEqualTo(POSTS.size());
                assertThat(searchIds(c, "积水")).containsExactly("weibo-1001");

                installsTheProjectTemplatesWithoutIlm(c.es);
            }

            // a second node on a taken port says so instead of hanging
            int takenPort = Integer.parseInt(es.info("http").replaceAll(".*:", ""));
            assertThatThrownBy(() -> ServerProcess.start("elasticsearch", tmp.resolve("other"), logDir.resolve("other"),
                    "256m", Map.of("http-port", String.valueOf(takenPort)), Duration.ofSeconds(60)))
                    .hasMessageContaining("already in use");
        } finally {
            es.close();
        }
        assertThat(es.isAlive()).isFalse();
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        ServerProcess again = ServerProcess.start("elasticsearch", dataDir, logDir, "1g", Map.of(), Duration.ofSeconds(90));
        long secondPid = again.pid();
        try {
            System.out.println("elasticsearch restart (same data dir): " + again.startTime().toMillis() + " ms, " + again.info());
            try (Client c = new Client(again.info("http"), EsCompat.forServerVersion(again.info("version")))) {
                assertThat(count(c)).isEqualTo(POSTS.size());
                assertThat(searchIds(c, "积水")).containsExactly("weibo-1001");
            }
        } finally {
            again.close();
        }
        assertThat(again.isAlive()).isFalse();
        assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void shimIsASerializableHookAndOnlyAppliesTo7() throws Exception {
        assertThat(EsCompat.forServerVersion("7.10.2")).isSameAs(EsCompat.ES7);
        assertThat(EsCompat.forServerVersion("8.19.3")).isSameAs(EsCompat.NONE);
        assertThat(EsCompat.forServerVersion("9.1.0")).isSameAs(EsCompat.NONE);
        assertThat(EsCompat.plainMediaType("application/vnd.elasticsearch+json; compatible-with=8"))
                .isEqualTo("application/json");
        assertThat(EsCompat.plainMediaType("application/vnd.elasticsearch+x-ndjson; compatible-with=8"))
                .isEqualTo("application/x-ndjson");
        assertThat(EsCompat.plainMediaType("application/json")).isEqualTo("application/json");

        Consumer<RestClientBuilder> hook = EsCompat.ES7;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(hook);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isSameAs(EsCompat.ES7);
        }
    }

    /**
     * The index templates as the local stack installs them, on this OSS node that has no ILM:
     * {@code es.ilm.enabled=auto} installs them without policies, {@code true} refuses to start,
     * and the indices they make carry the Chinese analyzer, the keyword facets and the date fields
     * the Kibana objects aggregate on.
     */
    private static void installsTheProjectTemplatesWithoutIlm(ElasticsearchClient es) throws IOException {
        assertThatThrownBy(() -> IndexSetup.forCluster(es, IlmMode.ENABLED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("es.ilm.enabled=true but the cluster has no index lifecycle management");
        // why auto asks first: a template that names a policy is refused here
        assertThatThrownBy(() -> IndexTemplates.put(es, PostsIndex.DEFAULT_PREFIX, PostsIndex.TEMPLATE_RESOURCE,
                LifecyclePolicy.POSTS.name())).hasMessageContaining("index.lifecycle.name");

        IndexSetup setup = IndexSetup.forCluster(es, IlmMode.AUTO);
        assertThat(setup.lifecycle()).isFalse();
        assertThat(setup.describe()).contains("no index lifecycle management");
        setup.install(PostsIndex.DEFAULT_PREFIX, PostsIndex.TEMPLATE_RESOURCE, LifecyclePolicy.POSTS);
        setup.install(TopicWrites.TEMPLATE_NAME, TopicWrites.TEMPLATE_RESOURCE, LifecyclePolicy.TOPICS);
        setup.install(AlertWrites.TEMPLATE_NAME, AlertWrites.TEMPLATE_RESOURCE, LifecyclePolicy.ALERTS);
        assertThat(es.indices().getIndexTemplate().indexTemplates()).extracting(t -> t.name())
                .contains(PostsIndex.DEFAULT_PREFIX, TopicWrites.TEMPLATE_NAME, AlertWrites.TEMPLATE_NAME);

        // the contract examples, written where the sinks write them
        EnrichedPost post = example("enriched-post.json", EnrichedPost.class);
        TopicSnapshot topic = example("topic-snapshot.json", TopicSnapshot.class);
        Alert alert = example("alert-yellow.json", Alert.class);
        String postsIndex = PostsIndex.indexFor(PostsIndex.DEFAULT_PREFIX, post.createdAt());
        String topicsIndex = TopicWrites.indexFor(TopicWrites.DEFAULT_INDEX_PREFIX, topic.windowEnd());
        String alertsIndex = AlertWrites.indexFor(AlertWrites.DEFAULT_PREFIX, alert.windowEnd());
        es.index(i -> i.index(postsIndex).id(post.id()).withJson(new StringReader(Json.toString(post))));
        es.index(i -> i.index(topicsIndex).id(topic.topicId()).withJson(new StringReader(Json.toString(topic))));
        es.index(i -> i.index(alertsIndex).id(alert.alertId()).withJson(new StringReader(Json.toString(alert))));
        es.indices().refresh(r -> r.index(postsIndex, topicsIndex, alertsIndex));

        var settings = es.indices().getSettings(g -> g.index(postsIndex)).get(postsIndex).settings();
        assertThat(settings.index().lifecycle()).as("no policy on an index of a cluster without ILM").isNull();
        assertThat(es.indices().getMapping(m -> m.index(postsIndex)).get(postsIndex).mappings().properties())
                .satisfies(p -> {
                    assertThat(p.get("created_at").isDate()).isTrue();
                    assertThat(p.get("province").isKeyword()).isTrue();
                    assertThat(p.get("text").text().analyzer()).isEqualTo("zh_text");
                });
        List<String> bigrams = es.indices().analyze(a -> a.index(postsIndex).analyzer("zh_text").text("暴雨导致城区积水"))
                .tokens().stream().map(AnalyzeToken::token).toList();
        assertThat(bigrams).contains("暴雨", "城区", "积水");

        // what the dashboard asks: facets on keywords, histograms on dates, a topic title as a term
        assertThat(termsOf(es, postsIndex, "province")).containsExactly(post.province());
        assertThat(termsOf(es, postsIndex, "sentiment")).containsExactly(post.sentiment().json());
        assertThat(termsOf(es, topicsIndex, "title.raw")).containsExactly(topic.title());
        assertThat(termsOf(es, alertsIndex, "level_cn")).containsExactly(alert.level().chinese());
        SearchResponse<Void> volume = es.search(s -> s.index(postsIndex).size(0)
                .aggregations("v", a -> a.dateHistogram(h -> h.field("created_at").calendarInterval(CalendarInterval.Hour))), Void.class);
        assertThat(volume.aggregations().get("v").dateHistogram().buckets().array())
                .anySatisfy(b -> assertThat(b.docCount()).isEqualTo(1));
    }

    private static List<String> termsOf(ElasticsearchClient es, String index, String field) throws IOException {
        SearchResponse<Void> r = es.search(s -> s.index(index).size(0)
                .aggregations("t", a -> a.terms(t -> t.field(field))), Void.class);
        return r.aggregations().get("t").sterms().buckets().array().stream().map(b -> b.key().stringValue()).toList();
    }

    private static <T> T example(String name, Class<T> type) throws IOException {
        try (InputStream in = ElasticsearchServerIT.class.getClassLoader().getResourceAsStream("schemas/examples/" + name)) {
            assertThat(in).as(name).isNotNull();
            return Json.fromBytes(in.readAllBytes(), type);
        }
    }

    private static Map<String, Object> doc(String id, String text) {
        return Map.of("id", id, "platform", id.substring(0, id.indexOf('-')), "text", text);
    }

    private static List<String> searchIds(Client c, String word) throws IOException {
        SearchResponse<Map> r = c.es.search(s -> s.index(INDEX).query(q -> q.match(m -> m.field("text").query(word))), Map.class);
        return r.hits().hits().stream().map(Hit::id).toList();
    }

    private static long count(Client c) throws IOException {
        return c.es.count(x -> x.index(INDEX)).count();
    }

    /** The production client, built the way the ES sink builds it, plus the compat hook. */
    private static final class Client implements AutoCloseable {
        final RestClientTransport transport;
        final ElasticsearchClient es;

        Client(String url, Consumer<RestClientBuilder> compat) {
            RestClientBuilder builder = RestClient.builder(HttpHost.create(url));
            compat.accept(builder);
            transport = new RestClientTransport(builder.build(), new JacksonJsonpMapper());
            es = new ElasticsearchClient(transport);
        }

        @Override
        public void close() throws IOException {
            transport.close();
        }
    }
}
