package io.yuqing.radar.local.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Spoils a generated post the ways real exports are spoilt, so the demo exercises the dead-letter
 * path: cut-off JSON, no id, an unreadable timestamp, bytes that are not UTF-8.
 */
final class Malformer {
    /** The ways a record is spoilt; the enrich job should name each one in its dead letter. */
    enum Defect { TRUNCATED_JSON, MISSING_ID, BAD_TIMESTAMP, INVALID_UTF8 }

    private static final String[] BAD_TIMES = {"昨天 12:30", "2024-13-45 25:61:00", "刚刚", "07月23日 11:47", ""};
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};

    private Malformer() {}

    static FeedRecord spoil(Post post, SplittableRandom rng) {
        Defect defect = Defect.values()[rng.nextInt(Defect.values().length)];
        byte[] good = Json.toBytes(post);
        return switch (defect) {
            case TRUNCATED_JSON -> new FeedRecord(post.createdAt(), post.id(),
                    Arrays.copyOf(good, Math.max(1, good.length / 2)));
            case MISSING_ID -> {
                ObjectNode tree = Json.mapper().valueToTree(post);
                tree.remove("id");
                yield new FeedRecord(post.createdAt(), null, Json.toBytes(tree));
            }
            case BAD_TIMESTAMP -> {
                ObjectNode tree = Json.mapper().valueToTree(post);
                tree.put("created_at", BAD_TIMES[rng.nextInt(BAD_TIMES.length)]);
                yield new FeedRecord(post.createdAt(), post.id(), Json.toBytes(tree));
            }
            case INVALID_UTF8 -> new FeedRecord(post.createdAt(), post.id(), withBadBytes(good));
        };
    }

    /** Puts bytes that no UTF-8 decoder accepts just inside the text's opening quote. */
    private static byte[] withBadBytes(byte[] json) {
        byte[] marker = "\"text\":\"".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(json, marker);
        int cut = at < 0 ? json.length / 2 : at + marker.length;
        byte[] out = new byte[json.length + NOT_UTF8.length];
        System.arraycopy(json, 0, out, 0, cut);
        System.arraycopy(NOT_UTF8, 0, out, cut, NOT_UTF8.length);
        System.arraycopy(json, cut, out, cut + NOT_UTF8.length, json.length - cut);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
