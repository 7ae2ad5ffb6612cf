package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import java.io.IOException;
import java.io.InputStream;

/** Installs the project's index templates (shipped in yuqing-schemas) into a cluster. */
public final class IndexTemplates {
    private IndexTemplates() {}

    /** Puts (creates or replaces) a composable index template from a classpath resource. */
    public static void put(ElasticsearchClient client, String name, String resource) throws IOException {
        try (InputStream in = IndexTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no index template resource " + resource + " on the classpath");
            }
            client.indices().putIndexTemplate(t -> t.name(name).withJson(in));
        }
    }
}
