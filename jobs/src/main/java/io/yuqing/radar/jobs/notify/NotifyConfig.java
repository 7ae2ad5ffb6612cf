package io.yuqing.radar.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.Settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notifier's configuration: {@code notify.*} keys of the project's settings (consumer group,
 * retries, SMTP server, link base) and the channels and routes of {@code notify.channels-file}
 * (shipped default and format: {@code notify-channels.yaml} next to this class: everything to
 * the log).
 */
public record NotifyConfig(
        String group,
        String alertsTopic,
        String remindersTopic,
        String deliveredTopic,
        String deadLetterTopic,
        int maxAttempts,
        Duration backoff,
        Duration maxBackoff,
        Duration timeout,
        String linkBase,
        Smtp smtp,
        Map<String, ChannelSpec> channels,
        List<Route> routes) {

    public static final String DEFAULT_CHANNELS = "notify-channels.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    /**
     * The SMTP server e-mail channels send through.
     *
     * @param host empty when no e-mail channel is configured
     */
    public record Smtp(String host, int port, String from, String username, String password, boolean startTls) {
        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", from=" + from + ", user=" + username
                    + ", password=" + (password == null ? "none" : "***") + ", starttls=" + startTls + "]";
        }
    }

    public NotifyConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("notify.retry.attempts must be >= 1");
        }
        channels = Map.copyOf(channels);
        routes = List.copyOf(routes);
        for (Route r : routes) {
            for (String c : r.channels()) {
                if (!channels.containsKey(c)) {
                    throw new IllegalArgumentException("notify channels: a route names channel '" + c
                            + "', which is not defined (defined: " + channels.keySet() + ")");
                }
            }
        }
        boolean mail = channels.values().stream().anyMatch(c -> c.type() == ChannelSpec.Type.EMAIL);
        if (mail && (smtp.host() == null || smtp.host().isBlank() || smtp.from() == null || smtp.from().isBlank())) {
            throw new IllegalArgumentException("an email channel needs notify.smtp.host and notify.smtp.from");
        }
    }

    public static NotifyConfig from(Settings s) {
        return from(s, System::getenv);
    }

    static NotifyConfig from(Settings s, UnaryOperator<String> env) {
        String file = s.optional("notify.channels-file");
        String yaml;
        String where;
        try {
            if (file == null) {
                where = "shipped " + DEFAULT_CHANNELS;
                try (InputStream in = NotifyConfig.class.getResourceAsStream(DEFAULT_CHANNELS)) {
                    yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                where = file;
                yaml = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("notify.channels-file: " + e.getMessage(), e);
        }
        String password = s.optional("notify.smtp.password");
        Smtp smtp = new Smtp(blankToNull(s.optional("notify.smtp.host")), s.getInt("notify.smtp.port"),
                blankToNull(s.optional("notify.smtp.from")), blankToNull(s.optional("notify.smtp.username")),
                password, Boolean.parseBoolean(s.get("notify.smtp.starttls").strip()));
        Parsed p = parseChannels(yaml, where, env);
        return new NotifyConfig(s.get("notify.group"), s.get("kafka.topic.alerts"), s.get("kafka.topic.cases-reminders"),
                s.get("kafka.topic.notify-delivered"), s.get("kafka.topic.notify-dlq"),
                s.getInt("notify.retry.attempts"), s.getDuration("notify.retry.backoff"),
                s.getDuration("notify.retry.max-backoff"), s.getDuration("notify.timeout"),
                blankToNull(s.optional("notify.link-base")), smtp, p.channels, p.routes);
    }

    record Parsed(Map<String, ChannelSpec> channels, List<Route> routes) {}

    static Parsed parseChannels(String yaml, String where, UnaryOperator<String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("channels").isObject() || !root.path("routes").isArray()) {
            throw new IllegalArgumentException(where + ": needs a map 'channels' and a list 'routes'");
        }
        Map<String, ChannelSpec> channels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.get("channels").properties()) {
            String id = e.getKey();
            JsonNode c = e.getValue();
            String at = where + ", channel " + id + ": ";
            ChannelSpec.Type type;
            try {
                type = ChannelSpec.Type.valueOf(c.path("type").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(at + "type must be wecom, dingtalk, feishu, email or log, got '"
                        + c.path("type").asText() + "'");
            }
            String url = c.hasNonNull("url") ? expand(c.get("url").asText(), env, at) : null;
            String secret = c.hasNonNull("secret") ? blankToNull(expand(c.get("secret").asText(), env, at)) : null;
            List<String> to = new ArrayList<>();
            c.path("to").forEach(t -> to.add(t.asText().strip()));
            switch (type) {
                case WECOM, DINGTALK, FEISHU -> {
                    if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
                        throw new IllegalArgumentException(at + "needs an http(s) url");
                    }
                }
                case EMAIL -> {
                    if (to.isEmpty()) {
                        throw new IllegalArgumentException(at + "needs addresses in 'to'");
                    }
                }
                case LOG -> { }
            }
            channels.put(id, new ChannelSpec(id, type, url, secret, to));
        }
        List<Route> routes = new ArrayList<>();
        int n = 0;
        for (JsonNode r : root.get("routes")) {
            n++;
            String at = where + ", route " + n + ": ";
            Set<RiskLevel> levels = new HashSet<>();
            for (JsonNode l : r.path("levels")) {
                try {
                    levels.add(RiskLevel.valueOf(l.asText().strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(at + "level must be blue, yellow, orange or red, got '" + l.asText() + "'");
                }
            }
            Set<String> units = new LinkedHashSet<>();
            r.path("units").forEach(u -> units.add(u.asText().strip()));
            Set<String> sources = new LinkedHashSet<>();
            r.path("sources").forEach(u -> sources.add(u.asText().strip()));
            List<String> chans = new ArrayList<>();
            r.path("channels").forEach(c -> chans.add(c.asText().strip()));
            if (chans.isEmpty()) {
                throw new IllegalArgumentException(at + "names no channels");
            }
            routes.add(new Route(levels, units, sources, chans));
        }
        return new Parsed(channels, routes);
    }

    /** The channels a notification goes to, each once, in the order the routes name them. */
    public List<ChannelSpec> route(Notification n) {
        Set<String> ids = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.matches(n)) {
                ids.addAll(r.channels());
            }
        }
        return ids.stream().map(channels::get).toList();
    }

    /** Backoff before attempt {@code attempt} (2, 3, …): doubling from {@code backoff}, at most {@code maxBackoff}. */
    public Duration backoffBefore(int attempt) {
        Duration d = backoff.multipliedBy(1L << Math.min(20, attempt - 2));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    public NotifyConfig withGroup(String newGroup) {
        return new NotifyConfig(newGroup, alertsTopic, remindersTopic, deliveredTopic, deadLetterTopic, maxAttempts, backoff, maxBackoff,
                timeout, linkBase, smtp, channels, routes);
    }

    /** Webhook URLs and secrets may name environment variables, {@code ${YUQING_WECOM_KEY}}, to keep keys out of the file. */
    private static String expand(String v, UnaryOperator<String> env, String at) {
        Matcher m = ENV.matcher(v);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(at + "environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString().strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Channel secrets and the SMTP password stay out of logs. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("NotifyConfig[group=").append(group).append(", alerts=").append(alertsTopic)
                .append(", reminders=").append(remindersTopic)
                .append(", delivered=").append(deliveredTopic).append(", dlq=").append(deadLetterTopic)
                .append(", attempts=").append(maxAttempts).append(", backoff=").append(backoff).append("..").append(maxBackoff)
                .append(", smtp=").append(smtp).append(", channels=[");
        channels.values().forEach(c -> b.append(c.id()).append(": ").append(c.describe()).append("; "));
        return b.append("], routes=").append(routes.size()).append(']').toString();
    }
}
