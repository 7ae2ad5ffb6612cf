package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.enrich.NormalizedText;
import io.yuqing.radar.jobs.enrich.TextAnalysis;
import io.yuqing.radar.jobs.enrich.TextAnalyzer;
import io.yuqing.radar.jobs.enrich.TextNormalizer;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Term baselines expire on event time: real Weibo posts (../shared/data/sentiment, analysed by
 * the enrich job's own analyser) in half an hour, then a day of other posts, then the half hour's
 * most frequent term again. The operator runs in the test harness, whose processing time never
 * moves, as in a replay: only event time can expire anything here.
 */
class PanedTermWindowsExpiryTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration SLIDE = Duration.ofMinutes(1);
    private static final Duration TTL = Duration.ofHours(24);
    private static final Instant T0 = Instant.parse("2026-07-12T00:00:00Z");
    /** The watermark trails the newest post by the job's out-of-orderness bound. */
    private static final long OUT_OF_ORDERNESS = Duration.ofMinutes(1).toMillis();
    /** 600 posts in the first 30 minutes, among 400 authors. */
    private static List<EnrichedPost> first;
    /** The most frequent term of the first half hour. */
    private static String term;
    /** 1,000 other posts of the data set, without {@link #term}. */
    private static List<Analysed> later;
    /** 8 posts of the first half hour with {@link #term}. */
    private static List<Analysed> termPosts;

    /**
     * The first half hour, then the 1,000 later posts evenly from 2h10 to {@code ttl} + 1h (every
     * term of theirs seen within the TTL of the end), then {@link #term} again an hour later, by 8
     * new authors.
     */
    private record Stream(List<EnrichedPost> first, List<EnrichedPost> day, List<EnrichedPost> again, Instant back) {
        static Stream over(Duration ttl) {
            Instant from = T0.plus(Duration.ofMinutes(130));
            long span = ttl.plusHours(1).minusMinutes(130).toMillis();
            List<EnrichedPost> day = new ArrayList<>();
            for (int i = 0; i < later.size(); i++) {
                day.add(later.get(i).post(from.plusMillis(span * i / later.size()), "user-" + i % 400));
            }
            Instant back = T0.plus(ttl).plus(Duration.ofHours(2));
            List<EnrichedPost> again = new ArrayList<>();
            for (int i = 0; i < termPosts.size(); i++) {
                again.add(termPosts.get(i).post(back.plusSeconds(i), "new-user-" + i));
            }
            return new Stream(PanedTermWindowsExpiryTest.first, day, again, back);
        }

        Set<String> dayTerms() {
            Set<String> out = new HashSet<>();
            day.forEach(p -> out.addAll(terms(p)));
            return out;
        }

        Set<String> allTerms() {
            Set<String> out = dayTerms();
            first.forEach(p -> out.addAll(terms(p)));
            return out;
        }
    }

    @BeforeAll
    static void realPosts() throws Exception {
        TextNormalizer normalizer = new TextNormalizer();
        TextAnalyzer analyzer = new TextAnalyzer();
        List<String> lines = Fixtures.covidWeiboLines();
        List<Analysed> posts = new ArrayList<>();
        for (int i = 1; i < lines.size() && posts.size() < 1800; i++) {
            String[] f = lines.get(i).split("\t", 3);
            if (f.length < 3 || f[2].isBlank()) {
                continue;
            }
            NormalizedText n = normalizer.normalize(f[2]);
            posts.add(new Analysed("wb-" + i, n, analyzer.analyze(n.text())));
        }
        first = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 600; i++) {
            EnrichedPost p = posts.get(i).post(T0.plusSeconds(3L * i), "user-" + i % 400);
            first.add(p);
            terms(p).forEach(t -> counts.merge(t, 1, Integer::sum));
        }
        term = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        later = posts.subList(600, posts.size()).stream()
                .filter(p -> !terms(p.post(T0, "user")).contains(term)).limit(1000).toList();
        Assumptions.assumeTrue(later.size() == 1000, "too few posts without " + term);
        termPosts = new ArrayList<>();
        for (int i = 0; i < 600 && termPosts.size() < 8; i++) {
            if (terms(first.get(i)).contains(term)) {
                termPosts.add(posts.get(i));
            }
        }
    }

    /**
     * A day after its last sighting (the default TTL), the term is scored exactly as a term the
     * stream never held, and the baselines of the first half hour's terms not seen since have
     * left the state.
     */
    @Test
    void aTermUnseenForTheTtlOfEventTimeIsNewAgainAndItsBaselineIsGone() throws Exception {
        Stream s = Stream.over(TTL);
        Run seen = run(s, TTL, true, false);
        // after the day: only the day's terms keep a baseline (its posts start 2h10 in, so every
        // one was seen within the TTL), each with one expiry timer and nothing else pending
        assertThat(seen.entriesAfterDay).isEqualTo(s.dayTerms().size()).isLessThan(s.allTerms().size());
        assertThat(seen.timersAfterDay).isEqualTo(s.dayTerms().size());
        assertThat(seen.windows).hasSize((int) (WINDOW.toMillis() / SLIDE.toMillis()));
        assertThat(seen.windows).isEqualTo(run(s, TTL, false, false).windows);
        assertThat(seen.windows.get(0).bursting()).as("z %.2f", seen.windows.get(0).score()).isTrue();

        // with a TTL beyond the day nothing expires (a day's EWMA decay leaves this term's baseline
        // scoring as a new term's all the same: the state is what the expiry saves at this TTL)
        Run kept = run(s, TTL.multipliedBy(2), true, false);
        assertThat(kept.entriesAfterDay).isEqualTo(s.allTerms().size());
    }

    /**
     * At a TTL of 6 hours a kept baseline would still damp the term's score (its long-run mean
     * decays by only 0.995 a window): expired, it scores as a term never seen.
     */
    @Test
    void atAShortTtlTheExpiredTermScoresAsNewWhereAKeptBaselineWouldNot() throws Exception {
        Duration ttl = Duration.ofHours(6);
        Stream s = Stream.over(ttl);
        Run seen = run(s, ttl, true, false);
        assertThat(seen.entriesAfterDay).isEqualTo(s.dayTerms().size());
        assertThat(seen.windows).isEqualTo(run(s, ttl, false, false).windows);
        Run kept = run(s, ttl.multipliedBy(2), true, false);
        assertThat(kept.entriesAfterDay).isEqualTo(s.allTerms().size());
        assertThat(kept.windows.get(0).score()).isLessThan(run(s, ttl.multipliedBy(2), false, false).windows.get(0).score());
    }

    /** The expiry timers are keyed state's timers: a checkpoint in the middle of the day keeps them. */
    @Test
    void theExpiryTimersSurviveACheckpointAndRestore() throws Exception {
        Stream s = Stream.over(TTL);
        Run straight = run(s, TTL, true, false);
        Run restored = run(s, TTL, true, true);
        assertThat(restored.entriesAfterDay).isEqualTo(straight.entriesAfterDay);
        assertThat(restored.timersAfterDay).isEqualTo(straight.timersAfterDay);
        assertThat(restored.windows).isEqualTo(straight.windows);
    }

    /** Baselines in a savepoint from before the expiry timers read as having none armed. */
    @Test
    void aBaselineWrittenBeforeTheTimersReadsWithNoneArmed() {
        TermBaseline old = Json.fromString(
                "{\"mean\":2.5,\"variance\":1.5,\"long_mean\":2.0,\"windows\":40,\"last_window\":29720160,\"recent\":[3,2]}",
                TermBaseline.class);
        assertThat(old).isEqualTo(new TermBaseline(2.5, 1.5, 2.0, 40, 29720160, List.of(3L, 2L)));
        assertThat(old.expiryTimer()).isZero();
    }

    /** What a run left: state after the day, and the term's windows when it is back. */
    private record Run(int entriesAfterDay, int timersAfterDay, List<TermWindow> windows) {}

    /**
     * @param ttl      the operator's
     * @param withTerm whether the first half hour's posts mention {@link #term} (else the stream
     *                 never held it until it is back)
     * @param restore  whether to checkpoint halfway through the day and go on in a restored operator
     */
    private static Run run(Stream s, Duration ttl, boolean withTerm, boolean restore) throws Exception {
        var h = harness(ttl);
        try {
            h.open();
            feed(h, s.first, withTerm);
            int half = s.day.size() / 2;
            feed(h, s.day.subList(0, half), true);
            if (restore) {
                OperatorSubtaskState checkpoint = h.snapshot(1, 0);
                h.close();
                h = harness(ttl);
                h.initializeState(checkpoint);
                h.open();
            }
            feed(h, s.day.subList(half, s.day.size()), true);
            h.processWatermark(s.back.toEpochMilli() - 1);
            int entries = h.numKeyedStateEntries();
            int timers = h.numEventTimeTimers();
            h.getOutput().clear();
            feed(h, s.again, true);
            h.processWatermark(s.back.plus(Duration.ofHours(1)).toEpochMilli());
            List<TermWindow> windows = h.extractOutputValues().stream().filter(w -> w.term().equals(term))
                    .sorted(Comparator.comparing(TermWindow::windowEnd)).toList();
            return new Run(entries, timers, windows);
        } finally {
            h.close();
        }
    }

    /** The posts' mentions in time order, the watermark after each post. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> h,
                             List<EnrichedPost> posts, boolean withTerm) throws Exception {
        for (EnrichedPost p : posts) {
            List<String> terms = terms(p);
            PostDigest d = PostDigest.of(p, terms);
            for (String t : terms) {
                if (withTerm || !t.equals(term)) {
                    h.processElement(new TermMention(t, d), p.createdAt().toEpochMilli());
                }
            }
            h.processWatermark(p.createdAt().toEpochMilli() - OUT_OF_ORDERNESS - 1);
        }
    }

    private static List<String> terms(EnrichedPost p) {
        return TermExtractor.terms(p, TopicsParams.defaults().maxTermsPerPost());
    }

    /** A post of the data set, analysed once, posted at any time by anyone. */
    private record Analysed(String id, NormalizedText n, TextAnalysis a) {
        EnrichedPost post(Instant at, String author) {
            return new EnrichedPost(id + "@" + at.toEpochMilli() + "-" + author, Platform.WEIBO, n.text(), null, at,
                    new Author(author, null, null, false), null, 0, 0, 0, null, null, "zh", a.terms(), a.keywords(),
                    n.hashtags(), null, null, a.entities(), null, null, null, null, at);
        }
    }

    /** Every window passes the candidate filter (support 1, any score), so every window of the term is seen. */
    private static KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> harness(Duration ttl)
            throws Exception {
        TopicsParams d = TopicsParams.defaults();
        TopicsParams p = new TopicsParams(d.alpha(), d.burstAlphaFactor(), d.longAlpha(), d.zThreshold(), d.minRatio(),
                d.minAuthors(), 1, Double.NEGATIVE_INFINITY, d.authorsPerCluster(), d.mergeContainment(),
                d.matchOverlap(), d.minTopicTerms(), d.warmup(), d.endAfter(), d.reviveWithin(), d.sampleSize(),
                d.maxTermsPerPost(), d.maxKeywords(), d.slowSpan(), d.slowMinAuthors());
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PanedTermWindows(p, WINDOW, SLIDE, ttl)), TermMention::term, Types.STRING);
    }
}
