package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.yuqing.radar.schemas.SchemaSupport.ALERT;
import static io.yuqing.radar.schemas.SchemaSupport.AUDIT;
import static io.yuqing.radar.schemas.SchemaSupport.DEAD_LETTER;
import static io.yuqing.radar.schemas.SchemaSupport.ENRICHED_POST;
import static io.yuqing.radar.schemas.SchemaSupport.POST;
import static io.yuqing.radar.schemas.SchemaSupport.TOPIC_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped example is valid, maps onto its record, and survives a round trip through it. */
class ExamplesTest {

    /** example file, schema name, record type. */
    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("post-weibo.json", POST, Post.class),
                Arguments.of("post-repost.json", POST, Post.class),
                Arguments.of("enriched-post.json", ENRICHED_POST, EnrichedPost.class),
                Arguments.of("topic-snapshot.json", TOPIC_SNAPSHOT, TopicSnapshot.class),
                Arguments.of("dead-letter.json", DEAD_LETTER, DeadLetter.class),
                Arguments.of("alert-blue.json", ALERT, Alert.class),
                Arguments.of("alert-yellow.json", ALERT, Alert.class),
                Arguments.of("alert-orange.json", ALERT, Alert.class),
                Arguments.of("alert-red.json", ALERT, Alert.class),
                Arguments.of("alert-closing.json", ALERT, Alert.class),
                Arguments.of("audit.json", AUDIT, AuditRecord.class));
    }

    @ParameterizedTest(name = "{0} is valid against {1}.schema.json")
    @MethodSource("examples")
    void exampleValidates(String file, String schema, Class<?> type) {
        assertThat(SchemaSupport.validate(schema, SchemaSupport.example(file))).isEmpty();
    }

    @ParameterizedTest(name = "{0} round-trips through {2}")
    @MethodSource("examples")
    void exampleRoundTripsThroughItsRecord(String file, String schema, Class<?> type) throws IOException {
        JsonNode original = SchemaSupport.example(file);

        Object record = Json.mapper().treeToValue(original, type);
        JsonNode written = Json.mapper().readTree(Json.toBytes(record));

        assertThat(SchemaSupport.validate(schema, written)).as("written back").isEmpty();
        assertThat(SchemaSupport.normalise(written)).isEqualTo(SchemaSupport.normalise(original));
        // and a second trip changes nothing at all
        assertThat(Json.mapper().readTree(Json.toBytes(Json.mapper().treeToValue(written, type))))
                .isEqualTo(written);
    }

    @Test
    void everyExampleFileIsCovered() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getClassLoader().getResource("schemas/examples").toURI());
        Set<String> shipped;
        try (Stream<Path> files = Files.list(dir)) {
            shipped = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> tested = examples().map(a -> (String) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(shipped).isEqualTo(tested);
    }

    @Test
    void oneAlertExamplePerLevelAndTheyTellOneStory() {
        for (RiskLevel level : RiskLevel.values()) {
            Alert a = Json.mapper().convertValue(
                    SchemaSupport.example("alert-" + level.json() + ".json"), Alert.class);
            assertThat(a.level()).isEqualTo(level);
            assertThat(a.levelCn()).isEqualTo(level.chinese());
            assertThat(a.alertId()).isEqualTo(a.topicId() + "-" + a.reportSeq());
        }
        Alert orange = Json.fromBytes(Json.toBytes(SchemaSupport.example("alert-orange.json")), Alert.class);
        assertThat(orange.reportSeq()).isEqualTo(2);
        assertThat(orange.previousLevel()).isEqualTo(RiskLevel.YELLOW);
        Alert red = Json.fromBytes(Json.toBytes(SchemaSupport.example("alert-red.json")), Alert.class);
        assertThat(red.previousLevel()).isEqualTo(RiskLevel.ORANGE);
        assertThat(red.reasons()).extracting(AlertReason::rule).contains("offline_linkage");
        assertThat(red.samplePosts()).hasSize(5);
        // the closing report (结束报告) of the same story: last level kept, the single reason topic_ended
        Alert closing = Json.fromBytes(Json.toBytes(SchemaSupport.example("alert-closing.json")), Alert.class);
        assertThat(closing.topicId()).isEqualTo(red.topicId());
        assertThat(closing.reportSeq()).isEqualTo(red.reportSeq() + 1);
        assertThat(closing.level()).isEqualTo(closing.previousLevel()).isEqualTo(red.level());
        assertThat(closing.reasons()).extracting(AlertReason::rule).containsExactly("topic_ended");
    }

    @Test
    void repostExampleIsAPlainRepostAndTheWeiboExampleKeepsItsUnknownFields() {
        Post repost = Json.fromBytes(Json.toBytes(SchemaSupport.example("post-repost.json")), Post.class);
        assertThat(repost.isPlainRepost()).isTrue();
        Post weibo = Json.fromBytes(Json.toBytes(SchemaSupport.example("post-weibo.json")), Post.class);
        assertThat(weibo.isPlainRepost()).isFalse();
        assertThat(weibo.extra()).containsOnlyKeys("source_app", "geo");
    }

    // ---------------------------------------------------------------------------------------
    // The schemas declare exactly the fields the records write: a record fully populated with
    // placeholder values is written and its field names are compared with the schema's
    // "properties", recursively (nested objects, array items, $defs).

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of(POST, Post.class),
                Arguments.of(ENRICHED_POST, EnrichedPost.class),
                Arguments.of(TOPIC_SNAPSHOT, TopicSnapshot.class),
                Arguments.of(DEAD_LETTER, DeadLetter.class),
                Arguments.of(ALERT, Alert.class));
    }

    @ParameterizedTest(name = "{1} writes exactly the properties of {0}.schema.json")
    @MethodSource("records")
    void schemaDeclaresExactlyWhatTheRecordWrites(String schema, Class<? extends Record> type) {
        Object full = FullRecords.of(type);
        JsonNode written = Json.mapper().valueToTree(full);
        JsonNode root = SchemaSupport.schemaTree(schema);

        List<String> problems = new java.util.ArrayList<>();
        compareKeys(written, root, root, "$", problems);
        assertThat(problems).isEmpty();
    }

    private static void compareKeys(JsonNode value, JsonNode schema, JsonNode root, String path, List<String> problems) {
        schema = resolve(schema, root);
        if (value.isObject() && schema.has("properties")) {
            Set<String> written = new TreeSet<>();
            value.fieldNames().forEachRemaining(written::add);
            Set<String> declared = new TreeSet<>();
            schema.get("properties").fieldNames().forEachRemaining(declared::add);
            for (String w : written) {
                if (!declared.contains(w)) {
                    problems.add(path + "." + w + " is written but not declared in the schema");
                }
            }
            for (String d : declared) {
                if (!written.contains(d)) {
                    problems.add(path + "." + d + " is declared in the schema but the record never writes it");
                }
            }
            for (Map.Entry<String, JsonNode> e : schema.get("properties").properties()) {
                if (value.has(e.getKey())) {
                    compareKeys(value.get(e.getKey()), e.getValue(), root, path + "." + e.getKey(), problems);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                compareKeys(value.get(i), schema.get("items"), root, path + "[" + i + "]", problems);
            }
        }
    }

    private static JsonNode resolve(JsonNode schema, JsonNode root) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("schemas are self-contained; unexpected $ref " + ref);
            }
            schema = root.at(ref.substring(1));
        }
        return schema;
    }
}
