package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A window merged from its panes in one pass is the window aggregated mention by mention. */
class TermAccTest {

    @Test
    void panesMergedInOnePassAreTheWindowAggregatedPostByPost() {
        Random r = new Random(15);
        for (int round = 0; round < 500; round++) {
            int k = round % 2 == 0 ? 1 + r.nextInt(12) : 256;
            // few distinct hashes, so panes share posts, authors and clusters, and reposted ids
            // collide across panes: which digest of a hash survives shows
            int hashes = round % 3 == 0 ? 20 : 2_000;
            int n = 1 + r.nextInt(12);
            TermAcc[] panes = new TermAcc[n];
            TermAcc byPost = TermAcc.EMPTY;
            TermAcc pairwise = null;
            long reposts = 0;
            for (int i = 0; i < n; i++) {
                TermAcc pane = TermAcc.EMPTY;
                int mentions = r.nextInt(4) == 0 ? 0 : r.nextInt(round % 5 == 0 ? 600 : 6);
                for (int m = 0; m < mentions; m++) {
                    PostDigest d = digest(r, hashes, i, m);
                    pane = pane.add(d, k);
                    byPost = byPost.add(d, k);
                    reposts += d.original() ? 0 : 1;
                }
                panes[i] = pane;
                pairwise = pairwise == null ? pane : pairwise.merge(pane, k);
            }
            TermAcc union = TermAcc.union(panes, n, k);
            assertThat(union).isEqualTo(byPost).isEqualTo(pairwise);
            assertThat(union.sample()).containsExactlyElementsOf(byPost.sample());
            assertThat(union.authorCount(k)).isEqualTo(byPost.authorCount(k));
            assertThat(union.clusterCount(k)).isEqualTo(byPost.clusterCount(k));
            // every repost counted, whatever the sample keeps: the slow time scale sums this share
            assertThat(union.reposts()).isEqualTo(reposts);
        }
    }

    @Test
    void readsBackFromItsJsonAsItWas() {
        Random r = new Random(7);
        TermAcc acc = TermAcc.EMPTY;
        for (int m = 0; m < 50; m++) {
            acc = acc.add(digest(r, 40, 0, m), 16);
        }
        byte[] json = Json.toBytes(acc);
        TermAcc back = Json.fromBytes(json, TermAcc.class);
        assertThat(back).isEqualTo(acc);
        assertThat(back.authors()).containsExactlyElementsOf(acc.authors()).isSorted();
        // the sets are written as plain lists of numbers, as when they were List<Long>s
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"authors\":[" + acc.authors().get(0) + ",");
    }

    private static PostDigest digest(Random r, int hashes, int pane, int m) {
        long hash = Hashing.hash("p" + r.nextInt(hashes));
        Instant at = Instant.parse("2026-07-01T03:00:00Z").plusSeconds(60L * pane + r.nextInt(60));
        List<String> keywords = new ArrayList<>(List.of("暴雨"));
        return new PostDigest("p" + pane + "-" + m, hash, Hashing.hash("a" + r.nextInt(hashes)),
                Hashing.hash("c" + r.nextInt(hashes)), "weibo", null, r.nextBoolean(), r.nextInt(3) > 0, false, 0, 0, 0, at,
                null, "pane " + pane + " mention " + m, keywords);
    }
}
