package io.yuqing.radar.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure drill (profile {@code drills}): the Kafka broker (KRaft, the only node) stopped while
 * posts keep coming, kept down 30 s and started again on the same port and log directory. The
 * feed's producer waits the outage out; the three jobs lose their sources and transactional sinks,
 * fail over and resume from their checkpoints once the broker is back. Nothing may be lost or
 * duplicated, and the topics and alerts jobs must have read everything their input holds.
 */
class KafkaRestartDrill extends OutageDrillSupport {
    @Override
    String server() {
        return "kafka";
    }

    @Override
    String retriedCounter() {
        return null; // Kafka clients retry inside the Kafka client library and the jobs restart; no counter of ours
    }

    @Override
    Set<String> jobs() {
        // the posts-to-alerts pipeline, as documented; the cases job has a drill of its own
        return Set.of(io.yuqing.radar.jobs.enrich.EnrichJob.NAME, io.yuqing.radar.jobs.topics.TopicsJob.NAME,
                io.yuqing.radar.jobs.alerts.AlertsJob.NAME);
    }

    @Override
    void afterRecovery(LocalStack stack) throws Exception {
        awaitGroupCaughtUp(stack, stack.topicsConfig().groupId(), stack.enrichConfig().enrichedTopic());
        awaitGroupCaughtUp(stack, stack.alertsConfig().groupId(), stack.alertsConfig().topicsTopic());
    }

    /**
     * Waits until {@code group} has committed, for every partition of {@code topic}, the offset after
     * its last committed record: the job consumed all of it after the restart. (The Flink source
     * commits offsets on each completed checkpoint.)
     */
    static void awaitGroupCaughtUp(LocalStack stack, String group, String topic) throws Exception {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : CommittedRecords.read(stack.kafkaBootstrap(), topic, Duration.ZERO)) {
            last.merge(new TopicPartition(topic, r.partition()), r.offset() + 1, Math::max);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
            while (System.nanoTime() < deadline) {
                committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> seen = committed;
                if (last.entrySet().stream().allMatch(e -> seen.get(e.getKey()) != null
                        && seen.get(e.getKey()).offset() >= e.getValue())) {
                    System.out.println("kafka outage drill: group " + group + " consumed " + topic + " to the end " + last);
                    return;
                }
                Thread.sleep(1000);
            }
            assertThat(committed).as("offsets of group %s on %s, records up to %s", group, topic, last)
                    .containsKeys(last.keySet().toArray(TopicPartition[]::new));
            throw new AssertionError("group " + group + " did not consume " + topic + " to " + last + " within "
                    + PATIENCE + ": " + committed);
        }
    }
}
