package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Settings;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where the audit goes: {@code kafka.topic.audit} on {@code kafka.bootstrap} and
 * {@code es.index.audit} ({@code audit-yyyy.MM}). {@code query.audit=false} turns it off, for a
 * service without Kafka (a laptop); the local stack and the chart keep it on.
 *
 * <p>The Kafka client is secured as the jobs' clients are ({@code kafka.security.protocol},
 * {@code kafka.sasl.*} building the JAAS login for PLAIN/SCRAM, then {@code kafka.client.*}): the
 * same rules as connectors' {@code KafkaConnection}, repeated here because the query service does
 * not depend on the connectors module (and its Flink connector).
 */
record AuditConfig(boolean enabled, String bootstrap, Map<String, String> clientProperties, String topic,
                   String indexPrefix) {
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    static AuditConfig from(Settings s) {
        boolean enabled = !"false".equalsIgnoreCase(s.optional("query.audit"));
        Map<String, String> client = new TreeMap<>();
        String protocol = s.get("kafka.security.protocol").strip().toUpperCase(Locale.ROOT);
        Map<String, String> passThrough = s.withPrefix(Settings.KAFKA_CLIENT_PREFIX);
        if (!protocol.equals("PLAINTEXT")) {
            client.put("security.protocol", protocol);
        }
        String mechanism = s.optional("kafka.sasl.mechanism");
        if (enabled && protocol.startsWith("SASL_") && mechanism != null) {
            mechanism = mechanism.strip().toUpperCase(Locale.ROOT);
            client.put("sasl.mechanism", mechanism);
            if (!passThrough.containsKey("sasl.jaas.config")) {
                String module = LOGIN_MODULES.get(mechanism);
                String user = s.optional("kafka.sasl.username");
                String password = s.optional("kafka.sasl.password");
                if (module == null || user == null || password == null) {
                    throw new IllegalArgumentException("the audit's Kafka client: kafka.sasl.mechanism " + mechanism
                            + " needs kafka.sasl.username and kafka.sasl.password (PLAIN, SCRAM-*) or kafka.client.sasl.jaas.config");
                }
                client.put("sasl.jaas.config", module + " required username=" + quoted(user) + " password="
                        + quoted(password) + ";");
            }
        }
        client.putAll(passThrough);
        return new AuditConfig(enabled, s.get("kafka.bootstrap"), Map.copyOf(client), s.get("kafka.topic.audit"),
                s.get("es.index.audit"));
    }

    Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    /** The JAAS password stays out of logs. */
    @Override
    public String toString() {
        return "AuditConfig[enabled=" + enabled + ", bootstrap=" + bootstrap + ", topic=" + topic + ", index="
                + indexPrefix + ", client=" + clientProperties.keySet() + "]";
    }

    private static String quoted(String v) {
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
