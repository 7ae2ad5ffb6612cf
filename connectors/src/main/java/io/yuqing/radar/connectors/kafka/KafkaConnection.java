package io.yuqing.radar.connectors.kafka;

import io.yuqing.radar.schemas.Settings;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the Kafka brokers are and how a client proves who it is: {@code kafka.bootstrap},
 * {@code kafka.security.protocol}, {@code kafka.sasl.*}, then any {@code kafka.client.*} property
 * over them. Every source, sink and admin client of the jobs is built from one of these, so a
 * secured cluster needs configuration only.
 *
 * @param properties Kafka client properties besides {@code bootstrap.servers} (security and tuning)
 */
public record KafkaConnection(String bootstrap, Map<String, String> properties) {
    /**
     * Properties the jobs set themselves: overriding them would break exactly-once (isolation,
     * transactions) or point a client somewhere else than {@code kafka.bootstrap}.
     */
    static final Set<String> OWNED = Set.of("bootstrap.servers", "group.id", "client.id", "isolation.level",
            "transactional.id", "enable.idempotence", "enable.auto.commit", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    public KafkaConnection {
        properties = Map.copyOf(properties);
    }

    /** A broker without security, as the local stack runs it. */
    public static KafkaConnection plaintext(String bootstrap) {
        return new KafkaConnection(bootstrap, Map.of());
    }

    public static KafkaConnection from(Settings s) {
        Map<String, String> p = new TreeMap<>();
        String protocol = s.get("kafka.security.protocol").strip().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("kafka.security.protocol must be one of " + PROTOCOLS + ", got '" + protocol + "'");
        }
        Map<String, String> passThrough = s.withPrefix(Settings.KAFKA_CLIENT_PREFIX);
        for (String k : passThrough.keySet()) {
            if (OWNED.contains(k)) {
                throw new IllegalArgumentException(Settings.KAFKA_CLIENT_PREFIX + k
                        + " cannot be set: the jobs set " + k + " themselves (kafka.bootstrap, the job's group and transactions)");
            }
        }
        if (!protocol.equals("PLAINTEXT")) {
            p.put("security.protocol", protocol);
        }
        if (protocol.startsWith("SASL_")) {
            String mechanism = s.optional("kafka.sasl.mechanism");
            if (mechanism == null && !passThrough.containsKey("sasl.mechanism")) {
                throw new IllegalArgumentException("kafka.security.protocol " + protocol + " needs kafka.sasl.mechanism");
            }
            if (mechanism != null) {
                mechanism = mechanism.toUpperCase(Locale.ROOT);
                p.put("sasl.mechanism", mechanism);
                if (!passThrough.containsKey("sasl.jaas.config")) {
                    p.put("sasl.jaas.config", login(mechanism, s));
                }
            }
        }
        p.putAll(passThrough);
        return new KafkaConnection(s.get("kafka.bootstrap"), p);
    }

    /** The client properties, {@code bootstrap.servers} included, e.g. for an admin client. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("bootstrap.servers", bootstrap);
        return p;
    }

    /** The properties with credentials masked: a record's default would print the JAAS password. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, Settings.isSecret(k) ? "***" : v));
        return "KafkaConnection[bootstrap=" + bootstrap + ", properties=" + shown + "]";
    }

    private static String login(String mechanism, Settings s) {
        String module = LOGIN_MODULES.get(mechanism);
        if (module == null) {
            throw new IllegalArgumentException("kafka.sasl.mechanism " + mechanism
                    + " has no login built from a user name and password: set kafka.client.sasl.jaas.config");
        }
        String user = s.optional("kafka.sasl.username");
        String password = s.optional("kafka.sasl.password");
        if (user == null || password == null) {
            throw new IllegalArgumentException("kafka.sasl.mechanism " + mechanism
                    + " needs kafka.sasl.username and kafka.sasl.password (or kafka.client.sasl.jaas.config)");
        }
        return module + " required username=" + quoted(user) + " password=" + quoted(password) + ";";
    }

    /** A JAAS string value: backslashes and quotes escaped, so any password survives. */
    private static String quoted(String v) {
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
