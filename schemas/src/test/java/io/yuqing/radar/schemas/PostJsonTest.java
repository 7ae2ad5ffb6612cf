package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Post's JSON mapping: unknown fields survive, created_at is read in every allowed form. */
class PostJsonTest {

    private static final String WITH_UNKNOWN_FIELDS = """
            {"id":"5082731946501234","platform":"weibo","text":"雨太大了，地铁停运",
             "created_at":"2026-07-12T08:17:42+08:00",
             "source_app":"iPhone客户端",
             "geo":{"type":"Point","coordinates":[113.3245,23.1372],"poi":{"name":"某广场","id":null}},
             "pic_ids":["a1","b2"],
             "is_long_text":false,
             "edit_count":0,
             "ad_marker":null,
             "author":{"id":"u-1","name":"路人甲","followers":10,"verified":false,"avatar":"https://example.com/a.png"}}
            """;

    @Test
    void unknownFieldsAreKeptAndWrittenBackUnchanged() throws Exception {
        Post post = Json.fromString(WITH_UNKNOWN_FIELDS, Post.class);

        assertThat(post.extra()).containsOnlyKeys("source_app", "geo", "pic_ids", "is_long_text", "edit_count", "ad_marker");
        assertThat(post.extra().get("source_app").asText()).isEqualTo("iPhone客户端");
        assertThat(post.extra().get("geo").at("/poi/name").asText()).isEqualTo("某广场");
        assertThat(post.extra().get("ad_marker").isNull()).isTrue();
        // the same input always writes the same bytes
        assertThat(Json.toString(Json.fromString(WITH_UNKNOWN_FIELDS, Post.class))).isEqualTo(Json.toString(post));
        // known fields are not duplicated into extra
        assertThat(post.text()).isEqualTo("雨太大了，地铁停运");

        JsonNode in = Json.mapper().readTree(WITH_UNKNOWN_FIELDS);
        JsonNode out = Json.mapper().readTree(Json.toString(post));
        // Only top-level unknown fields are kept; author is a plain record (its "avatar" is dropped).
        ((ObjectNode) in.get("author")).remove("avatar");
        assertThat(out).isEqualTo(in);
        assertThat(out.has("extra")).isFalse();
        assertThat(out.has("extra_fields")).isFalse();
        assertThat(SchemaSupport.validate(SchemaSupport.POST, out)).isEmpty();

        // and a post built in code writes its extra fields at the top level
        Post built = new Post("1", Platform.NEWS, "正文", Instant.parse("2026-07-12T00:00:00Z"), null, null,
                null, null, null, null, null, null, "标题", null,
                Map.of("source_app", Json.mapper().getNodeFactory().textNode("网页版")));
        assertThat(Json.toString(built)).isEqualTo(
                "{\"id\":\"1\",\"platform\":\"news\",\"text\":\"正文\",\"created_at\":\"2026-07-12T08:00:00+08:00\","
                        + "\"title\":\"标题\",\"source_app\":\"网页版\"}");
        assertThat(Json.fromString(Json.toString(built), Post.class)).isEqualTo(built);
    }

    @Test
    void postWithoutUnknownFieldsHasAnEmptyExtra() {
        Post post = Json.fromString("{\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"x\",\"created_at\":0}", Post.class);
        assertThat(post.extra()).isEmpty();
        assertThat(new Post("1", Platform.WEIBO, "x", Instant.EPOCH, null, null, null, null, null, null, null,
                null, null, null, null).extra()).isEmpty();
    }

    @Test
    void createdAtIsReadFromEpochMillisAndIsoWithZOrOffset() {
        Instant expected = Instant.parse("2026-07-12T00:17:42Z");
        for (String createdAt : new String[] {
                "1783815462000",
                "\"2026-07-12T00:17:42Z\"",
                "\"2026-07-12T08:17:42+08:00\"",
                "\"2026-07-11T20:17:42-04:00\"",
                "\"2026-07-12T08:17:42.000+08:00\""}) {
            String json = "{\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"积水\",\"created_at\":" + createdAt + "}";
            assertThat(SchemaSupport.validate(SchemaSupport.POST, Json.fromString(json, JsonNode.class)))
                    .as(createdAt).isEmpty();
            Post post = Json.fromString(json, Post.class);
            assertThat(post.createdAt()).as(createdAt).isEqualTo(expected);
            // always written back in China time
            assertThat(Json.mapper().valueToTree(post).get("created_at").asText())
                    .isEqualTo("2026-07-12T08:17:42+08:00");
        }
        assertThat(expected.toEpochMilli()).isEqualTo(1783815462000L);
    }

    @Test
    void createdAtInAnotherShapeIsRefusedByTheReader() {
        assertThatThrownBy(() -> Json.fromString(
                "{\"id\":\"1\",\"platform\":\"weibo\",\"text\":\"x\",\"created_at\":\"2026-07-12 08:17:42\"}", Post.class))
                .hasMessageContaining("expected ISO-8601 with offset or epoch millis");
    }

    @Test
    void plainRepostIsRecognised() {
        Post repost = Json.fromString(
                "{\"id\":\"2\",\"platform\":\"weibo\",\"text\":\"\",\"created_at\":0,\"repost_of\":\"1\"}", Post.class);
        assertThat(repost.isPlainRepost()).isTrue();
        Post comment = Json.fromString(
                "{\"id\":\"3\",\"platform\":\"weibo\",\"text\":\"转发理由\",\"created_at\":0,\"repost_of\":\"1\"}", Post.class);
        assertThat(comment.isPlainRepost()).isFalse();
    }
}
