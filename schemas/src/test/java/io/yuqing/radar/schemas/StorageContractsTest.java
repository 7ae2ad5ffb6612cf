package io.yuqing.radar.schemas;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Risk levels, the HBase posts row key and the Elasticsearch posts index name. */
class StorageContractsTest {

    @Test
    void riskLevelsAreOrderedLowestFirstWithTheirChineseNames() {
        assertThat(RiskLevel.values()).containsExactly(RiskLevel.BLUE, RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED);
        assertThat(RiskLevel.BLUE.compareTo(RiskLevel.RED)).isNegative();
        assertThat(RiskLevel.ORANGE).isGreaterThan(RiskLevel.YELLOW);
        assertThat(RiskLevel.BLUE.chinese()).isEqualTo("一般");
        assertThat(RiskLevel.YELLOW.chinese()).isEqualTo("较大");
        assertThat(RiskLevel.ORANGE.chinese()).isEqualTo("重大");
        assertThat(RiskLevel.RED.chinese()).isEqualTo("特别重大");
        for (RiskLevel l : RiskLevel.values()) {
            assertThat(Json.toString(l)).isEqualTo("\"" + l.name().toLowerCase() + "\"");
            assertThat(Json.fromString(Json.toString(l), RiskLevel.class)).isEqualTo(l);
        }
    }

    @Test
    void rowKeyIsStableAndSaltedWithTwoHexDigits() {
        // MD5("5082731946501234") begins with these two hex digits; the key must never change,
        // or re-written posts would land on new rows.
        String key = PostsTable.rowKeyString("5082731946501234");
        assertThat(key).isEqualTo(PostsTable.rowKeyString("5082731946501234"));
        assertThat(key).matches("[0-9a-f]{2}\\|5082731946501234");
        assertThat(key).isEqualTo(expectedSalt("5082731946501234") + "|5082731946501234");
        assertThat(PostsTable.rowKey("5082731946501234")).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
        // pinned: a regression in the salt function would silently split every post's history
        assertThat(PostsTable.rowKeyString("abc")).isEqualTo("90|abc");
        assertThat(PostsTable.rowKeyString("微博")).startsWith(expectedSalt("微博") + "|");

        Set<String> salts = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String k = PostsTable.rowKeyString(Long.toString(5_082_731_946_500_000L + i));
            String salt = k.substring(0, 2);
            assertThat(Integer.parseInt(salt, 16)).isBetween(0x00, 0xff);
            salts.add(salt);
        }
        assertThat(salts).as("sequential ids spread over all 256 buckets").hasSize(256);

        byte[][] splits = PostsTable.splitKeys();
        assertThat(splits).hasNumberOfRows(15);
        assertThat(new String(splits[0], StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(new String(splits[14], StandardCharsets.UTF_8)).isEqualTo("f");
    }

    private static String expectedSalt(String id) {
        try {
            byte b = java.security.MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8))[0];
            return String.format("%02x", b & 0xff);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void postsIndexUsesChinaTime() {
        // 16:30 UTC on 30 November is 00:30 on 1 December in China
        assertThat(PostsIndex.indexFor("posts", Instant.parse("2026-11-30T16:30:00Z"))).isEqualTo("posts-2026.12");
        assertThat(PostsIndex.indexFor("posts", Instant.parse("2026-11-30T15:59:59Z"))).isEqualTo("posts-2026.11");
        assertThat(PostsIndex.indexFor("posts", Instant.parse("2026-12-31T16:00:00Z"))).isEqualTo("posts-2027.01");
        assertThat(PostsIndex.indexFor(PostsIndex.DEFAULT_PREFIX, Instant.parse("2013-07-15T21:59:29Z")))
                .isEqualTo("posts-2013.07");
        assertThat(PostsIndex.pattern("posts")).isEqualTo("posts-*");
    }
}
