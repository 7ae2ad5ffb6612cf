package io.yuqing.radar.connectors.kafka;

import io.yuqing.radar.connectors.elasticsearch.ElasticsearchConfig;
import io.yuqing.radar.schemas.Settings;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConnectionTest {

    /** What the Helm chart gives a pod for values-production.yaml (SASL_SSL, SCRAM from a Secret). */
    static final Map<String, String> CHART_ENV = Map.of(
            "YUQING_KAFKA_BOOTSTRAP", "kafka-0.kafka.data:9093",
            "YUQING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "YUQING_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "YUQING_KAFKA_SASL_USERNAME", "radar",
            "YUQING_KAFKA_SASL_PASSWORD", "p\"w\\舆情-7q");

    @Test
    void plaintextByDefaultAddsNothing() {
        KafkaConnection k = KafkaConnection.from(Settings.defaults());
        assertThat(k.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(k.properties()).isEmpty();
    }

    @Test
    void saslScramFromTheChartsVariablesBuildsTheLogin() {
        KafkaConnection k = KafkaConnection.from(Settings.load(null, CHART_ENV, new Properties()));
        assertThat(k.bootstrap()).isEqualTo("kafka-0.kafka.data:9093");
        assertThat(k.properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"radar\" password=\"p\\\"w\\\\舆情-7q\";");
    }

    @Test
    void theBuiltPropertiesAreValidForRealKafkaClients() {
        Properties p = KafkaConnection.from(Settings.load(null, CHART_ENV, new Properties())).clientProperties();
        // the Kafka clients' own validation: a misspelt value (protocol, mechanism) fails here
        Map<String, Object> consumer = new HashMap<>();
        p.forEach((k, v) -> consumer.put((String) k, v));
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ConsumerConfig cc = new ConsumerConfig(consumer);
        assertThat(cc.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(cc.getPassword("sasl.jaas.config").value()).contains("ScramLoginModule");
        Map<String, Object> producer = new HashMap<>();
        p.forEach((k, v) -> producer.put((String) k, v));
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        assertThat(new ProducerConfig(producer).getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(new AdminClientConfig(new HashMap<>(producer)).getList("bootstrap.servers"))
                .containsExactly("kafka-0.kafka.data:9093");
    }

    @Test
    void anyClientPropertyPassesThroughFromFileEnvironmentOrSystemProperty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("radar.properties");
        Files.writeString(file, """
                kafka.security.protocol=SSL
                kafka.client.ssl.truststore.location=/etc/kafka/ca.p12
                kafka.client.ssl.truststore.type=PKCS12
                kafka.client.request.timeout.ms=60000
                """);
        Properties sys = new Properties();
        sys.setProperty("kafka.client.ssl.endpoint.identification.algorithm", "");
        Settings s = Settings.load(file, Map.of("YUQING_KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD", "changeit"), sys);
        KafkaConnection k = KafkaConnection.from(s);
        assertThat(k.properties()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("request.timeout.ms", "60000")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void anExplicitJaasConfigWinsAndOtherMechanismsNeedOne() {
        Settings oauth = Settings.defaults().with("kafka.security.protocol", "SASL_SSL")
                .with("kafka.sasl.mechanism", "OAUTHBEARER");
        assertThatThrownBy(() -> KafkaConnection.from(oauth)).hasMessageContaining("kafka.client.sasl.jaas.config");
        String jaas = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
        KafkaConnection k = KafkaConnection.from(oauth.with("kafka.client.sasl.jaas.config", jaas));
        assertThat(k.properties()).containsEntry("sasl.mechanism", "OAUTHBEARER").containsEntry("sasl.jaas.config", jaas);
    }

    @Test
    void mistakesAreRefusedAtStart() {
        assertThatThrownBy(() -> KafkaConnection.from(Settings.defaults().with("kafka.security.protocol", "TLS")))
                .hasMessageContaining("SASL_SSL");
        assertThatThrownBy(() -> KafkaConnection.from(Settings.defaults().with("kafka.security.protocol", "SASL_PLAINTEXT")))
                .hasMessageContaining("kafka.sasl.mechanism");
        assertThatThrownBy(() -> KafkaConnection.from(Settings.defaults().with("kafka.security.protocol", "SASL_SSL")
                .with("kafka.sasl.mechanism", "PLAIN").with("kafka.sasl.username", "radar")))
                .hasMessageContaining("kafka.sasl.password");
        for (String owned : List.of("isolation.level", "transactional.id", "bootstrap.servers", "group.id")) {
            assertThatThrownBy(() -> KafkaConnection.from(Settings.defaults().with("kafka.client." + owned, "x")))
                    .as(owned).hasMessageContaining("kafka.client." + owned);
        }
    }

    @Test
    void credentialsNeverShowInToString() {
        Settings s = Settings.load(null, CHART_ENV, new Properties())
                .with("kafka.client.ssl.truststore.password", "ts-secret-1")
                .with("es.password", "es-secret-2")
                .with("es.api-key", "es-secret-3");
        KafkaConnection k = KafkaConnection.from(s);
        ElasticsearchConfig es = ElasticsearchConfig.from(s);
        for (String shown : List.of(s.toString(), k.toString(), es.toString())) {
            assertThat(shown).doesNotContain("舆情-7q", "ts-secret-1", "es-secret-2", "es-secret-3");
        }
        assertThat(s.toString()).contains("kafka.sasl.username=radar", "kafka.sasl.password=***",
                "kafka.client.ssl.truststore.password=***", "kafka.bootstrap=kafka-0.kafka.data:9093");
        assertThat(k.toString()).contains("sasl.jaas.config=***", "security.protocol=SASL_SSL");
    }
}
