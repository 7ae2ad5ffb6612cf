package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.jobs.enrich.NormalizedText;
import io.yuqing.radar.jobs.enrich.TextAnalysis;
import io.yuqing.radar.jobs.enrich.TextAnalyzer;
import io.yuqing.radar.jobs.enrich.TextNormalizer;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Platform;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pane-built term windows against Flink's sliding window operator with the job's former
 * window function ({@link TermAggregate}, {@link ScoreTermWindow}), fed the same mentions of real
 * Weibo posts (../shared/data/sentiment, 2020, analysed by the enrich job's own analyser) in the
 * same order under the same watermarks: posts out of order within the job's one-minute bound,
 * and one post in 40 delivered 1 to 15 minutes late, so some mentions miss some of their windows
 * and some miss all. Every term window, its output timestamp and the watermark it fired before
 * must be the same.
 */
class PanedTermWindowsTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration SLIDE = Duration.ofMinutes(1);
    private static final Duration TTL = Duration.ofHours(24);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-07-12T00:00:00Z");
    private static List<Delivery> deliveries;
    /** The watermark after each delivery: every 25 mentions, the newest event time so far less the bound. */
    private static long[] watermarks;

    /** One mention as the window operator receives it: the post's event time, at its place in the stream. */
    private record Delivery(long timestamp, TermMention mention) {}

    /** A term window as it left the operator: after how many watermarks, with which timestamp. */
    private record Emitted(int afterWatermarks, long timestamp, TermWindow window) {}

    @BeforeAll
    static void realPosts() throws Exception {
        TextNormalizer normalizer = new TextNormalizer();
        TextAnalyzer analyzer = new TextAnalyzer();
        Random r = new Random(15);
        List<String> lines = Fixtures.covidWeiboLines();
        List<long[]> order = new ArrayList<>(); // {delivery instant, post index}
        List<EnrichedPost> posts = new ArrayList<>();
        // 3,000 posts over 40 minutes among 400 authors: terms repeat within a window, so bottom-k
        // sets of authors and samples overlap between panes
        for (int i = 1; i < lines.size() && posts.size() < 3000; i++) {
            String[] f = lines.get(i).split("\t", 3);
            if (f.length < 3 || f[2].isBlank()) {
                continue;
            }
            NormalizedText n = normalizer.normalize(f[2]);
            TextAnalysis a = analyzer.analyze(n.text());
            Instant at = T0.plusMillis((long) (r.nextDouble() * Duration.ofMinutes(40).toMillis()));
            String author = "user-" + r.nextInt(400);
            posts.add(new EnrichedPost("wb-" + i, Platform.WEIBO, n.text(), null, at, new Author(author, null, null, false),
                    null, 0, 0, 0, null, null, "zh", a.terms(), a.keywords(), n.hashtags(), null, null, a.entities(),
                    null, null, null, null, at));
            long delay = posts.size() % 40 == 0 ? 60_000 + r.nextInt(14 * 60_000) : r.nextInt(50_000);
            order.add(new long[] {at.toEpochMilli() + delay, posts.size() - 1});
        }
        order.sort(Comparator.comparingLong(o -> o[0]));
        deliveries = new ArrayList<>();
        int max = TopicsParams.defaults().maxTermsPerPost();
        for (long[] o : order) {
            EnrichedPost p = posts.get((int) o[1]);
            List<String> terms = TermExtractor.terms(p, max);
            PostDigest d = PostDigest.of(p, terms);
            for (String t : terms) {
                deliveries.add(new Delivery(p.createdAt().toEpochMilli(), new TermMention(t, d)));
            }
        }
        watermarks = new long[deliveries.size()];
        long newest = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < deliveries.size(); i++) {
            newest = Math.max(newest, deliveries.get(i).timestamp());
            if ((i + 1) % 25 == 0) {
                watermark = Math.max(watermark, newest - OUT_OF_ORDERNESS.toMillis() - 1);
            }
            watermarks[i] = watermark;
        }
    }

    @Test
    void theCandidatesAreTheSlidingWindowsCandidates() throws Exception {
        assertSame(TopicsParams.defaults());
    }

    /** Every window with a mention passes the stage's filter here, so every window is compared. */
    @Test
    void everyWindowIsTheSlidingWindow() throws Exception {
        assertSame(everyWindow(TopicsParams.defaults().sampleSize()));
    }

    /** Samples of 8: most windows' bottom-k sets are full, so merging panes must cut them exactly. */
    @Test
    void everyWindowIsTheSlidingWindowWithSmallSamples() throws Exception {
        assertSame(everyWindow(8));
    }

    @Test
    void thePanesSurviveACheckpointAndRestore() throws Exception {
        TopicsParams p = everyWindow(8);
        List<Emitted> expected = run(sliding(p));
        int half = deliveries.size() / 2;
        List<Emitted> actual;
        OperatorSubtaskState checkpoint;
        int watermarksBefore;
        try (var first = paned(p)) {
            first.open();
            feed(first, 0, half);
            checkpoint = first.snapshot(1, 0);
            actual = new ArrayList<>(emitted(first, 0));
            watermarksBefore = watermarksIn(first);
        }
        try (var restored = paned(p)) {
            restored.initializeState(checkpoint);
            restored.open();
            // where the stream's watermark stood at the checkpoint (emitted again, so counted once)
            restored.processWatermark(watermarks[half - 1]);
            feed(restored, half, deliveries.size());
            restored.processWatermark(Long.MAX_VALUE);
            actual.addAll(emitted(restored, watermarksBefore - 1));
        }
        assertThat(sorted(actual)).isEqualTo(sorted(expected));
    }

    private static void assertSame(TopicsParams p) throws Exception {
        List<Emitted> expected = run(sliding(p));
        List<Emitted> actual = run(paned(p));
        // the stream holds late mentions of both kinds, and windows to compare
        int partlyLate = 0;
        int allLate = 0;
        for (int i = 1; i < deliveries.size(); i++) {
            long ts = deliveries.get(i).timestamp();
            long paneEnd = Math.floorDiv(ts, SLIDE.toMillis()) * SLIDE.toMillis() + SLIDE.toMillis();
            if (paneEnd + WINDOW.toMillis() - SLIDE.toMillis() - 1 <= watermarks[i - 1]) {
                allLate++;
            } else if (paneEnd - 1 <= watermarks[i - 1]) {
                partlyLate++;
            }
        }
        assertThat(partlyLate).isPositive();
        assertThat(allLate).isPositive();
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(sorted(actual)).isEqualTo(sorted(expected));
    }

    private static TopicsParams everyWindow(int sampleSize) {
        TopicsParams d = TopicsParams.defaults();
        return new TopicsParams(d.alpha(), d.burstAlphaFactor(), d.longAlpha(), d.zThreshold(), d.minRatio(),
                d.minAuthors(), 1, Double.NEGATIVE_INFINITY, d.authorsPerCluster(), d.mergeContainment(),
                d.matchOverlap(), d.minTopicTerms(), d.warmup(), d.endAfter(), d.reviveWithin(), sampleSize,
                d.maxTermsPerPost(), d.maxKeywords(), d.slowSpan(), d.slowMinAuthors());
    }

    private static List<Emitted> run(KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> h)
            throws Exception {
        try (h) {
            h.open();
            feed(h, 0, deliveries.size());
            h.processWatermark(Long.MAX_VALUE);
            return emitted(h, 0);
        }
    }

    /** Feeds deliveries {@code from} to {@code to}, each watermark after the delivery it follows. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> h, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            Delivery d = deliveries.get(i);
            h.processElement(new StreamRecord<>(d.mention(), d.timestamp()));
            if (watermarks[i] > (i == 0 ? Long.MIN_VALUE : watermarks[i - 1])) {
                h.processWatermark(watermarks[i]);
            }
        }
    }

    private static int watermarksIn(KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> h) {
        return (int) h.getOutput().stream().filter(o -> o instanceof Watermark).count();
    }

    private static List<Emitted> emitted(KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> h,
                                         int watermarksBefore) {
        List<Emitted> out = new ArrayList<>();
        int watermarks = watermarksBefore;
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark) {
                watermarks++;
            } else if (o instanceof StreamRecord<?> r) {
                out.add(new Emitted(watermarks, r.getTimestamp(), (TermWindow) r.getValue()));
            }
        }
        return out;
    }

    /** Within one watermark's firing, the order of keys is the timer queue's, which neither path defines. */
    private static List<Emitted> sorted(List<Emitted> es) {
        List<Emitted> out = new ArrayList<>(es);
        out.sort(Comparator.comparingInt(Emitted::afterWatermarks).thenComparingLong(Emitted::timestamp)
                .thenComparing(e -> e.window().term()));
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> paned(TopicsParams p)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PanedTermWindows(p, WINDOW, SLIDE, TTL)), TermMention::term, Types.STRING);
    }

    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> sliding(TopicsParams p)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<TermMention> in = env.fromData(List.of(deliveries.get(0).mention()), JsonTypeInfo.of(TermMention.class));
        DataStream<TermWindow> out = in.keyBy(TermMention::term, Types.STRING)
                .window(SlidingEventTimeWindows.of(WINDOW, SLIDE))
                .aggregate(new TermAggregate(p.sampleSize()), new ScoreTermWindow(p, WINDOW, SLIDE, TTL),
                        JsonTypeInfo.of(TermAcc.class), JsonTypeInfo.of(TermAcc.class), TermWindowTypeInfo.INSTANCE);
        var t = (OneInputTransformation<TermMention, TermWindow>) out.getTransformation();
        OneInputStreamOperator<TermMention, TermWindow> op = (OneInputStreamOperator<TermMention, TermWindow>)
                ((SimpleOperatorFactory<TermWindow>) t.getOperatorFactory()).getOperator();
        return new KeyedOneInputStreamOperatorTestHarness<>(op, TermMention::term, Types.STRING);
    }
}
