package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Loading the contract schemas and examples from the classpath, and comparing JSON trees. */
final class SchemaSupport {
    static final String POST = "post";
    static final String ENRICHED_POST = "enriched-post";
    static final String TOPIC_SNAPSHOT = "topic-snapshot";
    static final String ALERT = "alert";
    static final String DEAD_LETTER = "dead-letter";
    static final String CASE_EVENT = "case-event";
    static final String CASE_REMINDER = "case-reminder";
    static final String CASE_FILE = "case-file";
    static final String AUDIT = "audit";

    /** Field names that hold contract timestamps, in every message. */
    static final Set<String> TIMESTAMP_FIELDS = Set.of(
            "created_at", "enriched_at", "window_start", "window_end", "first_seen_at", "detected_at", "failed_at",
            "at", "due_at", "done_at", "escalate_at", "issued_at", "opened_at", "acknowledged_at", "responded_at",
            "closed_at", "updated_at");

    private static final Pattern ISO_WITH_OFFSET =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** Format assertions on: 2020-12 makes "format" an annotation only unless asked. */
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaSupport() {}

    /** The schema {@code schemas/<name>.schema.json} from the classpath, as shipped in the jar. */
    static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n ->
                FACTORY.getSchema(SchemaLocation.of("classpath:schemas/" + n + ".schema.json"), CONFIG));
    }

    /** The schema document itself as a tree. */
    static JsonNode schemaTree(String name) {
        return readResource("schemas/" + name + ".schema.json");
    }

    static Set<ValidationMessage> validate(String schemaName, JsonNode instance) {
        return schema(schemaName).validate(instance);
    }

    static JsonNode example(String file) {
        return readResource("schemas/examples/" + file);
    }

    static ObjectNode exampleObject(String file) {
        return (ObjectNode) example(file);
    }

    static JsonNode readResource(String path) {
        try (InputStream in = SchemaSupport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + path);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The documented normalisation a round trip through the records applies, so that trees can be
     * compared: timestamps (ISO-8601 with any offset, or epoch millis in a timestamp field) become
     * ISO-8601 in China time, and numbers compare by value (1 and 1.0 are the same number).
     */
    static JsonNode normalise(JsonNode node) {
        return normalise(null, node);
    }

    private static JsonNode normalise(String fieldName, JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true);
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), normalise(e.getKey(), e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            var out = f.arrayNode();
            node.forEach(n -> out.add(normalise(null, n)));
            return out;
        }
        if (fieldName != null && TIMESTAMP_FIELDS.contains(fieldName) && node.isIntegralNumber()) {
            return f.textNode(Json.formatTime(Instant.ofEpochMilli(node.longValue())));
        }
        if (node.isTextual() && ISO_WITH_OFFSET.matcher(node.textValue()).matches()) {
            return f.textNode(Json.formatTime(Json.parseTime(node.textValue())));
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue().stripTrailingZeros();
            return f.numberNode(d.scale() < 0 ? d.setScale(0) : d);
        }
        return node;
    }

    /**
     * The folder of real data beside the repository ({@code ../shared/data} from the repository
     * root, found by walking up from the working directory to the folder holding {@code mvnw}),
     * or the folder named by {@code -Dyuqing.data.dir}. Empty when there is none.
     */
    static Optional<Path> sharedDataDir() {
        String override = System.getProperty("yuqing.data.dir");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) || Files.isDirectory(d.resolve(".git"))) {
                Path data = d.resolveSibling("shared").resolve("data");
                if (Files.isDirectory(data)) {
                    return Optional.of(data.normalize());
                }
            }
        }
        return Optional.empty();
    }
}
