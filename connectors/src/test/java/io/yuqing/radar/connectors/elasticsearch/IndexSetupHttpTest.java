package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.yuqing.radar.connectors.topics.TopicWrites;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ILM path over HTTP, against a stand-in that answers as an 8.x cluster with ILM does (the
 * test servers are OSS 7.10 without ILM): the probe, a missing policy created, an existing one
 * kept, and templates that name their policy.
 */
class IndexSetupHttpTest {
    private HttpServer es;
    private ElasticsearchClient client;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    /** "METHOD path" → status and body; anything else is 404. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    record Answer(int status, String body) {}

    @BeforeEach
    void start() throws IOException {
        es = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        es.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            calls.add(call);
            bodies.put(call, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer a = answers.getOrDefault(call, new Answer(404, notFound(call)));
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.sendResponseHeaders(a.status(), out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        es.start();
        client = ElasticsearchConfig.of("http://127.0.0.1:" + es.getAddress().getPort()).client();
        answers.put("PUT /_index_template/posts", new Answer(200, "{\"acknowledged\":true}"));
        answers.put("PUT /_index_template/yuqing-topics", new Answer(200, "{\"acknowledged\":true}"));
    }

    @AfterEach
    void stop() throws IOException {
        client._transport().close();
        es.stop(0);
    }

    @Test
    void withIlmAMissingPolicyIsCreatedAnExistingOneKeptAndTemplatesNameThem() throws Exception {
        answers.put("GET /_ilm/status", new Answer(200, "{\"operation_mode\":\"RUNNING\"}"));
        answers.put("PUT /_ilm/policy/yuqing-posts", new Answer(200, "{\"acknowledged\":true}"));
        // an operator shortened the topics retention: it stays
        answers.put("GET /_ilm/policy/yuqing-topics", new Answer(200, "{\"yuqing-topics\":{\"version\":2,"
                + "\"modified_date\":\"2026-11-01T00:00:00.000Z\",\"policy\":{\"phases\":{\"delete\":"
                + "{\"min_age\":\"90d\",\"actions\":{\"delete\":{}}}}}}}"));

        IndexSetup setup = IndexSetup.forCluster(client, IlmMode.AUTO);
        assertThat(setup.lifecycle()).isTrue();
        setup.install(PostsIndex.DEFAULT_PREFIX, PostsIndex.TEMPLATE_RESOURCE, LifecyclePolicy.POSTS);
        setup.install(TopicWrites.TEMPLATE_NAME, TopicWrites.TEMPLATE_RESOURCE, LifecyclePolicy.TOPICS);

        assertThat(calls).containsExactly("GET /_ilm/status",
                "GET /_ilm/policy/yuqing-posts", "PUT /_ilm/policy/yuqing-posts", "PUT /_index_template/posts",
                "GET /_ilm/policy/yuqing-topics", "PUT /_index_template/yuqing-topics");
        JsonNode policy = Json.mapper().readTree(bodies.get("PUT /_ilm/policy/yuqing-posts"));
        assertThat(policy.path("policy").path("phases").path("delete").path("min_age").asText()).isEqualTo("215d");
        assertThat(lifecycleOf("PUT /_index_template/posts")).isEqualTo("yuqing-posts");
        assertThat(lifecycleOf("PUT /_index_template/yuqing-topics")).isEqualTo("yuqing-topics");
    }

    @Test
    void withoutIlmTheTemplatesNameNoPolicyAndNoPolicyIsAskedFor() throws Exception {
        answers.put("GET /_ilm/status", new Answer(405, "{\"error\":\"Incorrect HTTP method for uri [/_ilm/status] "
                + "and method [GET], allowed: [POST]\",\"status\":405}"));

        IndexSetup setup = IndexSetup.forCluster(client, IlmMode.AUTO);
        assertThat(setup.lifecycle()).isFalse();
        setup.install(PostsIndex.DEFAULT_PREFIX, PostsIndex.TEMPLATE_RESOURCE, LifecyclePolicy.POSTS);

        assertThat(calls).containsExactly("GET /_ilm/status", "PUT /_index_template/posts");
        assertThat(lifecycleOf("PUT /_index_template/posts")).isNull();
        assertThatThrownBy(() -> IndexSetup.forCluster(client, IlmMode.ENABLED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void falseNeverAsksAndAForbiddenOrFailingProbeIsToldApart() throws Exception {
        IndexSetup off = IndexSetup.forCluster(client, IlmMode.DISABLED);
        assertThat(off.lifecycle()).isFalse();
        assertThat(off.describe()).contains("es.ilm.enabled=false");
        assertThat(calls).isEmpty();

        answers.put("GET /_ilm/status", new Answer(403, "{\"error\":{\"type\":\"security_exception\","
                + "\"reason\":\"action [cluster:admin/ilm/operation_mode/get] is unauthorized\"},\"status\":403}"));
        assertThat(IndexSetup.forCluster(client, IlmMode.AUTO).describe()).contains("manage_ilm");

        answers.put("GET /_ilm/status", new Answer(503, "{\"error\":{\"type\":\"master_not_discovered_exception\","
                + "\"reason\":\"no master\"},\"status\":503}"));
        assertThatThrownBy(() -> IndexSetup.forCluster(client, IlmMode.AUTO)).hasMessageContaining("no master");
    }

    private String lifecycleOf(String call) throws IOException {
        JsonNode settings = Json.mapper().readTree(bodies.get(call)).path("template").path("settings");
        JsonNode name = settings.path("lifecycle").path("name");
        if (name.isMissingNode()) {
            name = settings.path("index").path("lifecycle").path("name");
        }
        return name.isMissingNode() ? null : name.asText();
    }

    private static String notFound(String call) {
        return "{\"error\":{\"root_cause\":[{\"type\":\"resource_not_found_exception\",\"reason\":\"" + call
                + " not found\"}],\"type\":\"resource_not_found_exception\",\"reason\":\"" + call
                + " not found\"},\"status\":404}";
    }
}
