package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;

/** Installs the project's index templates (shipped in yuqing-schemas) into a cluster. */
public final class IndexTemplates {
    private IndexTemplates() {}

    /** Puts (creates or replaces) a composable index template from a classpath resource. */
    public static void put(ElasticsearchClient client, String name, String resource) throws IOException {
        put(client, name, resource, null);
    }

    /**
     * Puts a template whose indices follow {@code lifecyclePolicy}, or no policy when null. Create
     * the policy first ({@link LifecyclePolicy#ensure}): a missing one leaves new indices in an ILM
     * error state.
     */
    public static void put(ElasticsearchClient client, String name, String resource, String lifecyclePolicy)
            throws IOException {
        JsonNode template = read(resource);
        if (lifecyclePolicy != null) {
            template = withLifecycle(template, lifecyclePolicy);
        }
        String body = Json.mapper().writeValueAsString(template);
        client.indices().putIndexTemplate(t -> t.name(name).withJson(new StringReader(body)));
    }

    /**
     * A copy of a composable template whose indices get {@code index.lifecycle.name = policy}. The
     * shipped files carry no policy, because a cluster without ILM refuses the setting. Written as
     * {@code settings.lifecycle.name}, the form the client's typed settings keep (Elasticsearch
     * adds the {@code index.} prefix, as for the templates' {@code number_of_shards}).
     */
    public static ObjectNode withLifecycle(JsonNode template, String policy) {
        if (!template.path("template").isObject()) {
            throw new IllegalArgumentException("not a composable index template: no \"template\" object");
        }
        ObjectNode copy = template.deepCopy();
        ObjectNode inner = (ObjectNode) copy.get("template");
        JsonNode settings = inner.get("settings");
        ObjectNode s = settings instanceof ObjectNode o ? o : inner.putObject("settings");
        s.putObject("lifecycle").put("name", policy);
        return copy;
    }

    static JsonNode read(String resource) throws IOException {
        try (InputStream in = IndexTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no index template resource " + resource + " on the classpath");
            }
            return Json.mapper().readTree(in);
        }
    }
}
