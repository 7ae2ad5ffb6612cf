package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertsJobConfigTest {

    @Test
    void defaults() {
        AlertsJobConfig c = AlertsJobConfig.from(Settings.defaults());
        assertThat(c.topicsTopic()).isEqualTo("yuqing.topics");
        assertThat(c.alertsTopic()).isEqualTo("yuqing.alerts");
        assertThat(c.controlTopic()).isEqualTo("yuqing.alerts.control");
        assertThat(c.dlqTopic()).isEqualTo("yuqing.alerts.dlq");
        assertThat(c.alertsIndexPrefix()).isEqualTo("alerts");
        assertThat(c.delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(c.stateTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(c.rules()).isEqualTo(AlertRulesConfig.defaults());
    }

    @Test
    void aRulesFileOverridesTheShippedRules(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "reporting:\n  min-interval: PT1H\n", StandardCharsets.UTF_8);
        AlertsJobConfig c = AlertsJobConfig.from(Settings.defaults().with("alerts.rules-file", file.toString()));
        assertThat(c.rules().reporting().minInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anInvalidRulesFileStopsTheJobFromStarting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "negative:\n  ratio: 3\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AlertsJobConfig.from(Settings.defaults().with("alerts.rules-file", file.toString())))
                .isInstanceOf(InvalidRulesException.class).hasMessageContaining("negative.ratio");
        assertThatThrownBy(() -> AlertsJobConfig.from(Settings.defaults().with("alerts.state-ttl", "PT0S")))
                .hasMessageContaining("alerts.state-ttl");
    }
}
