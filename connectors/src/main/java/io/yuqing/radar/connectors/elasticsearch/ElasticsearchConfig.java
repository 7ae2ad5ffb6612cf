package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Settings;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * How to reach Elasticsearch (8.x or 9.x in production). Serializable so the sink can build its
 * client on the task managers.
 *
 * @param urls       one or more node URLs, e.g. {@code https://es1:9200}
 * @param apiKey     an encoded API key, or null
 * @param username   basic-auth user, or null
 * @param customizer last adjustments to the REST client (TLS, proxies); {@link RestClientCustomizer#NONE} if none
 */
public record ElasticsearchConfig(List<String> urls, String apiKey, String username, String password,
                                  RestClientCustomizer customizer) implements Serializable {

    public ElasticsearchConfig {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("at least one Elasticsearch URL is required");
        }
        urls = List.copyOf(urls);
        customizer = customizer == null ? RestClientCustomizer.NONE : customizer;
    }

    /** {@code es.urls}, {@code es.api-key}, {@code es.username}, {@code es.password}. */
    public static ElasticsearchConfig from(Settings s) {
        return new ElasticsearchConfig(s.getList("es.urls"), s.optional("es.api-key"), s.optional("es.username"),
                s.optional("es.password"), RestClientCustomizer.NONE);
    }

    public static ElasticsearchConfig of(String url) {
        return new ElasticsearchConfig(List.of(url), null, null, null, RestClientCustomizer.NONE);
    }

    public ElasticsearchConfig withCustomizer(RestClientCustomizer c) {
        return new ElasticsearchConfig(urls, apiKey, username, password, c);
    }

    public RestClient restClient() {
        RestClientBuilder b = RestClient.builder(urls.stream().map(HttpHost::create).toArray(HttpHost[]::new));
        if (apiKey != null) {
            b.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey)});
        } else if (username != null) {
            String basic = Base64.getEncoder().encodeToString(
                    (username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
            b.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + basic)});
        }
        customizer.accept(b);
        return b.build();
    }

    /** A blocking client; closing its transport closes the REST client. */
    public ElasticsearchClient client() {
        return new ElasticsearchClient(transport());
    }

    public ElasticsearchAsyncClient asyncClient() {
        return new ElasticsearchAsyncClient(transport());
    }

    /** Credentials masked: a record's default would print the password and API key. */
    @Override
    public String toString() {
        return "ElasticsearchConfig[urls=" + urls + ", apiKey=" + (apiKey == null ? null : "***")
                + ", username=" + username + ", password=" + (password == null ? null : "***") + "]";
    }

    private RestClientTransport transport() {
        return new RestClientTransport(restClient(), new JacksonJsonpMapper(Json.mapper()));
    }
}
