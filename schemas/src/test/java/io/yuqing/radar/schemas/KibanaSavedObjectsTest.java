package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Kibana saved objects ({@code kibana/yuqing-radar.ndjson}) against the index templates they
 * read: every reference resolves inside the file, every data view matches a template's pattern
 * and time field, and every field a visualization aggregates on is mapped, aggregatable, in the
 * template of its data view. Renaming a template field without the objects fails here, not in
 * a user's Kibana.
 */
class KibanaSavedObjectsTest {
    static final String NDJSON = "kibana/yuqing-radar.ndjson";
    private static final List<String> TEMPLATES = List.of("elasticsearch/posts-template.json",
            "elasticsearch/topics-template.json", "elasticsearch/alerts-template.json", "elasticsearch/cases-template.json",
            "elasticsearch/audit-template.json");
    /** Mapping types with doc values, so terms, histograms and metrics work on them. */
    private static final Set<String> AGGREGATABLE = Set.of("keyword", "date", "date_nanos", "long", "integer", "short",
            "byte", "double", "float", "half_float", "scaled_float", "boolean", "ip");
    private static final Set<String> NUMERIC = Set.of("long", "integer", "short", "byte", "double", "float",
            "half_float", "scaled_float");
    private static final Set<String> VIS_TYPES = Set.of("line", "area", "histogram", "horizontal_bar", "pie", "table",
            "metric");
    private static final int GRID_COLUMNS = 48;

    private static List<JsonNode> objects;
    private static Map<String, JsonNode> byId;
    /** Template index pattern (posts-*) → the template's mapping properties. */
    private static Map<String, JsonNode> templates;

