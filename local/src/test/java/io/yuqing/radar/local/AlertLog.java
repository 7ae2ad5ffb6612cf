package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.connectors.alerts.AlertWrites;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code yuqing.alerts} as a consumer downstream sees it (read_committed), and its invariants. */
final class AlertLog {
    private AlertLog() {}

    /** Every committed alert; see {@link CommittedRecords#read}. */
    static List<Alert> read(LocalStack stack, Duration quiet) {
        List<Alert> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : CommittedRecords.read(stack.kafkaBootstrap(),
                stack.alertsConfig().alertsTopic(), quiet)) {
            Alert a = Json.fromBytes(r.value(), Alert.class);
            assertThat(r.key()).as("key of %s", a.alertId()).isEqualTo(a.topicId());
            out.add(a);
        }
        return out;
    }

    /**
     * Fails unless every alert id is unique and each topic's reports are numbered 1..n in the
     * order they were committed; returns each topic's report numbers.
     */
    static Map<String, List<Integer>> assertNoDuplicateOrGap(List<Alert> alerts) {
        assertThat(alerts.stream().map(Alert::alertId)).as("alert ids").doesNotHaveDuplicates();
        Map<String, List<Integer>> seqs = new TreeMap<>();
        alerts.forEach(a -> seqs.computeIfAbsent(a.topicId(), k -> new ArrayList<>()).add(a.reportSeq()));
        seqs.forEach((topic, s) -> assertThat(s).as("report_seq of topic %s", topic)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, s.size()).boxed().toList()));
        return seqs;
    }

    /** Alert document ids in Elasticsearch, once there are {@code expected} of them (or the patience is spent). */
    static Set<String> awaitEsAlertIds(LocalStack stack, int expected) throws Exception {
        return awaitEsAlertIds(stack, ids -> ids.size() >= expected);
    }

    /** Alert document ids in Elasticsearch, once they satisfy {@code done} (or the patience is spent). */
    static Set<String> awaitEsAlertIds(LocalStack stack, Predicate<Set<String>> done) throws Exception {
        String pattern = AlertWrites.pattern(stack.alertsConfig().alertsIndexPrefix());
        long deadline = System.nanoTime() + OutageDrillSupport.PATIENCE.toNanos();
        Set<String> ids = new HashSet<>();
        while (System.nanoTime() < deadline) {
            try {
                stack.elasticsearch().indices().refresh(r -> r.index(pattern));
                SearchResponse<ObjectNode> res = stack.elasticsearch().search(s -> s.index(pattern).size(10_000), ObjectNode.class);
                ids.clear();
                res.hits().hits().forEach(h -> ids.add(h.id()));
                if (done.test(ids)) {
                    return ids;
                }
            } catch (ElasticsearchException notYet) {
                // no alerts index yet
            }
            Thread.sleep(500);
        }
        return ids;
    }
}
