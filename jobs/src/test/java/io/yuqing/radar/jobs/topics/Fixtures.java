package io.yuqing.radar.jobs.topics;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built posts and windows for the pure topic tests. */
final class Fixtures {
    static final TopicsParams P = TopicsParams.defaults();
    static final Instant T0 = Instant.parse("2026-07-12T00:00:00Z");

    private Fixtures() {}

    /**
     * The lines of ../shared/data/sentiment/covid_weibo_train.tsv (a header, then label, label and
     * text by tab), read at run time; the calling test is skipped when the data is absent.
     */
    static List<String> covidWeiboLines() throws IOException {
        Path file = TopicsEvaluationTest.sharedData().map(d -> d.resolve("sentiment/covid_weibo_train.tsv")).orElse(null);
        Assumptions.assumeTrue(file != null && Files.isRegularFile(file), "../shared/data/sentiment/covid_weibo_train.tsv not found");
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }


    static PostDigest post(String id, String author, String cluster, String... keywords) {
        return new PostDigest(id, Hashing.hash(id), Hashing.hash(author),
                Hashing.hash(cluster == null ? "post:" + id : "dup:" + cluster), "weibo", "广东省广州市",
                id.hashCode() % 3 == 0, true, false, 1, 2, 3, T0, "https://example.com/" + id,
                String.join("", keywords) + "，现场情况。", List.of(keywords));
    }

    /** {@code p} with {@code names} marked as names (hashtags, places, organisations) among its terms. */
    static PostDigest named(PostDigest p, String... names) {
        int mask = 0;
        for (String n : names) {
            int i = p.keywords().indexOf(n);
            if (i >= 0) {
                mask |= 1 << i;
            }
        }
        return new PostDigest(p.id(), p.hash(), p.authorHash(), p.clusterHash(), p.platform(), p.region(), p.negative(),
                p.original(), p.verified(), p.reposts(), p.comments(), p.likes(), p.createdAt(), p.url(), p.excerpt(),
                p.keywords(), mask);
    }

    /** {@code p} with {@code organizations} marked as the organisations the enrich job recognised among its terms. */
    static PostDigest organised(PostDigest p, String... organizations) {
        int mask = 0;
        for (String n : organizations) {
            int i = p.keywords().indexOf(n);
            if (i >= 0) {
                mask |= 1 << i;
            }
        }
        return new PostDigest(p.id(), p.hash(), p.authorHash(), p.clusterHash(), p.platform(), p.region(), p.negative(),
                p.original(), p.verified(), p.reposts(), p.comments(), p.likes(), p.createdAt(), p.url(), p.excerpt(),
                p.keywords(), p.names() | mask, p.cues(), p.emotion(), mask);
    }

    /** {@code p} telling {@code text}, as an original post or a repost, reposted {@code reposts} times. */
    static PostDigest told(PostDigest p, String text, boolean original, long reposts) {
        return new PostDigest(p.id(), p.hash(), p.authorHash(), p.clusterHash(), p.platform(), p.region(), p.negative(),
                original, p.verified(), reposts, p.comments(), p.likes(), p.createdAt(), p.url(), text, p.keywords(),
                p.names());
    }

    /** The term windows of {@code posts} in one window (all terms, scored with fresh or given baselines). */
    static List<TermWindow> window(List<PostDigest> posts, Instant start, Map<String, TermBaseline> baselines,
                                   boolean warm) {
        Map<String, TermAcc> accs = new LinkedHashMap<>();
        for (PostDigest p : posts) {
            for (String k : p.keywords()) {
                accs.merge(k, TermAcc.EMPTY.add(p, P.sampleSize()), (a, b) -> a.merge(b, P.sampleSize()));
            }
        }
        BurstDetector d = new BurstDetector(P, 0);
        long index = start.toEpochMilli() / 60_000;
        List<TermWindow> out = new ArrayList<>();
        for (Map.Entry<String, TermAcc> e : accs.entrySet()) {
            TermWindow.Scored s = TermWindow.of(e.getKey(), start, start.plusSeconds(600), e.getValue(),
                    baselines.get(e.getKey()), index, warm, d, P.sampleSize());
            baselines.put(e.getKey(), s.baseline());
            out.add(s.window());
        }
        return out;
    }

    /** {@code n} posts of one event by distinct authors, each naming a subset of {@code terms}. */
    static List<PostDigest> event(String prefix, int n, String... terms) {
        List<PostDigest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> kws = new ArrayList<>();
            for (int t = 0; t < terms.length; t++) {
                if ((i + t) % 4 != 0) { // every post names most of the event's terms
                    kws.add(terms[t]);
                }
            }
            out.add(post(prefix + i, prefix + "-author-" + i, null, kws.toArray(String[]::new)));
        }
        return out;
    }
}
