package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

import static io.yuqing.radar.schemas.SchemaSupport.ALERT;
import static io.yuqing.radar.schemas.SchemaSupport.DEAD_LETTER;
import static io.yuqing.radar.schemas.SchemaSupport.ENRICHED_POST;
import static io.yuqing.radar.schemas.SchemaSupport.POST;
import static io.yuqing.radar.schemas.SchemaSupport.exampleObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Messages that break the contract are rejected, each with the error that names the fault. */
class InvalidMessagesTest {

    // --- Post ---------------------------------------------------------------------------------

    @Test
    void postWithoutIdIsRejected() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.remove("id");
        assertRejected(POST, p, "required", "", "id");
    }

    @Test
    void postWithEmptyIdIsRejected() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.put("id", "");
        assertRejected(POST, p, "minLength", "/id", null);
    }

    @Test
    void postWithUnknownPlatformIsRejected() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.put("platform", "twitter");
        assertRejected(POST, p, "enum", "/platform", null);
        assertThatThrownBy(() -> Json.fromBytes(Json.toBytes(p), Post.class))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("unknown platform 'twitter'");
    }

    @Test
    void postWithoutPlatformIsRejected() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.remove("platform");
        assertRejected(POST, p, "required", "", "platform");
    }

    @Test
    void postWithoutCreatedAtIsRejected() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.remove("created_at");
        assertRejected(POST, p, "required", "", "created_at");
    }

    @Test
    void postWhoseCreatedAtIsNotADateIsRejected() {
        for (String bad : new String[] {
                "昨天 10:30",                    // platform display text
                "2026-07-12 08:17:42",           // no T, no offset: the zone is unknown
                "2026-07-12T08:17:42",           // no offset
                "2026-02-30T08:17:42+08:00",     // shaped right, but no such day (format assertion)
                "1752279462000"                  // epoch millis must be a JSON integer, not text
        }) {
            ObjectNode p = exampleObject("post-weibo.json");
            p.put("created_at", bad);
            // anyOf reports the failures of its branches: not a date-time string, not an integer
            assertRejected(POST, p, "format", "/created_at", null);
            assertRejected(POST, p, "type", "/created_at", null);
        }
        ObjectNode p = exampleObject("post-weibo.json");
        p.put("created_at", -1L);
        assertRejected(POST, p, "minimum", "/created_at", null);
        p.put("created_at", true);
        assertRejected(POST, p, "type", "/created_at", null);
    }

    @Test
    void postWithEmptyTextAndNoRepostOfIsRejected() {
        for (String text : new String[] {"", "   ", "\u3000\u3000", "\n"}) {
            ObjectNode p = exampleObject("post-weibo.json");
            p.put("text", text);
            assertRejected(POST, p, "required", "", "repost_of");
        }
        ObjectNode absent = exampleObject("post-weibo.json");
        absent.remove("text");
        assertRejected(POST, absent, "required", "", "repost_of");
    }

    @Test
    void emptyTextIsFineForAPlainRepost() {
        ObjectNode p = exampleObject("post-repost.json");
        p.put("text", "");
        assertThat(SchemaSupport.validate(POST, p)).isEmpty();
        p.remove("repost_of");
        assertRejected(POST, p, "required", "", "repost_of");
    }

    @Test
    void postWithTextOver20000CharactersIsRejected() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.put("text", "水".repeat(20_000));
        assertThat(SchemaSupport.validate(POST, p)).isEmpty();
        p.put("text", "水".repeat(20_001));
        assertRejected(POST, p, "maxLength", "/text", null);
    }

    @Test
    void postWithNegativeCountsOrWrongTypesIsRejected() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.put("reposts", -1);
        assertRejected(POST, p, "minimum", "/reposts", null);
        p = exampleObject("post-weibo.json");
        p.put("likes", "2041");
        assertRejected(POST, p, "type", "/likes", null);
        p = exampleObject("post-weibo.json");
        ((ObjectNode) p.get("author")).put("followers", 12.5);
        assertRejected(POST, p, "type", "/author/followers", null);
    }

    @Test
    void unknownPostFieldsAreAllowed() {
        ObjectNode p = exampleObject("post-weibo.json");
        p.put("is_long_text", true);
        p.putObject("visible").put("type", 0);
        assertThat(SchemaSupport.validate(POST, p)).isEmpty();
    }

    // --- EnrichedPost -------------------------------------------------------------------------

    @Test
    void enrichedPostWithHalfASentimentIsRejected() {
        ObjectNode p = exampleObject("enriched-post.json");
        p.remove("sentiment_score");
        assertRejected(ENRICHED_POST, p, "dependentRequired", "", "sentiment_score");
        p = exampleObject("enriched-post.json");
        p.put("sentiment_score", -1.5);
        assertRejected(ENRICHED_POST, p, "minimum", "/sentiment_score", null);
        p = exampleObject("enriched-post.json");
        p.put("simhash", "9F3A");
        assertRejected(ENRICHED_POST, p, "pattern", "/simhash", null);
    }

    // --- Alert --------------------------------------------------------------------------------

    @Test
    void alertWithLevelRedButLevelCnYibanIsRejected() {
        ObjectNode a = exampleObject("alert-red.json");
        a.put("level_cn", "一般");
        assertRejected(ALERT, a, "const", "/level_cn", null);
    }

    @Test
    void everyLevelAcceptsOnlyItsOwnChineseName() {
        for (RiskLevel level : RiskLevel.values()) {
            for (RiskLevel other : RiskLevel.values()) {
                ObjectNode a = exampleObject("alert-red.json");
                a.put("level", level.json());
                a.put("level_cn", other.chinese());
                if (level == other) {
                    assertThat(SchemaSupport.validate(ALERT, a)).as(level + "/" + other.chinese()).isEmpty();
                } else {
                    assertRejected(ALERT, a, "const", "/level_cn", null);
                }
            }
        }
    }

    @Test
    void alertWithSixSamplePostsIsRejected() {
        ObjectNode a = exampleObject("alert-red.json");
        ArrayNode samples = (ArrayNode) a.get("sample_posts");
        assertThat(samples).hasSize(5);
        samples.addObject().put("id", "5082890000000006").put("excerpt", "第六条");
        assertRejected(ALERT, a, "maxItems", "/sample_posts", null);
        // and the record refuses to carry them
        assertThatThrownBy(() -> Json.fromBytes(Json.toBytes(a), Alert.class))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("at most 5 sample posts");
    }

    @Test
    void alertWithReportSeqZeroIsRejected() {
        ObjectNode a = exampleObject("alert-yellow.json");
        a.put("report_seq", 0);
        assertRejected(ALERT, a, "minimum", "/report_seq", null);
    }

    @Test
    void firstReportHasNoPreviousLevelAndFollowUpsHaveOne() {
        ObjectNode first = exampleObject("alert-yellow.json");
        first.put("previous_level", "blue");
        assertRejected(ALERT, first, "not", "", null);

        ObjectNode followUp = exampleObject("alert-orange.json");
        followUp.remove("previous_level");
        assertRejected(ALERT, followUp, "required", "", "previous_level");
    }

    @Test
    void alertWithUnknownLevelOrNoReasonsIsRejected() {
        ObjectNode a = exampleObject("alert-blue.json");
        a.put("level", "purple");
        assertRejected(ALERT, a, "enum", "/level", null);
        a = exampleObject("alert-blue.json");
        a.putArray("reasons");
        assertRejected(ALERT, a, "minItems", "/reasons", null);
        a = exampleObject("alert-blue.json");
        ((ObjectNode) a.get("reasons").get(0)).remove("threshold");
        assertRejected(ALERT, a, "required", "/reasons/0", "threshold");
        a = exampleObject("alert-blue.json");
        a.put("negative_ratio", 1.2);
        assertRejected(ALERT, a, "maximum", "/negative_ratio", null);
    }

    // --- DeadLetter ---------------------------------------------------------------------------

    @Test
    void deadLetterNeedsAKnownReasonAndTheRawBytes() {
        ObjectNode d = exampleObject("dead-letter.json");
        d.put("reason", "bad_weather");
        assertRejected(DEAD_LETTER, d, "enum", "/reason", null);

        d = exampleObject("dead-letter.json");
        d.remove("raw_base64");
        assertRejected(DEAD_LETTER, d, "required", "", "raw_base64");
        d.put("reason", "message_too_large");
        assertThat(SchemaSupport.validate(DEAD_LETTER, d)).isEmpty();

        d = exampleObject("dead-letter.json");
        d.put("raw_base64", "不是base64");
        assertRejected(DEAD_LETTER, d, "pattern", "/raw_base64", null);
    }

    @Test
    void deadLetterReasonsInTheSchemaAreExactlyTheEnum() {
        JsonNode reasons = SchemaSupport.schemaTree(DEAD_LETTER).at("/properties/reason/enum");
        Set<String> inSchema = new java.util.TreeSet<>();
        reasons.forEach(n -> inSchema.add(n.asText()));
        Set<String> inCode = java.util.Arrays.stream(DeadLetterReason.values())
                .map(DeadLetterReason::json).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(inSchema).isEqualTo(inCode);
    }

    @Test
    void platformsInEverySchemaAreExactlyTheEnum() {
        Set<String> inCode = java.util.Arrays.stream(Platform.values())
                .map(Platform::json).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String[] at : new String[][] {
                {POST, "/properties/platform/enum"},
                {ENRICHED_POST, "/properties/platform/enum"},
                {SchemaSupport.TOPIC_SNAPSHOT, "/properties/platforms/propertyNames/enum"},
                {ALERT, "/properties/platforms/items/enum"}}) {
            Set<String> inSchema = new java.util.TreeSet<>();
            SchemaSupport.schemaTree(at[0]).at(at[1]).forEach(n -> inSchema.add(n.asText()));
            assertThat(inSchema).as(at[0]).isEqualTo(inCode);
        }
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Asserts the instance is invalid and that one error is the {@code keyword} at
     * {@code location} (a JSON Pointer, "" for the message itself), naming {@code property}
     * when given (for required / dependentRequired).
     */
    private static void assertRejected(String schema, JsonNode instance, String keyword, String location, String property) {
        Set<ValidationMessage> errors = SchemaSupport.validate(schema, instance);
        assertThat(errors).as("errors for %s", instance).isNotEmpty();
        String described = errors.stream().map(m -> m.getType() + " @ " + m.getInstanceLocation() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
        assertThat(errors)
                .as("expected %s at %s%s among:%n%s", keyword, location, property == null ? "" : " naming " + property, described)
                .anySatisfy(m -> {
                    assertThat(m.getType()).isEqualTo(keyword);
                    assertThat(m.getInstanceLocation().toString()).isEqualTo(location);
                    if (property != null) {
                        assertThat(m.getMessage()).contains(property);
                    }
                });
    }
}
