package io.yuqing.radar.jobs.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.yuqing.radar.jobs.judgement.Signal;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alert rules' thresholds, watch lists, sensitive-period calendar and report policy. The
 * shipped defaults ({@link #DEFAULTS_RESOURCE}, every number commented there) are overlaid by a
 * deployment's file (setting {@code alerts.rules-file}) and, at run time, by updates on the
 * control topic; all three are the same document shape (YAML or JSON, kebab-case keys), merged
 * with {@link #merge}: objects key by key, lists of objects with an {@code id} element by element
 * (same id replaces, new id appends), anything else replaced. Every result is {@link #validate}d
 * before it is used, so a bad update never replaces a good configuration.
 */
public record AlertRulesConfig(
        Volume volume,
        Negative negative,
        Spread spread,
        Breadth breadth,
        List<WatchList> watchLists,
        OfflineLinkage offlineLinkage,
        SensitivePeriods sensitivePeriods,
        Reporting reporting,
        Judgement judgement) implements Serializable {

    public static final String DEFAULTS_RESOURCE = "io/yuqing/radar/jobs/alerts/alert-rules.yaml";

    private static final ObjectMapper YAML = configure(YAMLMapper.builder().build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    public AlertRulesConfig {
        watchLists = watchLists == null ? List.of() : List.copyOf(watchLists);
    }

    /** A threshold per level a rule can support; {@code red} ≥ {@code orange} > 0. */
    public record Tiers(double orange, double red) implements Serializable {}

    /** 声量: posts and distinct authors in the window, absolute and against the topic's own baseline. */
    public record Volume(Tiers posts, Tiers authors, Burst burst) implements Serializable {}

    /**
     * 突增: a window's posts (authors) against the topic's baseline, an exponentially weighted mean
     * of its earlier windows' counts.
     *
     * @param ratio      count / baseline reaching this counts as fast (a ratio says nothing of size,
     *                   so a burst alone never makes a topic large)
     * @param alpha      weight of the newest window in the baseline (0..1]
     * @param minHistory earlier windows needed before a baseline is trusted
     * @param minCount   a window with fewer posts (authors) is no burst, whatever the ratio
     */
    public record Burst(double ratio, double alpha, int minHistory, long minCount) implements Serializable {}

    /** 负面激增: both the share and the absolute number of negative posts must be reached. */
    public record Negative(double ratio, long minCount) implements Serializable {}

    /** 传播速度: posts per minute of the window. */
    public record Spread(Tiers postsPerMinute) implements Serializable {}

    /**
     * 传播广度. A platform or region counts when it carries at least {@code minPosts} posts.
     *
     * @param mediaPlatforms platforms whose presence means news / official media carry the topic
     */
    public record Breadth(double platforms, double regions, List<String> mediaPlatforms, long minPosts)
            implements Serializable {
        public Breadth {
            mediaPlatforms = mediaPlatforms == null ? List.of() : List.copyOf(mediaPlatforms);
        }
    }

    /** A watch list (关注词/类别): any term found in the title or a keyword is a hit. */
    public record WatchList(String id, String name, RiskLevel level, List<String> terms) implements Serializable {
        public WatchList {
            terms = terms == null ? List.of() : List.copyOf(terms);
        }
    }

    /** 网上网下联动: words that signal people gathering offline. */
    public record OfflineLinkage(List<String> terms) implements Serializable {
        public OfflineLinkage {
            terms = terms == null ? List.of() : List.copyOf(terms);
        }
    }

    /** Periods (敏感时期) during which every numeric threshold is multiplied by {@code factor}. */
    public record SensitivePeriods(double factor, List<Period> periods) implements Serializable {
        public SensitivePeriods {
            periods = periods == null ? List.of() : List.copyOf(periods);
        }
    }

    /**
     * One period, both ends inclusive, in China dates: {@code MM-dd} for every year (国庆
     * {@code 10-01}..{@code 10-07}) or {@code yyyy-MM-dd} for one year (春节 follows the lunar
     * calendar, 两会 is set each year). A period may wrap the new year ({@code 12-30}..{@code 01-02}).
     */
    public record Period(String id, String name, String from, String to) implements Serializable {
        public boolean contains(LocalDate day) {
            if (from.length() == 5) {
                MonthDay f = MonthDay.parse("--" + from);
                MonthDay t = MonthDay.parse("--" + to);
                MonthDay d = MonthDay.from(day);
                return f.isAfter(t) ? !d.isBefore(f) || !d.isAfter(t) : !d.isBefore(f) && !d.isAfter(t);
            }
            return !day.isBefore(LocalDate.parse(from)) && !day.isAfter(LocalDate.parse(to));
        }
    }

    /**
     * When to send a 续报.
     *
     * @param hysteresis   a lower level is only reported once the topic misses the current level's
     *                     thresholds multiplied by this factor (&lt; 1): the lower band
     * @param minInterval  event time between two follow-ups that are not upgrades
     * @param volumeFactor post count reaching this multiple of the last report's is a material change
     */
    public record Reporting(double hysteresis, Duration minInterval, double volumeFactor, boolean newRegion,
                            boolean newPlatform) implements Serializable {}

    /**
     * 研判: how a judged topic (one with a category) is graded. Each finding adds points; the level is
     * the highest whose points are reached (see alert-rules.yaml for the table and its reasons).
     *
     * @param minConfidence  a category counts only at this confidence (0..1)
     * @param domains        points per category code (sensitivity of the domain); {@code none} is never
     *                       a concern, whatever is listed
     * @param minShare       a content signal counts when at least this share of the topic's posts carry it
     * @param signals        points per content signal
     * @param rumorThreshold a rumour score at or above this is 疑似不实
     * @param rumor          points for 疑似不实
     * @param negative       points for a negative tone: the negative rule's ratio with at least
     *                       {@code negativeMinCount} negative posts
     * @param negativeMinCount negative posts a judged topic's window needs for its tone to count (fewer
     *                       than the surge's: what a matter's posts say counts at any volume that made a topic)
     * @param calmBelow      a topic whose share of negative posts is below this reads as neutral or
     *                       positive news of its domain (a launch, a rescue, a reform announced) ...
     * @param calm           ... and has these points taken off its domain's
     * @param fast           points for a volume, burst or speed rule at its orange tier
     * @param large          points (added to fast's) for one at its red tier
     * @param wide           points for platform, region or news-media breadth
     * @param offlineLinkage points for offline-gathering terms in the title or keywords
     * @param angerRatio     the share of anger among a topic's posts with an emotion that makes it angry
     * @param anger          points for an angry topic (the anger_ratio rule)
     * @param spreadWarningShare a topic of no domain is a concern all the same when at least this share
     *                       of its posts call to spread it and as many tell of deaths or injuries
     *                       (扩散预警: a deadly hazard passed on in words no domain names); 0: never
     */
    public record Judgement(double minConfidence, Map<String, Double> domains, double minShare,
                            Map<String, Double> signals, double rumorThreshold, double rumor, double negative,
                            double calmBelow, double calm, double fast, double large, double wide,
                            double offlineLinkage, Levels levels, double angerRatio, double anger,
                            double negativeMinCount, double spreadWarningShare)
            implements Serializable {
        public Judgement {
            domains = domains == null ? Map.of() : Map.copyOf(domains);
            signals = signals == null ? Map.of() : Map.copyOf(signals);
        }
    }

    /** Points a judged topic needs for each level; blue ≤ yellow ≤ orange ≤ red. */
    public record Levels(double blue, double yellow, double orange, double red) implements Serializable {}

    // --- the periods in force -------------------------------------------------------------------

    /** The periods containing {@code day}. */
    public List<Period> periodsOn(LocalDate day) {
        return sensitivePeriods.periods().stream().filter(p -> p.contains(day)).toList();
    }

    // --- loading, merging, validating --------------------------------------------------------------

    /** The shipped defaults. */
    public static AlertRulesConfig defaults() {
        return fromTree(defaultsTree());
    }

    /** The shipped defaults overlaid by {@code file} (YAML or JSON) when it is not null. */
    public static AlertRulesConfig load(Path file) {
        JsonNode tree = defaultsTree();
        if (file != null) {
            try {
                tree = merge(tree, YAML.readTree(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read alert rules " + file + ": " + e.getMessage(), e);
            }
        }
        return fromTree(tree);
    }

    static JsonNode defaultsTree() {
        try (InputStream in = AlertRulesConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This configuration with {@code updateJson} (a JSON object, same shape as the YAML, any subset of
     * it) merged in and validated.
     *
     * @throws InvalidRulesException when the update is not JSON, not an object, names unknown keys,
     *                               has wrong types or yields an invalid configuration
     */
    public AlertRulesConfig update(String updateJson) {
        JsonNode update;
        try {
            update = JSON.readTree(updateJson);
        } catch (JsonProcessingException e) {
            throw new InvalidRulesException(InvalidRulesException.Kind.NOT_JSON, "not JSON: " + e.getOriginalMessage());
        }
        if (update == null || !update.isObject()) {
            throw new InvalidRulesException(InvalidRulesException.Kind.NOT_AN_OBJECT, "a rules update must be a JSON object");
        }
        return fromTree(merge(JSON.valueToTree(this), update));
    }

    /**
     * Two updates as one: {@code update} merged over {@code overrides} (null: none yet), the same
     * merge as {@link #update}, so applying the result equals applying both in turn.
     */
    public static String combine(String overrides, String update) {
        try {
            JsonNode u = JSON.readTree(update);
            return JSON.writeValueAsString(overrides == null ? u : merge(JSON.readTree(overrides), u));
        } catch (JsonProcessingException e) {
            throw new InvalidRulesException(InvalidRulesException.Kind.NOT_JSON, "not JSON: " + e.getOriginalMessage());
        }
    }

    static AlertRulesConfig fromTree(JsonNode tree) {
        AlertRulesConfig c;
        try {
            c = JSON.treeToValue(tree, AlertRulesConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidRulesException(InvalidRulesException.Kind.WRONG_TYPE, msg);
        }
        List<String> problems = c.validate();
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(InvalidRulesException.Kind.INVALID_VALUE, String.join("; ", problems));
        }
        return c;
    }

    /** Everything wrong with this configuration; empty when it may be used. */
    public List<String> validate() {
        List<String> p = new ArrayList<>();
        if (volume == null || volume.posts() == null || volume.authors() == null || volume.burst() == null) {
            p.add("volume.posts, volume.authors and volume.burst are required");
        } else {
            tiers(p, "volume.posts", volume.posts());
            tiers(p, "volume.authors", volume.authors());
            if (!(volume.burst().ratio() > 1)) {
                p.add("volume.burst.ratio must be > 1, got " + volume.burst().ratio());
            }
            if (!(volume.burst().alpha() > 0 && volume.burst().alpha() <= 1)) {
                p.add("volume.burst.alpha must be in (0, 1], got " + volume.burst().alpha());
            }
            if (volume.burst().minHistory() < 1) {
                p.add("volume.burst.min-history must be ≥ 1, got " + volume.burst().minHistory());
            }
            if (volume.burst().minCount() < 1) {
                p.add("volume.burst.min-count must be ≥ 1, got " + volume.burst().minCount());
            }
        }
        if (negative == null) {
            p.add("negative is required");
        } else {
            if (!(negative.ratio() > 0 && negative.ratio() <= 1)) {
                p.add("negative.ratio must be in (0, 1], got " + negative.ratio());
            }
            if (negative.minCount() < 1) {
                p.add("negative.min-count must be ≥ 1, got " + negative.minCount());
            }
        }
        if (spread == null || spread.postsPerMinute() == null) {
            p.add("spread.posts-per-minute is required");
        } else {
            tiers(p, "spread.posts-per-minute", spread.postsPerMinute());
        }
        if (breadth == null) {
            p.add("breadth is required");
        } else {
            if (breadth.platforms() < 1) {
                p.add("breadth.platforms must be ≥ 1, got " + breadth.platforms());
            }
            if (breadth.regions() < 1) {
                p.add("breadth.regions must be ≥ 1, got " + breadth.regions());
            }
            if (breadth.minPosts() < 1) {
                p.add("breadth.min-posts must be ≥ 1, got " + breadth.minPosts());
            }
        }
        Set<String> ids = new HashSet<>();
        for (WatchList w : watchLists) {
            if (w == null || w.id() == null || w.id().isBlank()) {
                p.add("every watch list needs an id");
                continue;
            }
            if (!ids.add(w.id())) {
                p.add("watch list id '" + w.id() + "' appears twice");
            }
            if (w.level() == null) {
                p.add("watch list '" + w.id() + "' needs a level (blue|yellow|orange|red)");
            }
            if (w.terms().stream().anyMatch(t -> t == null || t.isBlank())) {
                p.add("watch list '" + w.id() + "' has a blank term");
            }
        }
        if (offlineLinkage == null) {
            p.add("offline-linkage is required");
        } else if (offlineLinkage.terms().stream().anyMatch(t -> t == null || t.isBlank())) {
            p.add("offline-linkage has a blank term");
        }
        if (sensitivePeriods == null) {
            p.add("sensitive-periods is required");
        } else {
            if (!(sensitivePeriods.factor() > 0 && sensitivePeriods.factor() <= 1)) {
                p.add("sensitive-periods.factor must be in (0, 1], got " + sensitivePeriods.factor());
            }
            for (Period period : sensitivePeriods.periods()) {
                period(p, period);
            }
        }
        if (reporting == null) {
            p.add("reporting is required");
        } else {
            if (!(reporting.hysteresis() > 0 && reporting.hysteresis() <= 1)) {
                p.add("reporting.hysteresis must be in (0, 1], got " + reporting.hysteresis());
            }
            if (reporting.minInterval() == null || reporting.minInterval().isNegative()) {
                p.add("reporting.min-interval must be a non-negative ISO-8601 duration");
            }
            if (!(reporting.volumeFactor() > 1)) {
                p.add("reporting.volume-factor must be > 1, got " + reporting.volumeFactor());
            }
        }
        judgement(p, judgement);
        return p;
    }

    private static void judgement(List<String> p, Judgement j) {
        if (j == null || j.levels() == null) {
            p.add("judgement and judgement.levels are required");
            return;
        }
        if (!(j.minConfidence() >= 0 && j.minConfidence() <= 1)) {
            p.add("judgement.min-confidence must be in [0, 1], got " + j.minConfidence());
        }
        if (!(j.minShare() > 0 && j.minShare() <= 1)) {
            p.add("judgement.min-share must be in (0, 1], got " + j.minShare());
        }
        if (!(j.calmBelow() >= 0 && j.calmBelow() <= 1)) {
            p.add("judgement.calm-below must be in [0, 1], got " + j.calmBelow());
        }
        if (!(j.rumorThreshold() > 0 && j.rumorThreshold() <= 1)) {
            p.add("judgement.rumor-threshold must be in (0, 1], got " + j.rumorThreshold());
        }
        if (!(j.angerRatio() > 0 && j.angerRatio() <= 1)) {
            p.add("judgement.anger-ratio must be in (0, 1], got " + j.angerRatio());
        }
        if (!(j.negativeMinCount() >= 1)) {
            p.add("judgement.negative-min-count must be at least 1, got " + j.negativeMinCount());
        }
        if (!(j.spreadWarningShare() >= 0 && j.spreadWarningShare() <= 1)) {
            p.add("judgement.spread-warning-share must be in [0, 1] (0: never), got " + j.spreadWarningShare());
        }
        unknownKeys(p, "judgement.domains", "category", j.domains().keySet(),
                Arrays.stream(Category.values()).map(Category::json).toList());
        unknownKeys(p, "judgement.signals", "signal", j.signals().keySet(),
                Arrays.stream(Signal.values()).map(Signal::json).toList());
        Levels l = j.levels();
        if (!(l.blue() > 0 && l.yellow() >= l.blue() && l.orange() >= l.yellow() && l.red() >= l.orange())) {
            p.add("judgement.levels must be 0 < blue ≤ yellow ≤ orange ≤ red, got " + l);
        }
    }

    private static void unknownKeys(List<String> p, String name, String what, Set<String> keys, List<String> valid) {
        for (String k : keys) {
            if (!valid.contains(k)) {
                p.add(name + ": unknown " + what + " '" + k + "'; one of " + valid);
            }
        }
    }

    private static void tiers(List<String> p, String name, Tiers t) {
        if (!(t.orange() > 0)) {
            p.add(name + ".orange must be > 0, got " + t.orange());
        }
        if (!(t.red() >= t.orange())) {
            p.add(name + ".red must be ≥ " + name + ".orange, got " + t.red());
        }
    }

    private static void period(List<String> p, Period period) {
        if (period == null || period.id() == null || period.from() == null || period.to() == null) {
            p.add("every sensitive period needs id, from and to");
            return;
        }
        try {
            if (period.from().length() != period.to().length()) {
                throw new DateTimeParseException("mixed forms", period.from() + ".." + period.to(), 0);
            }
            if (period.from().length() == 5) {
                MonthDay.parse("--" + period.from());
                MonthDay.parse("--" + period.to());
            } else if (LocalDate.parse(period.to()).isBefore(LocalDate.parse(period.from()))) {
                p.add("sensitive period '" + period.id() + "' ends before it starts");
            }
        } catch (DateTimeParseException e) {
            p.add("sensitive period '" + period.id() + "': from and to must both be MM-dd or both yyyy-MM-dd, got "
                    + period.from() + ".." + period.to());
        }
    }

    /** Deep merge: objects key by key, lists of objects with ids by id, anything else replaced. */
    static JsonNode merge(JsonNode base, JsonNode update) {
        if (base instanceof ObjectNode b && update instanceof ObjectNode u) {
            ObjectNode out = b.deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = u.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode old = out.get(e.getKey());
                out.set(e.getKey(), old == null ? e.getValue() : merge(old, e.getValue()));
            }
            return out;
        }
        if (base instanceof ArrayNode b && update instanceof ArrayNode u && byId(b) && byId(u)) {
            ArrayNode out = b.deepCopy();
            for (JsonNode item : u) {
                int at = -1;
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i).get("id").asText().equals(item.get("id").asText())) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    out.set(at, merge(out.get(at), item));
                } else {
                    out.add(item);
                }
            }
            return out;
        }
        return update;
    }

    private static boolean byId(ArrayNode a) {
        for (JsonNode n : a) {
            if (!n.isObject() || !n.hasNonNull("id")) {
                return false;
            }
        }
        return true;
    }

    /** This configuration as JSON (kebab-case), the form kept in Flink's broadcast state. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AlertRulesConfig fromJson(String json) {
        try {
            return fromTree(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new InvalidRulesException(InvalidRulesException.Kind.NOT_JSON, e.getOriginalMessage());
        }
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
