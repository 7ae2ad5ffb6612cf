package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.MonthlyIndex;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.hadoop.hbase.client.Connection;
import io.yuqing.radar.schemas.CaseFile;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the case routes need: the ledger to list and read, and the way to hand a case event to the
 * cases job. The service never changes a case itself: it writes the event to Kafka and the cases
 * job folds it in (so every change to a case goes through one place, in order, with its 留痕).
 *
 * @param visibleWithin how soon after an accepted event the case file usually shows it (the cases
 *                      job's sink flush plus the index refresh); said in the POST answer
 */
public record CaseDesk(Search search, Store store, EventWriter writer, TopicWindows trend, MonthSource month,
                       Duration visibleWithin) implements AutoCloseable {

    /**
     * Over the caller's HBase and Elasticsearch clients, with a Kafka producer of its own (closed by
     * {@link #close()}): {@code kafka.topic.cases-events}, {@code hbase.table.cases},
     * {@code es.index.cases}, {@code hbase.table.topic-trend}, {@code query.cases.visible-within} and the
     * jobs' Kafka client settings.
     */
    public static CaseDesk of(Settings s, Connection hbase, ElasticsearchClient es) {
        Duration timeout = s.getDuration("query.backend-timeout");
        EsCaseSearch ledger = new EsCaseSearch(es, MonthlyIndex.pattern(s.get("es.index.cases")));
        return new CaseDesk(ledger,
                new HBaseCaseStore(hbase, s.get("hbase.table.cases"), timeout),
                new KafkaCaseEventWriter(KafkaConnection.from(s).clientProperties(), s.get("kafka.topic.cases-events"),
                        timeout),
                new HBaseTopicRange(hbase, s.get("hbase.table.topic-trend"), timeout), ledger,
                s.getDuration("query.cases.visible-within"));
    }

    @Override
    public void close() throws Exception {
        if (writer instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** The ledger over Elasticsearch {@code cases-*}. */
    public interface Search {
        Page search(CaseParams p) throws IOException;
    }

    /** One case file by id, from HBase {@code cases} (the source of truth). */
    public interface Store {
        Optional<CaseFile> get(String caseId) throws IOException;
    }

    /** Writes a case event to {@code yuqing.cases.events}, keyed by case id, and says where it landed. */
    public interface EventWriter {
        Written write(CaseEvent e) throws IOException;
    }

    /** A topic's snapshots whose window ends in [from, to], for the response's effect (回应效果). */
    public interface TopicWindows {
        List<TopicSnapshot> between(String topicId, Instant from, Instant to) throws IOException;
    }

    /** The case files active in [start, end): opened before its end and not closed before its start. */
    public interface MonthSource {
        Active active(Instant start, Instant end) throws IOException;
    }

    /** @param truncated more cases matched than were read */
    public record Active(List<CaseFile> cases, boolean truncated) {}

    public record Page(long total, int page, int size, List<CaseFile> items) {}

    public record Written(String topic, int partition, long offset) {}
}
