package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.yuqing.radar.schemas.SchemaSupport.ALERT;
import static io.yuqing.radar.schemas.SchemaSupport.CASE_FILE;
import static io.yuqing.radar.schemas.SchemaSupport.AUDIT;
import static io.yuqing.radar.schemas.SchemaSupport.TOPIC_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics, alerts and cases index templates against the contracts they store: the mappings are
 * {@code dynamic: false}, so a contract field the template forgets is kept in {@code _source} but
 * can be neither filtered nor aggregated on, and nobody notices until a query or a Kibana panel
 * comes back empty. Every schema property, nested ones included, must be mapped with a type that
 * fits it (codes and names keyword, numbers numeric, timestamps date, free text text).
 */
class IndexTemplatesTest {
    private static final Set<String> NUMERIC = Set.of("long", "integer", "short", "byte", "double", "float",
            "half_float", "scaled_float");

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("elasticsearch/topics-template.json", TOPIC_SNAPSHOT),
                Arguments.of("elasticsearch/alerts-template.json", ALERT),
                Arguments.of("elasticsearch/cases-template.json", CASE_FILE),
                Arguments.of("elasticsearch/audit-template.json", AUDIT));
    }

    @ParameterizedTest(name = "{0} maps every property of {1}.schema.json")
    @MethodSource("templates")
    void templateMapsEveryContractFieldWithAFittingType(String template, String schema) throws IOException {
        JsonNode mappings = read(template).path("template").path("mappings");
        assertThat(mappings.path("dynamic").asText()).as("%s: unmapped fields must not be guessed", template)
                .isEqualTo("false");
        JsonNode root = SchemaSupport.schemaTree(schema);
        List<String> problems = new ArrayList<>();
        compare(root, mappings, root, "$", problems);
        assertThat(problems).isEmpty();
    }

    private static void compare(JsonNode schema, JsonNode mapping, JsonNode root, String path, List<String> problems) {
        schema = resolve(schema, root);
        if (schema.path("type").asText().equals("array")) {
            // Elasticsearch has no array type: a field holds any number of values of its mapping
            compare(schema.path("items"), mapping, root, path + "[]", problems);
            return;
        }
        if (schema.has("properties")) {
            compareKeys(path, fieldNames(schema.path("properties")), mapping, problems);
            for (Map.Entry<String, JsonNode> e : schema.path("properties").properties()) {
                JsonNode m = mapping.path("properties").path(e.getKey());
                if (!m.isMissingNode()) {
                    compare(e.getValue(), m, root, path + "." + e.getKey(), problems);
                }
            }
            return;
        }
        if (schema.path("type").asText().equals("object")) {
            JsonNode names = schema.path("propertyNames").path("enum");
            if (names.isArray()) {
                // a map over a closed set of keys (platforms, signals): each key a field of its own
                Set<String> keys = new TreeSet<>();
                names.forEach(n -> keys.add(n.asText()));
                compareKeys(path, keys, mapping, problems);
                for (String k : keys) {
                    JsonNode m = mapping.path("properties").path(k);
                    if (!m.isMissingNode()) {
                        compare(schema.path("additionalProperties"), m, root, path + "." + k, problems);
                    }
                }
            } else if (!mapping.path("dynamic").asText().equals("true")
                    && !mapping.path("enabled").asText().equals("false")) {
                // open keys are either mapped as they come or, said outright, stored and not indexed
                problems.add(path + " is a map with open keys but its mapping is neither dynamic nor disabled");
            }
            return;
        }
        String type = mapping.path("type").asText();
        String expected = expectedType(schema);
        boolean fits = switch (expected) {
            case "numeric" -> NUMERIC.contains(type);
            case "keyword or text" -> type.equals("keyword") || type.equals("text");
            default -> expected.equals(type);
        };
        if (!fits) {
            problems.add(path + " is mapped as '" + type + "', expected " + expected);
        }
    }

    /** The mapping type a leaf of the schema should have. */
    private static String expectedType(JsonNode schema) {
        if (schema.has("enum")) {
            return "keyword";
        }
        return switch (schema.path("type").asText()) {
            case "number", "integer" -> "numeric";
            case "boolean" -> "boolean";
            case "string" -> schema.path("format").asText().equals("date-time") ? "date" : "keyword or text";
            default -> "a mapping for type " + schema.path("type");
        };
    }

    private static void compareKeys(String path, Set<String> declared, JsonNode mapping, List<String> problems) {
        Set<String> mapped = fieldNames(mapping.path("properties"));
        for (String d : declared) {
            if (!mapped.contains(d)) {
                problems.add(path + "." + d + " is in the contract but not mapped");
            }
        }
        for (String m : mapped) {
            if (!declared.contains(m)) {
                problems.add(path + "." + m + " is mapped but not in the contract");
            }
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode root) {
        while (schema.has("$ref")) {
            schema = root.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = IndexTemplatesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return Json.mapper().readTree(in);
        }
    }
}
