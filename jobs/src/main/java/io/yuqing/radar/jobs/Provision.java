package io.yuqing.radar.jobs;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.yuqing.radar.connectors.alerts.AlertWrites;
import io.yuqing.radar.connectors.cases.CaseWrites;
import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.connectors.elasticsearch.IlmMode;
import io.yuqing.radar.connectors.elasticsearch.IndexSetup;
import io.yuqing.radar.connectors.elasticsearch.LifecyclePolicy;
import io.yuqing.radar.connectors.hbase.HBaseSinkConfig;
import io.yuqing.radar.connectors.hbase.HBaseTables;
import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.connectors.topics.TopicWrites;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates what the jobs write to and read from, where it is missing: the Kafka topics (the layout of
 * docs/operations.md), the pre-split HBase tables, and the Elasticsearch index templates with their
 * ILM policies. What exists is left as it is, so it is safe on every deploy: the Helm chart runs it
 * before each job's JobManager starts, and the local stack runs it on its own servers.
 *
 * <p>Before any job writes, on purpose: Elasticsearch would create a month's index on the first
 * document with dynamically guessed mappings (a text field where an aggregation needs a keyword)
 * and keep them for the month, and a topic auto-created by a broker has the broker's partition
 * count and retention, not the layout's.
 */
public final class Provision {
    private Provision() {}

    /** A Kafka topic as laid out: its partitions (before {@code provision.kafka.max-partitions}) and configs. */
    public record KafkaTopic(String name, int partitions, Map<String, String> configs) {}

    /** The topics the jobs use, sized and configured as docs/operations.md lays them out. */
    public static List<KafkaTopic> kafkaTopics(Settings s) {
        int cap = s.getInt("provision.kafka.max-partitions");
        String minIsr = String.valueOf(s.getInt("provision.kafka.min-insync-replicas"));
        long maxMessage = s.getInt("enrich.max-message-bytes");
        List<KafkaTopic> out = new ArrayList<>();
        // raw accepts posts above the enrich limit, so they reach the job and go to the DLQ with a
        // reason instead of failing at the producer; the DLQ holds them base64-encoded
        out.add(topic(s.get("kafka.topic.raw"), 12, cap, minIsr, Duration.ofDays(7), 2 * maxMessage));
        out.add(topic(s.get("kafka.topic.enriched"), 12, cap, minIsr, Duration.ofDays(3), 0));
        out.add(topic(s.get("kafka.topic.dlq"), 3, cap, minIsr, Duration.ofDays(30), 3 * maxMessage));
        out.add(topic(s.get("kafka.topic.topics"), 6, cap, minIsr, Duration.ofDays(7), 0));
        out.add(topic(s.get("kafka.topic.alerts"), 3, cap, minIsr, Duration.ofDays(30), 0));
        out.add(topic(s.get("kafka.topic.alerts-dlq"), 1, cap, minIsr, Duration.ofDays(30), 0));
        // rule updates apply in order and are all replayed on a fresh start: one partition, kept for ever
        out.add(topic(s.get("kafka.topic.alerts-control"), 1, cap, minIsr, null, 0));
        // lexicon updates likewise
        out.add(topic(s.get("kafka.topic.topics-lexicon"), 1, cap, minIsr, null, 0));
        out.add(topic(s.get("kafka.topic.topics-dlq"), 1, cap, minIsr, Duration.ofDays(30), 0));
        // case events are the ledger's input of record (留痕): kept for ever, like the control topic
        out.add(topic(s.get("kafka.topic.cases-events"), 3, cap, minIsr, null, 0));
        out.add(topic(s.get("kafka.topic.cases-reminders"), 3, cap, minIsr, Duration.ofDays(30), 0));
        out.add(topic(s.get("kafka.topic.cases-dlq"), 1, cap, minIsr, Duration.ofDays(30), 0));
        // the notifier's ledger: one record per delivery key, compacted, kept as long as the alerts
        // it guards (a message older than that cannot be read again)
        KafkaTopic ledger = topic(s.get("kafka.topic.notify-delivered"), 3, cap, minIsr, Duration.ofDays(30), 0);
        Map<String, String> compacted = new LinkedHashMap<>(ledger.configs());
        compacted.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
        out.add(new KafkaTopic(ledger.name(), ledger.partitions(), compacted));
        out.add(topic(s.get("kafka.topic.notify-dlq"), 1, cap, minIsr, Duration.ofDays(30), 0));
        // the query service's audit: append-only by retention (never compacted), kept over a year
        out.add(topic(s.get("kafka.topic.audit"), 3, cap, minIsr, Duration.ofDays(400), 0));
        return out;
    }

