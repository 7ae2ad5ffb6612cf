package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Settings;

import java.util.Map;
import java.util.Properties;

/**
 * Where the audit goes: {@code kafka.topic.audit} on {@code kafka.bootstrap} (with
 * {@code kafka.security.protocol} and any {@code kafka.client.*} property, as the jobs use them)
 * and {@code es.index.audit} ({@code audit-yyyy.MM}). {@code query.audit=false} turns it off,
 * for a service without Kafka (a laptop); the local stack and the chart keep it on.
 */
record AuditConfig(boolean enabled, String bootstrap, Map<String, String> clientProperties, String topic,
                   String indexPrefix) {

    static AuditConfig from(Settings s) {
        Map<String, String> client = new java.util.HashMap<>(s.withPrefix(Settings.KAFKA_CLIENT_PREFIX));
        String protocol = s.optional("kafka.security.protocol");
        if (protocol != null && !protocol.isBlank()) {
            client.putIfAbsent("security.protocol", protocol.strip());
        }
        return new AuditConfig(!"false".equalsIgnoreCase(s.optional("query.audit")), s.get("kafka.bootstrap"),
                Map.copyOf(client), s.get("kafka.topic.audit"), s.get("es.index.audit"));
    }

    Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
