package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.elasticsearch.ilm.PutLifecycleRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.connectors.alerts.AlertWrites;
import io.yuqing.radar.connectors.topics.TopicWrites;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** es.ilm.enabled, what a cluster's answer means, and the templates and policies as sent. */
class IndexLifecycleTest {
    private static final IlmSupport NO_ILM = new IlmSupport(false, "the cluster has no index lifecycle management");

    @Test
    void theModeComesFromSettingsAndDefaultsToAuto() {
        assertThat(IlmMode.from(Settings.defaults())).isEqualTo(IlmMode.AUTO);
        assertThat(IlmMode.from(Settings.load(null, Map.of("YUQING_ES_ILM_ENABLED", "false"), new Properties())))
                .isEqualTo(IlmMode.DISABLED);
        assertThat(IlmMode.parse(" TRUE ")).isEqualTo(IlmMode.ENABLED);
        assertThatThrownBy(() -> IlmMode.parse("yes")).hasMessageContaining("es.ilm.enabled must be auto, true or false");
        for (IlmMode m : IlmMode.values()) {
            assertThat(IlmMode.parse(m.value())).isEqualTo(m);
        }
    }

    @Test
    void autoFollowsTheClusterTrueInsistsFalseNeverApplies() {
        assertThat(IlmMode.AUTO.apply(IlmSupport.AVAILABLE)).isTrue();
        assertThat(IlmMode.AUTO.apply(NO_ILM)).isFalse();
        assertThat(IlmMode.ENABLED.apply(IlmSupport.AVAILABLE)).isTrue();
        assertThatThrownBy(() -> IlmMode.ENABLED.apply(NO_ILM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("es.ilm.enabled=true but the cluster has no index lifecycle management")
                .hasMessageContaining("es.ilm.enabled=auto or false");
        assertThat(IlmMode.DISABLED.apply(IlmSupport.AVAILABLE)).isFalse();
        assertThat(IlmMode.DISABLED.apply(NO_ILM)).isFalse();
    }

    @Test
    void errorStatusesThatMeanNoIlmAreToldApartFromFailures() throws Exception {
        for (int status : List.of(400, 404, 405, 410)) {
            IlmSupport s = IlmSupport.fromStatus(status, new IOException("x"));
            assertThat(s.available()).isFalse();
            assertThat(s.reason()).contains("no index lifecycle management").contains("HTTP " + status);
        }
        assertThat(IlmSupport.fromStatus(403, new IOException("x")).reason()).contains("manage_ilm");
        // an unreachable or failing cluster is not a cluster without ILM: the error goes up
        IOException down = new IOException("boom");
        assertThatThrownBy(() -> IlmSupport.fromStatus(503, down)).isSameAs(down);
        assertThatThrownBy(() -> IlmSupport.fromStatus(401, new IllegalStateException("denied")))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 401");
    }

    @Test
    void withLifecycleNamesThePolicyAndLeavesTheRestAndTheOriginalAlone() throws Exception {
        JsonNode original = IndexTemplates.read(PostsIndex.TEMPLATE_RESOURCE);
        String before = original.toString();
        ObjectNode rewritten = IndexTemplates.withLifecycle(original, "yuqing-posts");

        assertThat(original.toString()).isEqualTo(before);
        JsonNode settings = rewritten.path("template").path("settings");
        assertThat(settings.path("lifecycle").path("name").asText()).isEqualTo("yuqing-posts");
        assertThat(settings.path("number_of_shards").asInt()).isEqualTo(1);
        assertThat(settings.path("analysis")).isEqualTo(original.path("template").path("settings").path("analysis"));
        assertThat(rewritten.path("template").path("mappings")).isEqualTo(original.path("template").path("mappings"));
        assertThat(rewritten.path("index_patterns")).isEqualTo(original.path("index_patterns"));

        ObjectNode bare = (ObjectNode) Json.mapper().readTree("{\"index_patterns\":[\"x-*\"],\"template\":{}}");
        assertThat(IndexTemplates.withLifecycle(bare, "p").path("template").path("settings").path("lifecycle")
                .path("name").asText()).isEqualTo("p");
        assertThatThrownBy(() -> IndexTemplates.withLifecycle(Json.mapper().readTree("{\"index_patterns\":[]}"), "p"))
                .hasMessageContaining("not a composable index template");
    }

    @Test
    void theClientSendsTheLifecycleSettingItWasGiven() throws Exception {
        // the client parses the body into typed settings and writes it again: nothing may be lost
        for (String[] t : List.of(
                new String[] {PostsIndex.TEMPLATE_RESOURCE, LifecyclePolicy.POSTS.name()},
                new String[] {TopicWrites.TEMPLATE_RESOURCE, LifecyclePolicy.TOPICS.name()},
                new String[] {AlertWrites.TEMPLATE_RESOURCE, LifecyclePolicy.ALERTS.name()})) {
            String body = Json.mapper().writeValueAsString(IndexTemplates.withLifecycle(IndexTemplates.read(t[0]), t[1]));
            PutIndexTemplateRequest req = PutIndexTemplateRequest.of(b -> b.name("n").withJson(new StringReader(body)));
            JsonNode sent = Json.mapper().readTree(serialize(req));
            JsonNode settings = sent.path("template").path("settings");
            String named = settings.path("lifecycle").path("name").asText(
                    settings.path("index").path("lifecycle").path("name").asText(null));
            assertThat(named).as(t[0]).isEqualTo(t[1]);
            assertThat(sent.path("template").path("mappings").path("properties").size()).as(t[0])
                    .isEqualTo(IndexTemplates.read(t[0]).path("template").path("mappings").path("properties").size());
        }
    }

    @Test
    void policiesDeleteMonthlyIndicesAfterTheirRetentionPlusAMonthAndNeverMakeThemReadOnly() throws Exception {
        Map<LifecyclePolicy, Integer> deleteDays = Map.of(
                LifecyclePolicy.POSTS, 215, LifecyclePolicy.TOPICS, 430, LifecyclePolicy.ALERTS, 1130);
        for (var e : deleteDays.entrySet()) {
            JsonNode policy = IndexTemplates.read(e.getKey().resource());
            JsonNode phases = policy.path("policy").path("phases");
            assertThat(phases.path("delete").path("min_age").asText()).as(e.getKey().name()).isEqualTo(e.getValue() + "d");
            assertThat(phases.path("delete").path("actions").has("delete")).isTrue();
            assertThat(phases.path("warm").path("min_age").asText()).isEqualTo("35d");
            // monthly indices are not rolled over, and a late post must still be writable
            assertThat(policy.toString()).doesNotContain("rollover", "readonly", "forcemerge", "shrink");
            String body = policy.toString();
            PutLifecycleRequest req = PutLifecycleRequest.of(b -> b.name(e.getKey().name()).withJson(new StringReader(body)));
            JsonNode sent = Json.mapper().readTree(serialize(req));
            assertThat(sent.path("policy").path("phases").path("delete").path("min_age").asText())
                    .isEqualTo(e.getValue() + "d");
        }
        assertThat(List.of(LifecyclePolicy.POSTS, LifecyclePolicy.TOPICS, LifecyclePolicy.ALERTS))
                .extracting(LifecyclePolicy::name).containsExactly("yuqing-posts", "yuqing-topics", "yuqing-alerts");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(LifecyclePolicy.POSTS.resource())) {
            assertThat(in).isNotNull();
        }
    }

    private static String serialize(Object request) {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        StringWriter out = new StringWriter();
        try (JsonGenerator g = mapper.jsonProvider().createGenerator(out)) {
            mapper.serialize(request, g);
        }
        return out.toString();
    }
}
