package io.yuqing.radar.bench;

import io.yuqing.radar.jobs.enrich.dedup.NearDuplicateIndex;
import io.yuqing.radar.jobs.enrich.dedup.NearDuplicates;
import io.yuqing.radar.jobs.enrich.dedup.SimHash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How SimHash separates copies from unrelated posts on the real sample: the share of edited
 * copies of real posts that stay within {@value NearDuplicateIndex#MAX_DISTANCE} bits, and the
 * number of post pairs from different CED events that land that close (false merges).
 */
final class SimHashQuality {
    private SimHashQuality() {}

    static void print(CedSample sample) {
        SimHash sh = new SimHash();
        List<String> texts = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < sample.texts().size(); i++) {
            String t = sample.texts().get(i);
            sh.hash(t);
            if (sh.contentChars() >= 30) {
                texts.add(t);
                events.add(sample.events().get(i));
            }
        }
        Map<String, UnaryOperator<String>> edits = new LinkedHashMap<>();
        edits.put("转发微博 + copy", t -> "转发微博 " + t);
        edits.put("copy + //@name: chain, emoticons", t -> t + " //@某某用户: //@另一个用户:[怒][泪]");
        edits.put("copy + 2 Han chars (顶起)", t -> t + "顶起");
        edits.put("copy + 4 Han chars inside", t -> t.substring(0, t.length() / 2) + "真的假的" + t.substring(t.length() / 2));
        edits.put("copy - 2 chars inside", t -> t.substring(0, t.length() / 2 - 1) + t.substring(t.length() / 2 + 1));
        System.out.printf("%nnear-duplicate quality on the %,d sample posts with >= 30 content chars "
                + "(SimHash, bigrams, distance <= %d):%n", texts.size(), NearDuplicateIndex.MAX_DISTANCE);
        for (var e : edits.entrySet()) {
            int within = 0;
            int within6 = 0;
            long sum = 0;
            for (String t : texts) {
                int d = SimHash.distance(sh.hash(t), sh.hash(e.getValue().apply(t)));
                sum += d;
                if (d <= NearDuplicateIndex.MAX_DISTANCE) {
                    within++;
                }
                if (d <= 6) {
                    within6++;
                }
            }
            System.out.printf("  %-36s within 3: %5.1f%%   within 6: %5.1f%%   mean distance %.2f%n", e.getKey(),
                    100.0 * within / texts.size(), 100.0 * within6 / texts.size(), sum / (double) texts.size());
        }
        // distinct texts from different events: pairs this close would be merged wrongly
        Map<String, Integer> firstByText = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            firstByText.putIfAbsent(texts.get(i), i);
        }
        int[] idx = firstByText.values().stream().mapToInt(Integer::intValue).limit(5_000).toArray();
        long[] h = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            h[i] = sh.hash(texts.get(idx[i]));
        }
        long pairs = 0;
        long close = 0;
        long[] histogram = new long[65];
        for (int i = 0; i < idx.length; i++) {
            for (int j = i + 1; j < idx.length; j++) {
                if (!events.get(idx[i]).equals(events.get(idx[j]))) {
                    int d = SimHash.distance(h[i], h[j]);
                    pairs++;
                    histogram[d]++;
                    if (d <= NearDuplicateIndex.MAX_DISTANCE) {
                        close++;
                    }
                }
            }
        }
        long below7 = 0;
        long below10 = 0;
        for (int d = 0; d < 10; d++) {
            below10 += histogram[d];
            below7 += d <= 6 ? histogram[d] : 0;
        }
        System.out.printf("  distinct texts of different events: %,d pairs; within 3 bits: %,d, within 6: %,d, "
                + "within 9: %,d%n", pairs, close, below7, below10);
        System.out.printf("  (posts with fewer than %d content chars get no fingerprint and no cluster look-up)%n",
                NearDuplicates.MIN_CONTENT_CHARS);
    }
}