    @BeforeAll
    static void read() throws IOException {
        objects = new ArrayList<>();
        try (InputStream in = resource(NDJSON);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                assertThat(line).as("line %d is blank", n).isNotBlank();
                JsonNode o = Json.mapper().readTree(line);
                assertThat(o.isObject()).as("line %d is not a JSON object", n).isTrue();
                objects.add(o);
            }
        }
        byId = new HashMap<>();
        for (JsonNode o : objects) {
            byId.put(o.path("type").asText() + "/" + o.path("id").asText(), o);
        }
        templates = new LinkedHashMap<>();
        for (String t : TEMPLATES) {
            try (InputStream in = resource(t)) {
                JsonNode template = Json.mapper().readTree(in);
                for (JsonNode p : template.path("index_patterns")) {
                    templates.put(p.asText(), template.path("template").path("mappings").path("properties"));
                }
            }
        }
    }

    @Test
    void everyLineIsASavedObjectWithAUniqueIdInTheKibana710Format() {
        assertThat(objects).isNotEmpty();
        Set<String> keys = new HashSet<>();
        for (JsonNode o : objects) {
            String type = o.path("type").asText();
            assertThat(o.path("id").asText()).as("id of %s", o).isNotBlank();
            assertThat(type).as("type of %s", o.path("id")).isIn("index-pattern", "visualization", "dashboard");
            assertThat(o.path("attributes").isObject()).as("attributes of %s", o.path("id")).isTrue();
            assertThat(o.path("attributes").path("title").asText()).as("title of %s", o.path("id")).isNotBlank();
            assertThat(o.path("references").isArray()).as("references of %s", o.path("id")).isTrue();
            // the 7.10 shapes; newer Kibana migrates them on import, older ones are refused
            assertThat(o.path("migrationVersion").fieldNames()).toIterable().as("migrationVersion of %s", o.path("id"))
                    .containsExactly(type);
            assertThat(keys.add(o.path("id").asText())).as("duplicate id %s", o.path("id")).isTrue();
        }
        assertThat(objects).extracting(o -> o.path("type").asText())
                .contains("index-pattern", "visualization", "dashboard");
    }

    @Test
    void dataViewsMatchATemplatesPatternAndItsDateField() {
        Set<String> titles = new HashSet<>();
        for (JsonNode view : ofType("index-pattern")) {
            String title = view.path("attributes").path("title").asText();
            assertThat(templates).as("no index template has the pattern of data view %s", title).containsKey(title);
            String timeField = view.path("attributes").path("timeFieldName").asText();
            assertThat(typeOf(templates.get(title), timeField)).as("time field %s of %s", timeField, title)
                    .isEqualTo("date");
            assertThat(titles.add(title)).as("two data views for %s", title).isTrue();
        }
        assertThat(titles).containsExactlyInAnyOrderElementsOf(templates.keySet());
    }

    @Test
    void visualizationsReadTheirDataViewAndAggregateOnMappedAggregatableFields() throws IOException {
        for (JsonNode vis : ofType("visualization")) {
            String id = vis.path("id").asText();
            JsonNode attributes = vis.path("attributes");
            JsonNode search = Json.mapper().readTree(attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
            assertThat(search.has("index")).as("%s names its index inline, not by reference", id).isFalse();
            String refName = search.path("indexRefName").asText();
            JsonNode view = resolve(vis, refName, "index-pattern");
            JsonNode properties = templates.get(view.path("attributes").path("title").asText());

            JsonNode state = Json.mapper().readTree(attributes.path("visState").asText());
            assertThat(state.path("title").asText()).as("visState title of %s", id).isEqualTo(attributes.path("title").asText());
            assertThat(state.path("type").asText()).as("type of %s", id).isIn(VIS_TYPES);
            Json.mapper().readTree(attributes.path("uiStateJSON").asText());

            Map<String, String> aggs = new HashMap<>();
            for (JsonNode agg : state.path("aggs")) {
                assertThat(aggs.put(agg.path("id").asText(), agg.path("type").asText())).as("agg id %s twice in %s",
                        agg.path("id"), id).isNull();
            }
            assertThat(aggs).as("aggs of %s", id).isNotEmpty();
            for (JsonNode agg : state.path("aggs")) {
                checkAgg(id, agg, properties, aggs);
            }
            for (JsonNode series : state.path("params").path("seriesParams")) {
                assertThat(aggs).as("series of %s", id).containsKey(series.path("data").path("id").asText());
            }
        }
    }

    @Test
    void theDashboardShowsEveryVisualizationOnceOnTheGrid() throws IOException {
        List<JsonNode> dashboards = ofType("dashboard");
        assertThat(dashboards).hasSize(1);
        JsonNode dashboard = dashboards.get(0);
        JsonNode panels = Json.mapper().readTree(dashboard.path("attributes").path("panelsJSON").asText());
        Json.mapper().readTree(dashboard.path("attributes").path("optionsJSON").asText());
        Json.mapper().readTree(dashboard.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());

        Set<String> shown = new HashSet<>();
        Set<String> panelIds = new HashSet<>();
        Set<String> refNames = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : panels) {
            String refName = panel.path("panelRefName").asText();
            assertThat(refNames.add(refName)).as("panelRefName %s twice", refName).isTrue();
            JsonNode vis = resolve(dashboard, refName, "visualization");
            assertThat(shown.add(vis.path("id").asText())).as("%s shown twice", vis.path("id")).isTrue();
            assertThat(panelIds.add(panel.path("panelIndex").asText())).as("panelIndex twice").isTrue();
            JsonNode g = panel.path("gridData");
            assertThat(g.path("i").asText()).isEqualTo(panel.path("panelIndex").asText());
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(box[0]).isNotNegative();
            assertThat(box[2]).isPositive();
            assertThat(box[3]).isPositive();
            assertThat(box[0] + box[2]).as("panel %s is wider than the grid", refName).isLessThanOrEqualTo(GRID_COLUMNS);
            for (int[] other : boxes) {
                boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
                        || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
                assertThat(apart).as("panel %s overlaps another", refName).isTrue();
            }
            boxes.add(box);
        }
        assertThat(dashboard.path("references")).as("references no panel uses").hasSameSizeAs(panels);
        assertThat(shown).containsExactlyInAnyOrderElementsOf(ofType("visualization").stream()
                .map(v -> v.path("id").asText()).toList());
    }

    @Test
    void topicsAndAlertsAreBrokenDownByCategoryAndTopicsCountedOncePerTopic() throws IOException {
        Map<String, JsonNode> byCategory = new HashMap<>();
        for (JsonNode vis : ofType("visualization")) {
            JsonNode state = Json.mapper().readTree(vis.path("attributes").path("visState").asText());
            for (JsonNode agg : state.path("aggs")) {
                if (agg.path("type").asText().equals("terms") && agg.path("params").path("field").asText().equals("category_cn")) {
                    String view = resolve(vis, "kibanaSavedObjectMeta.searchSourceJSON.index", "index-pattern")
                            .path("attributes").path("title").asText();
                    byCategory.put(view, state);
                }
            }
        }
        assertThat(byCategory).containsOnlyKeys("topics-*", "alerts-*");
        // a topic has one snapshot per window: counting documents would weigh long-lived topics by their age
        assertThat(byCategory.get("topics-*").path("aggs")).anySatisfy(agg -> {
            assertThat(agg.path("type").asText()).isEqualTo("cardinality");
            assertThat(agg.path("params").path("field").asText()).isEqualTo("topic_id");
        });
    }

    @Test
    void everyReferenceInTheFileResolvesInTheFile() {
        for (JsonNode o : objects) {
            for (JsonNode ref : o.path("references")) {
                assertThat(byId).as("%s refers to %s %s, which is not in %s", o.path("id"), ref.path("type"),
                        ref.path("id"), NDJSON).containsKey(ref.path("type").asText() + "/" + ref.path("id").asText());
            }
        }
    }

    @Test
    void fieldLookupFindsObjectPropertiesAndMultiFieldsAndNothingElse() {
        JsonNode posts = templates.get("posts-*");
        JsonNode topics = templates.get("topics-*");
        assertThat(typeOf(posts, "author.id")).isEqualTo("keyword");
        assertThat(typeOf(posts, "text")).isEqualTo("text");
        assertThat(typeOf(topics, "title.raw")).isEqualTo("keyword");
        assertThat(typeOf(topics, "title")).isEqualTo("text");
        assertThat(typeOf(posts, "no_such_field")).isNull();
        assertThat(typeOf(posts, "author.nobody")).isNull();
        assertThat(typeOf(posts, "author")).isNull();
    }

    private static void checkAgg(String vis, JsonNode agg, JsonNode properties, Map<String, String> aggs) {
        String type = agg.path("type").asText();
        if (type.equals("count")) {
            return;
        }
        String field = agg.path("params").path("field").asText();
        String mapped = typeOf(properties, field);
        assertThat(mapped).as("%s aggregates (%s) on %s, which the template does not map", vis, type, field).isNotNull();
        assertThat(AGGREGATABLE).as("%s aggregates on %s, mapped as %s", vis, field, mapped).contains(mapped);
        switch (type) {
            case "date_histogram" -> assertThat(mapped).as("%s: date_histogram on %s", vis, field).isIn("date", "date_nanos");
            case "max", "min", "avg", "sum" -> assertThat(NUMERIC).as("%s: %s on %s (%s)", vis, type, field, mapped)
                    .contains(mapped);
            case "cardinality" -> {
                // distinct values of any aggregatable field (a topic's snapshots counted once)
            }
            case "terms" -> {
                String orderBy = agg.path("params").path("orderBy").asText();
                if (!orderBy.equals("_key")) {
                    assertThat(aggs).as("%s orders %s by agg %s", vis, field, orderBy).containsKey(orderBy);
                }
            }
            default -> fail("%s uses agg type %s, which this test does not know", vis, type);
        }
    }

    /** The mapping type of a dotted field path (object properties and multi-fields), or null. */
    static String typeOf(JsonNode properties, String path) {
        JsonNode node = null;
        JsonNode level = properties;
        for (String part : path.split("\\.")) {
            if (level == null || !level.has(part)) {
                return null;
            }
            node = level.get(part);
            level = node.has("properties") ? node.get("properties") : node.get("fields");
        }
        return node == null || !node.has("type") || !node.path("doc_values").asBoolean(true)
                ? null : node.get("type").asText();
    }

    /** The object {@code from}'s reference {@code name} points at, which must be of {@code type} and in the file. */
    private static JsonNode resolve(JsonNode from, String name, String type) {
        assertThat(name).as("%s: empty reference name", from.path("id")).isNotBlank();
        for (JsonNode ref : from.path("references")) {
            if (ref.path("name").asText().equals(name)) {
                assertThat(ref.path("type").asText()).as("%s: reference %s", from.path("id"), name).isEqualTo(type);
                JsonNode target = byId.get(type + "/" + ref.path("id").asText());
                assertThat(target).as("%s: reference %s to %s %s is not in %s", from.path("id"), name, type,
                        ref.path("id"), NDJSON).isNotNull();
                return target;
            }
        }
        return fail("%s has no reference named %s", from.path("id"), name);
    }

    private static List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = KibanaSavedObjectsTest.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath");
        }
        return in;
    }
}
