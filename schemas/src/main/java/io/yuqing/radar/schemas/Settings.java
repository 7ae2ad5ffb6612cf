package io.yuqing.radar.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Configuration, layered: shipped defaults ({@code yuqing-defaults.properties}), then a file,
 * then environment variables ({@code YUQING_KAFKA_BOOTSTRAP} for {@code kafka.bootstrap}), then
 * explicit overrides (system properties or code). A key that no layer knows is an error, so a
 * typo never silently falls back to a default.
 *
 * <p>Keys under {@value #KAFKA_CLIENT_PREFIX} are the exception: they pass any Kafka client
 * property through (SSL stores, SASL login, timeouts) without the code knowing each name. Kafka
 * property names are lower case with dots only, so their environment variables map back
 * unambiguously: {@code YUQING_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION} is
 * {@code kafka.client.ssl.truststore.location}.
 */
public final class Settings {
    private static final String DEFAULTS = "yuqing-defaults.properties";
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
    private static final String KAFKA_CLIENT_ENV = envName(KAFKA_CLIENT_PREFIX);
    /** Values that must never reach a log: passwords, tokens, keys, JAAS login lines. */
    private static final Pattern SECRET_KEY = Pattern.compile("password|secret|token|jaas|api-key|credential|\\.key$");
    private final Properties props;

    private Settings(Properties props) {
        this.props = props;
    }

    /** Defaults, then {@code file} (may be null), then the environment, then system properties. */
    public static Settings load(Path file, Map<String, String> env, Properties system) {
        Properties p = new Properties();
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (file != null) {
            Properties f = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                f.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file, e);
            }
            for (String k : f.stringPropertyNames()) {
                requireKnown(p, k, "in " + file);
                p.setProperty(k, f.getProperty(k).strip());
            }
        }
        for (String k : p.stringPropertyNames()) {
            String v = env.get(envName(k));
            if (v != null) {
                p.setProperty(k, v.strip());
            }
            String s = system.getProperty(k);
            if (s != null) {
                p.setProperty(k, s.strip());
            }
        }
        // pass-through keys exist in no default, so their layers are scanned rather than looked up
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_CLIENT_ENV) && name.length() > KAFKA_CLIENT_ENV.length()) {
                String rest = name.substring(KAFKA_CLIENT_ENV.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                p.setProperty(KAFKA_CLIENT_PREFIX + rest, value.strip());
            }
        });
        for (String k : system.stringPropertyNames()) {
            if (isPassThrough(k)) {
                p.setProperty(k, system.getProperty(k).strip());
            }
        }
        return new Settings(p);
    }

    /** Defaults, then the file named by {@code --config FILE} or {@code YUQING_CONFIG}, then env and -D. */
    public static Settings fromArgs(String[] args) {
        List<String> a = Arrays.asList(args);
        int i = a.indexOf("--config");
        String file = i >= 0 && i + 1 < a.size() ? a.get(i + 1) : System.getenv("YUQING_CONFIG");
        return load(file == null || file.isBlank() ? null : Path.of(file), System.getenv(), System.getProperties());
    }

    public static Settings defaults() {
        return load(null, Map.of(), new Properties());
    }

    /** A copy with {@code key} set; the key must exist. */
    public Settings with(String key, String value) {
        requireKnown(props, key, "in code");
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty(key, value);
        return new Settings(p);
    }

    /**
     * The keys under {@code prefix}, with the prefix removed, e.g. {@code withPrefix("kafka.client.")}
     * gives {@code security.protocol → SASL_SSL}.
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String k : props.stringPropertyNames()) {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), props.getProperty(k));
            }
        }
        return out;
    }

    /** Whether the value of {@code key} is a credential, shown only as {@code ***}. */
    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** Every key and value, credentials masked, for logs and error messages. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Settings{");
        new TreeMap<>(props).forEach((k, v) -> {
            if (b.length() > "Settings{".length()) {
                b.append(", ");
            }
            String value = v.toString();
            b.append(k).append('=').append(isSecret(k.toString()) && !value.isEmpty() ? "***" : value);
        });
        return b.append('}').toString();
    }

    public static String envName(String key) {
        return "YUQING_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return v;
    }

    /** The value, or null when it is set to nothing. */
    public String optional(String key) {
        String v = get(key);
        return v.isBlank() ? null : v;
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + get(key) + "'");
        }
    }

    public Duration getDuration(String key) {
        try {
            return Duration.parse(get(key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT10S, got '" + get(key) + "'");
        }
    }

    public List<String> getList(String key) {
        return Arrays.stream(get(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isPassThrough(String key) {
        return key.startsWith(KAFKA_CLIENT_PREFIX) && key.length() > KAFKA_CLIENT_PREFIX.length();
    }

    private static void requireKnown(Properties known, String key, String where) {
        if (!known.containsKey(key) && !isPassThrough(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "' " + where);
        }
    }
}
