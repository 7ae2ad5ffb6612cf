package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.yuqing.radar.connectors.topics.TopicWrites;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.local.feed.EventKind;
import io.yuqing.radar.local.feed.EventPlan;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import io.yuqing.radar.schemas.TopicTrendTable;
import org.apache.flink.api.common.JobID;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics job on the local stack: generator posts with one planted event go through the raw
 * topic and the enrich job; the planted event must come out of the topics job as one topic in
 * {@code yuqing.topics} (read_committed), HBase {@code topic_trend} and ES {@code topics-*}. Then,
 * on the same stack, the read side over what the three jobs left ({@link ReadSideChecks}: every
 * query endpoint, and the trend page in headless Chromium).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the planted event first; then the read side (query service, trend page) over what it left
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsJobIT implements ReadSideChecks {
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final long SPEEDUP = 120;

    private Path data;
    private LocalStack stack;
    private JobID topicsJob;
    private PostGenerator.PlantedEventInfo planted;
    private TopicsJobConfig config;

    @BeforeAll
    void startStackAndFeed() throws Exception {
        data = Files.createTempDirectory("yuqing-topics-it");
        // The feed below replays 80 minutes of event time in 40 seconds (120x): a second of drift
        // between the enrich job's subtasks is two minutes of event time, so the watermark's
        // out-of-orderness is wider than at real-time pace (sent unpaced, the subtasks drift half an
        // hour apart and most posts would be late).
        stack = LocalStack.start(StackOptions.forTests(data), Settings.defaults()
                .with("topics.warmup", "PT20M").with("topics.out-of-orderness", "PT5M"));
        // the stack provisioned topic_trend and the topics template, and runs the topics job
        config = stack.topicsConfig();
        topicsJob = stack.topicsJob();

        // 80 minutes of event time ending just now: background all along, one event from minute 35
        Instant start = Instant.now().minus(Duration.ofMinutes(85)).truncatedTo(ChronoUnit.MINUTES);
        EventPlan event = new EventPlan(EventKind.values()[0], null, Duration.ofMinutes(35), Duration.ofMinutes(10),
                Duration.ofMinutes(20), 40);
        PostGenerator feed = new PostGenerator(PostGenerator.Config.defaults().withStart(start)
                .withBackgroundPerMinute(25).withEvents(List.of(event)).withMalformedShare(0)
                .withDuration(Duration.ofMinutes(80)));
        planted = feed.plantedEvents().get(0);
        System.out.println("planted: " + planted);
        int sent = 0;
        try (feed; KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            long wallStart = System.nanoTime();
            while (feed.hasNext()) {
                FeedRecord r = feed.next();
                long due = wallStart + Duration.between(start, r.eventTime()).toNanos() / SPEEDUP;
                long ahead = due - System.nanoTime();
                if (ahead > 20_000_000L) {
                    Thread.sleep(ahead / 1_000_000L);
                }
                producer.send(new ProducerRecord<>(stack.enrichConfig().rawTopic(), r.key(), r.value()));
                sent++;
            }
            producer.flush();
        }
        System.out.println("sent " + sent + " posts");
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        TestDirs.delete(data);
    }

    @Override
    public LocalStack flowedStack() {
        return stack;
    }

    @Override
    public String plantedWord() {
        return planted.region().substring(planted.region().lastIndexOf(' ') + 1);
    }

    @Test
    @Order(1)
    void plantedEventIsOneTopicInKafkaHBaseAndElasticsearch() throws Exception {
        String city = planted.region().substring(planted.region().lastIndexOf(' ') + 1);
        Map<String, List<TopicSnapshot>> byTopic = new LinkedHashMap<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "topics-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.subscribe(Set.of(config.topicsTopic()));
            // until the event has been followed past its peak
            while (System.nanoTime() < deadline && !pastPeak(byTopic, city)) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    TopicSnapshot s = Json.fromBytes(r.value(), TopicSnapshot.class);
                    assertThat(r.key()).isEqualTo(s.topicId());
                    byTopic.computeIfAbsent(s.topicId(), k -> new ArrayList<>()).add(s);
                }
            }
        }
        byTopic.forEach((id, snaps) -> {
            TopicSnapshot last = snaps.get(snaps.size() - 1);
            System.out.printf("%s %d snapshots, last %s %s posts=%d %s «%s»%n", id, snaps.size(), last.windowEnd(),
                    last.lifecycle().json(), last.postCount(), last.keywords(), last.title());
        });
        List<String> eventTopics = byTopic.entrySet().stream().filter(e -> isPlanted(e.getValue(), city))
                .map(Map.Entry::getKey).toList();
        assertThat(eventTopics).as("topics about the planted event in %s: %s", city, byTopic.keySet()).hasSize(1);
        String id = eventTopics.get(0);
        List<TopicSnapshot> snaps = byTopic.get(id);
        TopicSnapshot first = snaps.get(0);
        for (TopicSnapshot t : snaps) {
            System.out.printf("  %s %-8s posts=%3d authors=%3d neg=%.2f heat=%6.2f v=%5.2f %s «%s»%n", t.windowEnd(),
                    t.lifecycle().json(), t.postCount(), t.authorCount(), t.negativeRatio(), t.heat(), t.velocity(),
                    t.keywords(), t.title());
        }
        System.out.println("first snapshot " + first.windowEnd() + ", event started " + planted.start() + ", delay "
                + Duration.between(planted.start(), first.windowEnd()));
        assertThat(first.windowEnd()).isBetween(planted.start(), planted.peak().plus(Duration.ofMinutes(5)));
        // one topic's snapshots arrive in window order (consumers such as the alerts job rely on it)
        assertThat(snaps).extracting(TopicSnapshot::windowEnd).isSorted().doesNotHaveDuplicates();

        // HBase: the topic's history is one prefix scan, newest first
        try (Table table = stack.hbase().getTable(TableName.valueOf(config.hbase().table()))) {
            List<Instant> ends = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.size() < snaps.size() && System.nanoTime() < until) {
                ends.clear();
                try (ResultScanner s = table.getScanner(new Scan().setStartStopRowForPrefixScan(
                        TopicTrendTable.prefix(id).getBytes(StandardCharsets.UTF_8)))) {
                    for (Result r : s) {
                        TopicSnapshot stored = Json.fromBytes(r.getValue(TopicTrendTable.FAMILY, TopicTrendTable.JSON),
                                TopicSnapshot.class);
                        assertThat(stored.topicId()).isEqualTo(id);
                        ends.add(stored.windowEnd());
                    }
                }
                Thread.sleep(500);
            }
            assertThat(ends.size()).isGreaterThanOrEqualTo(snaps.size());
            assertThat(ends).isSortedAccordingTo(Comparator.reverseOrder());
        }

        // Elasticsearch: one document per snapshot, by topic id + window end
        ElasticsearchClient es = stack.elasticsearch();
        String pattern = TopicWrites.pattern(config.topicsIndexPrefix());
        long docs = 0;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (docs < snaps.size() && System.nanoTime() < until) {
            es.indices().refresh(r -> r.index(pattern));
            docs = es.count(q -> q.index(pattern).query(x -> x.term(t -> t.field("topic_id").value(id)))).count();
            Thread.sleep(500);
        }
        assertThat(docs).isGreaterThanOrEqualTo(snaps.size());
        var doc = es.get(g -> g.index(TopicWrites.indexFor(config.topicsIndexPrefix(), first.windowEnd()))
                .id(TopicWrites.documentId(first)), com.fasterxml.jackson.databind.node.ObjectNode.class);
        assertThat(doc.found()).isTrue();
    }

    /** A topic is the planted one when its sample posts or keywords name the event's city. */
    private static boolean isPlanted(List<TopicSnapshot> snaps, String city) {
        return snaps.stream().anyMatch(s -> s.keywords().stream().anyMatch(k -> k.contains(city))
                || s.samplePosts().stream().filter(p -> p.excerpt() != null && p.excerpt().contains(city)).count() >= 2);
    }

    private boolean pastPeak(Map<String, List<TopicSnapshot>> byTopic, String city) {
        return byTopic.values().stream().anyMatch(snaps -> isPlanted(snaps, city)
                && snaps.get(snaps.size() - 1).windowEnd().isAfter(planted.peak().plus(Duration.ofMinutes(5))));
    }
}
