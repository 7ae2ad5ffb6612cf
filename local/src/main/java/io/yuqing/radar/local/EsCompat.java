package io.yuqing.radar.local;

import org.apache.http.Header;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.elasticsearch.client.RestClientBuilder;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Lets an {@code elasticsearch-java} 8.x client talk to the Elasticsearch 7.10.2 node that the
 * local stack and the tests run (the newest ES published on Maven Central as startable jars).
 * Local and test code only: production talks to real 8.x/9.x clusters and must never carry this.
 *
 * <p>Two things stand between the 8.x client and a 7.10 server:
 * <ul>
 *   <li>the client sends {@code application/vnd.elasticsearch+json; compatible-with=8} (and the
 *       {@code x-ndjson} variant for bulk) as Content-Type and Accept, which 7.10 rejects with
 *       406; {@link #ES7} rewrites them to the plain media types;</li>
 *   <li>the client refuses responses without {@code X-Elastic-Product: Elasticsearch}, a header
 *       servers send only since 7.14; {@link #ES7} adds it when it is missing.</li>
 * </ul>
 *
 * <p>An enum so that it is {@link java.io.Serializable}: a Flink sink can carry it in its
 * configuration as a {@code Consumer<RestClientBuilder> & Serializable} hook and apply it where
 * the client is built, in the task. {@link #NONE} is the hook for 8.x/9.x servers; choose with
 * {@link #forServerVersion(String)} from the {@code version=} the server reported.
 *
 * <p>{@link RestClientBuilder#setHttpClientConfigCallback} keeps only the last callback set:
 * code that needs its own callback (credentials, TLS) calls {@link #addInterceptors} from it
 * instead of applying the constant.
 */
public enum EsCompat implements Consumer<RestClientBuilder> {
    /** For a 7.x server. */
    ES7 {
        @Override
        public void accept(RestClientBuilder builder) {
            builder.setHttpClientConfigCallback(this::addInterceptors);
        }

        @Override
        public HttpAsyncClientBuilder addInterceptors(HttpAsyncClientBuilder http) {
            // "last" so that it sees the Content-Type httpclient derives from the entity
            return http.addInterceptorLast(PLAIN_MEDIA_TYPES).addInterceptorFirst(PRODUCT_HEADER);
        }
    },
    /** For 8.x and 9.x servers: they speak the client's protocol, nothing is changed. */
    NONE {
        @Override
        public void accept(RestClientBuilder builder) {
            // deliberately nothing
        }

        @Override
        public HttpAsyncClientBuilder addInterceptors(HttpAsyncClientBuilder http) {
            return http;
        }
    };

    /** Adds this mode's interceptors to an HTTP client the caller configures itself. */
    public abstract HttpAsyncClientBuilder addInterceptors(HttpAsyncClientBuilder http);

    /** {@link #ES7} for a 7.x version string such as "7.10.2", {@link #NONE} for 8 and later. */
    public static EsCompat forServerVersion(String version) {
        int dot = version.indexOf('.');
        int major = Integer.parseInt(dot < 0 ? version.trim() : version.substring(0, dot).trim());
        if (major < 7) {
            throw new IllegalArgumentException("elasticsearch-java 8 cannot talk to Elasticsearch " + version);
        }
        return major == 7 ? ES7 : NONE;
    }

    /** Shorthand for {@code ES7.accept(builder)}. */
    public static void applyTo(RestClientBuilder builder) {
        ES7.accept(builder);
    }

    private static final String PRODUCT = "X-Elastic-Product";
    private static final Pattern COMPAT_PARAM = Pattern.compile("\\s*;\\s*compatible-with\\s*=\\s*\\d+");

    private static final HttpRequestInterceptor PLAIN_MEDIA_TYPES = (request, context) -> {
        for (String name : new String[] {"Content-Type", "Accept"}) {
            for (Header h : request.getHeaders(name)) {
                String plain = plainMediaType(h.getValue());
                if (!plain.equals(h.getValue())) {
                    request.removeHeader(h);
                    request.addHeader(name, plain);
                }
            }
        }
    };

    private static final HttpResponseInterceptor PRODUCT_HEADER = (response, context) -> {
        if (!response.containsHeader(PRODUCT)) {
            response.addHeader(PRODUCT, "Elasticsearch");
        }
    };

    /** {@code application/vnd.elasticsearch+x-ndjson; compatible-with=8} → {@code application/x-ndjson}. */
    static String plainMediaType(String value) {
        if (!value.toLowerCase(Locale.ROOT).contains("vnd.elasticsearch+")) {
            return value;
        }
        String v = value.replaceAll("(?i)vnd\\.elasticsearch\\+", "");
        return COMPAT_PARAM.matcher(v).replaceAll("").trim();
    }
}
