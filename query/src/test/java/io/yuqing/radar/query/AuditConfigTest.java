package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit's Kafka client is secured as the jobs' clients are, and never prints the password. */
class AuditConfigTest {
    @Test
    void plaintextByDefaultAndScramLoginBuiltFromTheSaslKeys() {
        AuditConfig plain = AuditConfig.from(Settings.defaults());
        assertThat(plain.enabled()).isTrue();
        assertThat(plain.topic()).isEqualTo("yuqing.audit");
        assertThat(plain.indexPrefix()).isEqualTo("audit");
        assertThat(plain.kafkaProperties()).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKey("security.protocol");

        AuditConfig scram = AuditConfig.from(Settings.defaults()
                .with("kafka.security.protocol", "SASL_SSL")
                .with("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .with("kafka.sasl.username", "yuqing-query")
                .with("kafka.sasl.password", "p\"w0rd"));
        assertThat(scram.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"yuqing-query\" password=\"p\\\"w0rd\";");
        assertThat(scram.toString()).doesNotContain("w0rd");

        assertThatThrownBy(() -> AuditConfig.from(Settings.defaults().with("kafka.security.protocol", "SASL_SSL")
                .with("kafka.sasl.mechanism", "SCRAM-SHA-256"))).hasMessageContaining("kafka.sasl.username");
        assertThat(AuditConfig.from(Settings.defaults().with("query.audit", "false")).enabled()).isFalse();
    }
}
