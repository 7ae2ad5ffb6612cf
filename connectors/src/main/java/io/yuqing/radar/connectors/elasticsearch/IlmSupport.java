package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;

import java.io.IOException;

/**
 * What a cluster said when asked for its ILM status ({@code GET _ilm/status}).
 *
 * @param available whether lifecycle policies can be installed and used
 * @param reason    why not, for the log and errors; "ILM is available" when they can
 */
public record IlmSupport(boolean available, String reason) {
    public static final IlmSupport AVAILABLE = new IlmSupport(true, "ILM is available");

    /** Asks the cluster. Errors other than "no ILM here" or "not allowed" are thrown, not guessed at. */
    public static IlmSupport probe(ElasticsearchClient client) throws IOException {
        try {
            client.ilm().getStatus();
            return AVAILABLE;
        } catch (ElasticsearchException e) {
            return fromStatus(e.status(), e);
        } catch (TransportException e) {
            // a 7.x node without X-Pack answers {"error": "no handler found ..."}, which the 8.x
            // client cannot read as an error object and reports as a transport failure
            return fromStatus(e.statusCode(), e);
        }
    }

    /**
     * The meaning of an error status from {@code GET _ilm/status}.
     *
     * @throws IOException with {@code cause} when the status says nothing about ILM (5xx, auth)
     */
    static IlmSupport fromStatus(int status, Exception cause) throws IOException {
        return switch (status) {
            // 400 "no handler found" (OSS 7.x), 404/405 (proxies, other servers), 410 (serverless)
            case 400, 404, 405, 410 -> new IlmSupport(false,
                    "the cluster has no index lifecycle management (HTTP " + status + " from GET _ilm/status; "
                            + "ILM is an X-Pack feature, absent from OSS and serverless Elasticsearch)");
            case 403 -> new IlmSupport(false,
                    "the Elasticsearch user may not manage lifecycle policies (HTTP 403 from GET _ilm/status; "
                            + "it needs the manage_ilm cluster privilege)");
            default -> throw cause instanceof IOException io ? io
                    : new IOException("GET _ilm/status failed with HTTP " + status + ": " + cause.getMessage(), cause);
        };
    }
}
