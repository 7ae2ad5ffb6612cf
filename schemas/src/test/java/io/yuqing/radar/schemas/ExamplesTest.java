package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import static io.yuqing.radar.schemas.SchemaSupport.CASE_EVENT;
import static io.yuqing.radar.schemas.SchemaSupport.CASE_FILE;
import static io.yuqing.radar.schemas.SchemaSupport.CASE_REMINDER;
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
                Arguments.of("case-event-acknowledged.json", CASE_EVENT, CaseEvent.class),
                Arguments.of("case-event-assigned.json", CASE_EVENT, CaseEvent.class),
                Arguments.of("case-event-responded.json", CASE_EVENT, CaseEvent.class),
                Arguments.of("case-event-verified-false.json", CASE_EVENT, CaseEvent.class),
                Arguments.of("case-event-closed.json", CASE_EVENT, CaseEvent.class),
                Arguments.of("case-event-reopened.json", CASE_EVENT, CaseEvent.class),
                Arguments.of("case-event-note.json", CASE_EVENT, CaseEvent.class),
                Arguments.of("case-reminder.json", CASE_REMINDER, CaseReminder.class),
                Arguments.of("case-file.json", CASE_FILE, CaseFile.class),
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
                Arguments.of(ALERT, Alert.class),
                Arguments.of(CASE_EVENT, CaseEvent.class),
                Arguments.of(CASE_REMINDER, CaseReminder.class),
                Arguments.of(CASE_FILE, CaseFile.class));
    }

    @Test
    void everyCaseEventExampleIsValidByTheRecordsOwnRulesAndTellsOneStory() {
        for (String type : List.of("acknowledged", "assigned", "responded", "verified-false", "closed", "reopened", "note")) {
            CaseEvent e = Json.fromBytes(Json.toBytes(SchemaSupport.example("case-event-" + type + ".json")), CaseEvent.class);
            assertThat(e.problems()).as(type).isEmpty();
            assertThat(e.type().json()).isEqualTo(type.replace('-', '_'));
            assertThat(e.caseId()).isEqualTo("tp-8c27e0b5");
        }
        CaseFile f = Json.fromBytes(Json.toBytes(SchemaSupport.example("case-file.json")), CaseFile.class);
        assertThat(f.caseId()).isEqualTo("tp-8c27e0b5");
        assertThat(f.timeline()).extracting(CaseEntry::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void caseEventRulesRefuseWhatTheSchemaRefuses() {
        // each a valid example with one rule broken: the schema and CaseEvent.problems() agree
        for (String[] broken : new String[][]{
                {"case-event-assigned.json", "unit"},
                {"case-event-responded.json", "response"},
                {"case-event-closed.json", "result"},
                {"case-event-note.json", "note"},
                {"case-event-acknowledged.json", "actor"},
                {"case-event-acknowledged.json", "at"}}) {
            ObjectNode e = SchemaSupport.exampleObject(broken[0]).deepCopy();
            e.remove(broken[1]);
            assertThat(SchemaSupport.validate(CASE_EVENT, e)).as("schema without %s in %s", broken[1], broken[0]).isNotEmpty();
            assertThat(Json.mapper().convertValue(e, CaseEvent.class).problems())
                    .as("problems() without %s in %s", broken[1], broken[0]).isNotEmpty();
        }
        ObjectNode bare = SchemaSupport.exampleObject("case-event-verified-false.json").deepCopy();
        ((ObjectNode) bare.get("response")).remove("url");
        assertThat(SchemaSupport.validate(CASE_EVENT, bare)).isNotEmpty();
        assertThat(Json.mapper().convertValue(bare, CaseEvent.class).problems()).singleElement().asString().contains("辟谣");
        // an actor is a unit or a role: a person's name in neither is still refused without both
        ObjectNode nobody = SchemaSupport.exampleObject("case-event-acknowledged.json").deepCopy();
        nobody.putObject("actor").put("token_id", "duty-desk-1");
        assertThat(SchemaSupport.validate(CASE_EVENT, nobody)).isNotEmpty();
        assertThat(Json.mapper().convertValue(nobody, CaseEvent.class).problems()).isNotEmpty();
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
