package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.yuqing.radar.connectors.RetryBackoff;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

final class ElasticsearchSinkWriter<T> extends AsyncSinkWriter<T, EsDocument> {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);

    private final ElasticsearchAsyncClient client;
    private final Counter retried;
    private final Counter rejected;
    private final Counter indexed;
    private final RetryBackoff backoff = new RetryBackoff();

    ElasticsearchSinkWriter(ElementConverter<T, EsDocument> converter, WriterInitContext context,
                            AsyncSinkWriterConfiguration configuration,
                            Collection<BufferedRequestState<EsDocument>> recovered, ElasticsearchConfig config) {
        super(converter, context, configuration, recovered);
        this.client = config.asyncClient();
        this.retried = context.metricGroup().counter("esDocumentsRetried");
        this.rejected = context.metricGroup().counter("esDocumentsRejected");
        this.indexed = context.metricGroup().counter("esDocumentsIndexed");
    }

    @Override
    protected void submitRequestEntries(List<EsDocument> docs, ResultHandler<EsDocument> result) {
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (EsDocument d : docs) {
            bulk.operations(op -> op.index(i -> i.index(d.index()).id(d.id())
                    .document(BinaryData.of(d.json(), ContentType.APPLICATION_JSON))));
        }
        client.bulk(bulk.build()).whenComplete((response, error) -> {
            if (error != null) {
                if (isFatal(error)) {
                    result.completeExceptionally(new IOException("Elasticsearch refused the bulk request", error));
                } else {
                    retried.inc(docs.size());
                    if (backoff.shouldLog()) {
                        LOG.warn("bulk of {} documents failed ({}); re-queued with back-off ({} failures in a row)",
                                docs.size(), error.toString(), backoff.consecutiveFailures() + 1);
                    }
                    backoff.retryLater(() -> result.retryForEntries(docs));
                }
                return;
            }
            List<EsDocument> retry = new ArrayList<>();
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                if (item.error() == null) {
                    indexed.inc();
                } else if (item.status() == 429 || item.status() >= 500) {
                    retry.add(docs.get(i));
                } else {
                    rejected.inc();
                    LOG.error("Elasticsearch rejected document {} in {}: {} {}", item.id(), item.index(),
                            item.error().type(), item.error().reason());
                }
            }
            if (retry.isEmpty()) {
                backoff.onSuccess();
                result.complete();
            } else {
                retried.inc(retry.size());
                backoff.retryLater(() -> result.retryForEntries(retry));
            }
        });
    }

    /** Authentication and authorisation failures will not heal by retrying. */
    private static boolean isFatal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ResponseException re) {
                int status = re.getResponse().getStatusLine().getStatusCode();
                return status == 401 || status == 403;
            }
        }
        return false;
    }

    @Override
    protected long getSizeInBytes(EsDocument doc) {
        return doc.json().length;
    }

    @Override
    public void close() {
        super.close();
        try {
            client._transport().close();
        } catch (IOException e) {
            LOG.warn("closing Elasticsearch client", e);
        }
    }
}
