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

/**
 * Configuration, layered: shipped defaults ({@code yuqing-defaults.properties}), then a file,
 * then environment variables ({@code YUQING_KAFKA_BOOTSTRAP} for {@code kafka.bootstrap}), then
 * explicit overrides (system properties or code). A key that no layer knows is an error, so a
 * typo never silently falls back to a default.
 */
public final class Settings {
    private static final String DEFAULTS = "yuqing-defaults.properties";
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

    private static void requireKnown(Properties known, String key, String where) {
        if (!known.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "' " + where);
        }
    }
}
