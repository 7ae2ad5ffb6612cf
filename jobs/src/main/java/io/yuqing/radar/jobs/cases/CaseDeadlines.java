package io.yuqing.radar.jobs.cases;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cases job's deadlines per level, from {@value #DEFAULTS_RESOURCE} (every value commented
 * there) overlaid by a deployment's file ({@code cases.deadlines-file}). Validated on load, so a
 * job with a bad file does not start.
 */
public record CaseDeadlines(
        Map<RiskLevel, Level> levels,
        Duration afterWatch,
        Set<Category> opinionCategories,
        Set<LocalDate> holidays,
        Set<LocalDate> extraWorkingDays) implements Serializable {

    public static final String DEFAULTS_RESOURCE = "io/yuqing/radar/jobs/cases/case-deadlines.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * One level's deadlines.
     *
     * @param respond      null: no official statement owed at this level
     * @param closeOpinion when set, replaces {@code closeOpinionWorkingDays} (short demo deadlines)
     * @param review       how long after closure the review (复盘) is due for a case that reached this
     *                     level; null: no review owed
     */
    public record Level(Duration acknowledge, Duration respond, Duration close, int closeOpinionWorkingDays,
                        Duration closeOpinion, Duration escalateAfter, String dutyUnit, String escalationUnit,
                        Duration review)
            implements Serializable {}

    public CaseDeadlines {
        levels = Map.copyOf(levels);
        opinionCategories = opinionCategories == null ? Set.of() : Set.copyOf(opinionCategories);
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
        extraWorkingDays = extraWorkingDays == null ? Set.of() : Set.copyOf(extraWorkingDays);
    }

    public Level level(RiskLevel l) {
        return levels.get(l == null ? RiskLevel.BLUE : l);
    }

    public static CaseDeadlines defaults() {
        return load(null);
    }

    /** The shipped defaults with {@code file} (may be null) merged over them. */
    public static CaseDeadlines load(Path file) {
        JsonNode tree = readDefaults();
        if (file != null) {
            try {
                merge((ObjectNode) tree, YAML.readTree(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read cases.deadlines-file " + file + ": " + e.getMessage(), e);
            }
        }
        return fromTree(tree, file == null ? DEFAULTS_RESOURCE : file.toString());
    }

    /** For tests and demos: the defaults with {@code yaml} (same shape) merged over them. */
    public static CaseDeadlines withOverrides(String yaml) {
        JsonNode tree = readDefaults();
        try {
            merge((ObjectNode) tree, YAML.readTree(yaml));
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
        return fromTree(tree, "overrides");
    }

    private static JsonNode readDefaults() {
        try (InputStream in = CaseDeadlines.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CaseDeadlines fromTree(JsonNode tree, String where) {
        Raw raw;
        try {
            raw = YAML.treeToValue(tree, Raw.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("case deadlines in " + where + ": " + e.getMessage(), e);
        }
        Map<RiskLevel, Level> levels = new EnumMap<>(RiskLevel.class);
        List<String> problems = new ArrayList<>();
        for (RiskLevel l : RiskLevel.values()) {
            Level v = raw.levels() == null ? null : raw.levels().get(l.json());
            if (v == null) {
                problems.add("levels." + l.json() + " is missing");
                continue;
            }
            String p = "levels." + l.json() + ".";
            positive(problems, p + "acknowledge", v.acknowledge(), true);
            positive(problems, p + "respond", v.respond(), false);
            positive(problems, p + "close", v.close(), true);
            positive(problems, p + "close-opinion", v.closeOpinion(), false);
            positive(problems, p + "escalate-after", v.escalateAfter(), true);
            positive(problems, p + "review", v.review(), false);
            if (v.closeOpinion() == null && v.closeOpinionWorkingDays() < 1) {
                problems.add(p + "close-opinion-working-days must be at least 1");
            }
            if (v.dutyUnit() == null || v.dutyUnit().isBlank()) {
                problems.add(p + "duty-unit is required");
            }
            if (v.escalationUnit() == null || v.escalationUnit().isBlank()) {
                problems.add(p + "escalation-unit is required");
            }
            levels.put(l, v);
        }
        if (raw.levels() != null) {
            for (String k : raw.levels().keySet()) {
                if (java.util.Arrays.stream(RiskLevel.values()).noneMatch(l -> l.json().equals(k))) {
                    problems.add("levels." + k + ": not a level (blue, yellow, orange, red)");
                }
            }
        }
        positive(problems, "after-watch", raw.afterWatch(), true);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("case deadlines in " + where + ": " + String.join("; ", problems));
        }
        return new CaseDeadlines(levels, raw.afterWatch(),
                raw.opinionCategories() == null ? Set.of() : Set.copyOf(raw.opinionCategories()),
                raw.holidays() == null ? Set.of() : Set.copyOf(raw.holidays()),
                raw.extraWorkingDays() == null ? Set.of() : Set.copyOf(raw.extraWorkingDays()));
    }

    private static void positive(List<String> problems, String name, Duration d, boolean required) {
        if (d == null) {
            if (required) {
                problems.add(name + " is required");
            }
        } else if (d.isZero() || d.isNegative()) {
            problems.add(name + " must be positive, got " + d);
        }
    }

    /** Objects key by key; anything else replaced (an explicit empty value clears a default). */
    private static void merge(ObjectNode base, JsonNode over) {
        if (over == null || over.isNull() || over.isMissingNode()) {
            return;
        }
        if (!over.isObject()) {
            throw new IllegalArgumentException("case deadlines overrides must be a mapping");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode b = base.get(e.getKey());
            if (b instanceof ObjectNode bo && e.getValue().isObject()) {
                merge(bo, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** The file's shape. */
    private record Raw(Map<String, Level> levels, Duration afterWatch, List<Category> opinionCategories,
                       List<LocalDate> holidays, List<LocalDate> extraWorkingDays) {}

    /** One line per level, for the local stack's banner and logs. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (RiskLevel l : RiskLevel.values()) {
            Level v = levels.get(l);
            out.add(String.format("%-6s %s: 签收 %s, 回应 %s, 办结 %s (意见建议类 %s), 升级督办 +%s -> %s",
                    l.json(), l.chinese(), text(v.acknowledge()), v.respond() == null ? "-" : text(v.respond()),
                    text(v.close()), v.closeOpinion() != null ? text(v.closeOpinion())
                            : v.closeOpinionWorkingDays() + " 个工作日",
                    text(v.escalateAfter()), v.escalationUnit())
                    + (v.review() == null ? "" : ", 复盘 办结后 " + text(v.review())));
        }
        out.add("后续监测 " + text(afterWatch));
        return out;
    }

    static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
