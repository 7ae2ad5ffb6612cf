package io.yuqing.radar.connectors.elasticsearch;

import io.yuqing.radar.connectors.BatchingSink;
import io.yuqing.radar.connectors.SinkBatching;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;

import java.util.Collection;
import java.util.List;

/**
 * Indexes documents through the bulk API, each under its own id, so replays overwrite instead of
 * duplicating. Rejections that a retry can cure (429, 5xx, connection loss) are re-queued;
 * documents Elasticsearch refuses for good (a mapping conflict) are logged with their id and
 * counted in the {@code esDocumentsRejected} metric, and the job goes on.
 */
public final class ElasticsearchSink<T> extends BatchingSink<T, EsDocument> {
    private final ElasticsearchConfig config;

    public ElasticsearchSink(ElasticsearchConfig config, SerializableFunction<T, EsDocument> toDocument,
                             SinkBatching batching) {
        super(toDocument, batching);
        this.config = config;
    }

    public static <T> ElasticsearchSink<T> of(ElasticsearchConfig config, SerializableFunction<T, EsDocument> toDocument) {
        return new ElasticsearchSink<>(config, toDocument, SinkBatching.defaults());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<EsDocument>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<EsDocument>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<EsDocument>> recovered) {
        return new ElasticsearchSinkWriter<>(getElementConverter(), context, writerConfiguration(), recovered, config);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<EsDocument>> getWriterStateSerializer() {
        return new EsDocumentStateSerializer();
    }
}
