package io.yuqing.radar.jobs;

import io.yuqing.radar.schemas.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProvisionTest {
    @Test
    void topicsAreLaidOutAsTheOperationsGuideSays() {
        Map<String, Provision.KafkaTopic> t = byName(Provision.kafkaTopics(Settings.defaults()));
        assertThat(t).containsOnlyKeys("yuqing.posts.raw", "yuqing.posts.enriched", "yuqing.posts.dlq", "yuqing.topics",
                "yuqing.alerts", "yuqing.alerts.dlq", "yuqing.alerts.control", "yuqing.topics.lexicon", "yuqing.topics.dlq",
                "yuqing.cases.events", "yuqing.cases.reminders", "yuqing.cases.dlq", "yuqing.audit",
                "yuqing.notify.delivered", "yuqing.notify.dlq");
        // case events are the ledger's input of record: kept for ever
        assertThat(t.get("yuqing.cases.events").configs()).containsEntry("retention.ms", "-1");
        assertThat(t.get("yuqing.posts.raw").partitions()).isEqualTo(12);
        assertThat(t.get("yuqing.posts.raw").configs()).containsEntry("retention.ms",
                String.valueOf(Duration.ofDays(7).toMillis())).containsEntry("min.insync.replicas", "2");
        // oversize posts must reach the job (and its DLQ with a reason), not fail at the producer
        assertThat(Long.parseLong(t.get("yuqing.posts.raw").configs().get("max.message.bytes")))
                .isGreaterThan(Settings.defaults().getInt("enrich.max-message-bytes"));
        assertThat(t.get("yuqing.alerts.control").partitions()).isEqualTo(1);
        assertThat(t.get("yuqing.alerts.control").configs()).containsEntry("retention.ms", "-1")
                .doesNotContainKey("cleanup.policy");
        assertThat(t.get("yuqing.topics.lexicon").partitions()).isEqualTo(1);
        assertThat(t.get("yuqing.topics.lexicon").configs()).containsEntry("retention.ms", "-1");
    }

    @Test
    void namesAndSizesFollowTheSettings() {
        Settings s = Settings.defaults().with("kafka.topic.raw", "ops.raw").with("provision.kafka.max-partitions", "2")
                .with("provision.kafka.min-insync-replicas", "1");
        Map<String, Provision.KafkaTopic> t = byName(Provision.kafkaTopics(s));
        assertThat(t).containsKey("ops.raw").doesNotContainKey("yuqing.posts.raw");
        assertThat(t.values()).allSatisfy(x -> assertThat(x.partitions()).isBetween(1, 2));
        assertThat(t.get("yuqing.alerts.control").partitions()).isEqualTo(1);
        assertThat(t.get("ops.raw").configs()).containsEntry("min.insync.replicas", "1");
    }

    private static Map<String, Provision.KafkaTopic> byName(List<Provision.KafkaTopic> topics) {
        return topics.stream().collect(Collectors.toMap(Provision.KafkaTopic::name, x -> x));
    }
}