    private static KafkaTopic topic(String name, int partitions, int cap, String minIsr, Duration retention,
                                    long maxMessageBytes) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        c.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : String.valueOf(retention.toMillis()));
        if (maxMessageBytes > 0) {
            c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes));
        }
        return new KafkaTopic(name, cap > 0 ? Math.min(partitions, cap) : partitions, c);
    }

    /** Creates the missing topics; one line per topic. */
    public static List<String> kafka(Admin admin, Settings s) throws Exception {
        short replicas = (short) s.getInt("provision.kafka.replication-factor");
        List<KafkaTopic> topics = kafkaTopics(s);
        List<NewTopic> create = topics.stream()
                .map(t -> new NewTopic(t.name(), t.partitions(), replicas).configs(t.configs())).toList();
        List<String> out = new ArrayList<>();
        var results = admin.createTopics(create).values();
        for (KafkaTopic t : topics) {
            try {
                results.get(t.name()).get(60, TimeUnit.SECONDS);
                out.add(String.format("kafka topic %s: created, %d partitions x %d replicas, %s", t.name(),
                        t.partitions(), replicas, t.configs()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create Kafka topic " + t.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                out.add("kafka topic " + t.name() + ": exists, left as it is");
            }
        }
        return out;
    }

    /** Creates the missing HBase tables (pre-split); one line per table. */
    public static List<String> hbase(org.apache.hadoop.hbase.client.Admin admin, Settings s) throws Exception {
        List<String> out = new ArrayList<>();
        String posts = s.get("hbase.table.posts");
        String trend = s.get("hbase.table.topic-trend");
        boolean postsExisted = admin.tableExists(TableName.valueOf(posts));
        HBaseTables.ensurePosts(admin, posts);
        out.add("hbase table " + posts + (postsExisted ? ": exists, left as it is" : ": created, pre-split"));
        boolean trendExisted = admin.tableExists(TableName.valueOf(trend));
        TopicWrites.ensureTable(admin, trend);
        out.add("hbase table " + trend + (trendExisted ? ": exists, left as it is" : ": created, pre-split"));
        String cases = s.get("hbase.table.cases");
        boolean casesExisted = admin.tableExists(TableName.valueOf(cases));
        CaseWrites.ensureTable(admin, cases);
        out.add("hbase table " + cases + (casesExisted ? ": exists, left as it is" : ": created, pre-split"));
        return out;
    }

    /** The query service's audit index template (audit-*), shipped in yuqing-schemas. */
    static final String AUDIT_TEMPLATE_RESOURCE = "elasticsearch/audit-template.json";

    /** Installs the index templates (and ILM policies where the cluster has ILM); one line in all. */
    public static List<String> elasticsearch(ElasticsearchClient client, Settings s) throws Exception {
        IndexSetup indices = IndexSetup.forCluster(client, IlmMode.from(s));
        indices.install(s.get("es.index.posts"), PostsIndex.TEMPLATE_RESOURCE, LifecyclePolicy.POSTS);
        indices.install(TopicWrites.TEMPLATE_NAME, TopicWrites.TEMPLATE_RESOURCE, LifecyclePolicy.TOPICS);
        indices.install(AlertWrites.TEMPLATE_NAME, AlertWrites.TEMPLATE_RESOURCE, LifecyclePolicy.ALERTS);
        // the ledger is kept as long as the alerts it follows (the alerts policy: 1130 days)
        indices.install(CaseWrites.TEMPLATE_NAME, CaseWrites.TEMPLATE_RESOURCE, LifecyclePolicy.ALERTS);
        indices.install("yuqing-audit", AUDIT_TEMPLATE_RESOURCE, LifecyclePolicy.AUDIT);
        return List.of("elasticsearch templates " + PostsIndex.pattern(s.get("es.index.posts"))
                + ", topics-*, alerts-*, cases-*, audit-*: installed " + indices.describe());
    }

    /**
     * {@code Provision [--config FILE]}: the settings as the jobs read them ({@code YUQING_CONFIG},
     * {@code YUQING_*}); prints what it created or found, exits 1 on the first failure.
     */
    public static void main(String[] args) {
        try {
            Settings s = Settings.fromArgs(args);
            try (Admin admin = Admin.create(KafkaConnection.from(s).clientProperties())) {
                kafka(admin, s).forEach(System.out::println);
            }
            try (Connection hbase = ConnectionFactory.createConnection(
                    HBaseSinkConfig.of(s.get("hbase.zookeeper"), s.get("hbase.table.posts")).toConfiguration());
                 var admin = hbase.getAdmin()) {
                hbase(admin, s).forEach(System.out::println);
            }
            ElasticsearchClient es = ElasticsearchConfig.from(s).client();
            try {
                elasticsearch(es, s).forEach(System.out::println);
            } finally {
                es._transport().close();
            }
        } catch (Exception e) {
            System.err.println("provision failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }
}
