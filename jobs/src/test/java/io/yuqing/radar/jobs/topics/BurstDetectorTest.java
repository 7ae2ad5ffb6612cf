package io.yuqing.radar.jobs.topics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.yuqing.radar.jobs.topics.Fixtures.P;
import static io.yuqing.radar.jobs.topics.Fixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

class BurstDetectorTest {
    /** As in the job: a 10-minute window sliding by 1 minute, so supports wait 10 windows before the baseline. */
    private final BurstDetector detector = new BurstDetector(P, 10);

    @Test
    void constantTermNeverBursts() {
        Random r = new Random(7);
        TermBaseline b = null;
        for (long w = 0; w < 500; w++) {
            long support = 50 + r.nextInt(15) - 7; // 今天: always there, Poisson-like noise
            BurstDetector.Score s = detector.score(b, w, support, w >= 30);
            assertThat(s.bursting()).as("window %d support %d z %.2f", w, support, s.z()).isFalse();
            b = s.next();
        }
        assertThat(b.mean()).isBetween(45.0, 55.0);
    }

    @Test
    void frequentTermDoesNotBurstWhileTheWindowsFillUpAtStart() {
        TermBaseline b = null;
        for (long w = 0; w < 300; w++) {
            long support = Math.min(10, w + 1) * 5; // a 10-slide window filling up, then steady
            BurstDetector.Score s = detector.score(b, w, support, w >= 15);
            assertThat(s.bursting()).as("window %d", w).isFalse();
            b = s.next();
        }
    }

    @Test
    void aWarmupNoLongerThanTheWindowDoesNotMakeFrequentWordsBurst() {
        // the job's shortest warm-up: the windows are full from window 9 on, bursting allowed from there
        assertThat(firstBurstAfterStart(true)).isEqualTo(-1);
        // a running mean over the filling windows would settle at about half the full level
        assertThat(firstBurstAfterStart(false)).as("without the filling rule").isNotEqualTo(-1);
    }

    /** Words that people use about once a minute (Poisson, 10 per full 10-minute window), from the stream's start. */
    private int firstBurstAfterStart(boolean fillingRule) {
        int first = -1;
        for (int word = 0; word < 200 && first < 0; word++) {
            first = firstBurst(new Random(word), fillingRule);
        }
        return first;
    }

    private int firstBurst(Random r, boolean fillingRule) {
        TermBaseline b = null;
        for (int w = 0; w < 60; w++) {
            long full = poisson(r, 10);
            long support = w < 9 ? full * (w + 1) / 10 : full;
            BurstDetector.Score s = detector.score(b, 500 + w, support, w >= 9, fillingRule && w < 9);
            if (s.bursting()) {
                return w;
            }
            b = s.next();
        }
        return -1;
    }

    private static long poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        long k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Test
    void intermittentFrequentTermNeverBursts() {
        TermBaseline b = null;
        for (long w = 0; w < 300; w++) {
            long support = w % 3 == 0 ? 0 : 30; // a word present most windows
            if (support == 0) {
                continue; // absent windows are applied lazily
            }
            BurstDetector.Score s = detector.score(b, w, support, w >= 30);
            assertThat(s.bursting()).as("window %d", w).isFalse();
            b = s.next();
        }
    }

    @Test
    void newTermBurstsOnceEnoughAuthorsUseIt() {
        TermBaseline b = null;
        long[] series = {1, 2, 4, 7, 12, 20, 35};
        List<Boolean> decisions = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            BurstDetector.Score s = detector.score(b, 100 + i, series[i], true);
            decisions.add(s.bursting());
            b = s.next();
        }
        // below topics.min-authors (4) it cannot burst; from there on it does
        assertThat(decisions).containsExactly(false, false, true, true, true, true, true);
    }

    @Test
    void aSteadyLowRateTermDoesNotBurstOnAChanceClusterAfterAQuietSpell() {
        // a conversation going on at 1-2 authors a window for three hours, then silent for twenty
        // minutes, then 9 authors in one window: a 1-in-30,000 chance at its rate, which a stream
        // with thousands of such conversations meets every hour. The fast mean has decayed to a
        // third by then; the long-run mean and the Poisson tail keep it from bursting.
        Random r = new Random(3);
        TermBaseline b = null;
        long w = 0;
        for (; w < 180; w++) {
            long support = 1 + r.nextInt(2);
            b = detector.score(b, 100 + w, support, w >= 30).next();
        }
        BurstDetector.Score s = detector.score(b, 100 + w + 20, 9, true);
        assertThat(b.longMean()).isBetween(1.0, 2.0);
        assertThat(s.bursting()).as("z %.2f", s.z()).isFalse();
        // a real burst of the same term still does
        assertThat(detector.score(b, 100 + w + 20, 20, true).bursting()).isTrue();
    }

    @Test
    void aTermNeverSeenNeedsMoreAuthorsInAYoungStream() {
        // forty minutes without a sighting say little about a term's rate, a day says a lot
        BurstDetector d = new BurstDetector(P, 10, 24 * 60);
        assertThat(d.score(null, 1_000, P.minAuthors(), true, false, 40).bursting()).isFalse();
        assertThat(d.score(null, 1_000, P.minAuthors() + 2, true, false, 40).bursting()).isTrue();
        assertThat(d.score(null, 1_000, P.minAuthors(), true, false, 24 * 60).bursting()).isTrue();
        // beyond the horizon (the state TTL) the stream's age proves nothing more
        assertThat(d.neverSeenRate(100_000)).isEqualTo(d.neverSeenRate(24 * 60));
    }

    @Test
    void aSlowCascadeBurstsBecauseTheBaselineLagsBehindTheWindowsItOverlaps() {
        // a source post picked up by one more person every three minutes (10-minute windows, so
        // each window holds the last few): the cascade's own first windows must not become the
        // baseline it is measured against
        long[] support = new long[40];
        for (int i = 0; i < support.length; i++) {
            support[i] = 1 + i / 3;
        }
        assertThat(firstBurst(new BurstDetector(P, 10), support)).isEqualTo(3 * (P.minAuthors() - 1));
        assertThat(firstBurst(new BurstDetector(P, 0), support)).as("without the lag").isEqualTo(-1);
    }

    @Test
    void aBaselineKeepsTheLastWindowsApartAndFoldsThemInOnceOlder() {
        TermBaseline b = null;
        for (long w = 0; w < 12; w++) {
            b = detector.score(b, 100 + w, 6, true).next();
        }
        // twelve windows: ten wait, two are in the EWMA
        assertThat(b.recent()).hasSize(10).containsOnly(6L);
        assertThat(b.mean()).isGreaterThan(0).isLessThan(1);
        // a long absence decays it to nothing and leaves zeros waiting
        TermBaseline after = detector.score(b, 100 + 12 + 5_000, 1, true).next();
        assertThat(after.mean()).isLessThan(1e-6);
        assertThat(after.recent()).hasSize(10).endsWith(1L);
    }

    /** As in the job: the slow time scale of an hour of one-minute slides. */
    private final BurstDetector slowScale = new BurstDetector(P, 10, 24 * 60, 60);

    /**
     * Scores a term window by window from {@code from} in a stream {@code age} slides old at the
     * first: {@code support[i]} authors in window i, the share {@code reposted} of them reposting.
     * Returns the index of the first window that bursts, -1 if none.
     */
    private static int firstBurst(BurstDetector d, TermBaseline b, long from, long age, long[] support, double reposted) {
        for (int i = 0; i < support.length; i++) {
            BurstDetector.Score s = d.score(b, from + i, support[i], support[i] * reposted, true, false, age + i);
            if (s.bursting()) {
                return i;
            }
            b = s.next();
        }
        return -1;
    }

    /** A story passed on by about two accounts every ten minutes: 2 or 3 authors in each 10-minute window. */
    private static long[] trickle(int windows) {
        long[] support = new long[windows];
        for (int i = 0; i < windows; i++) {
            support[i] = 2 + i % 2;
        }
        return support;
    }

    @Test
    void aStoryPassedOnByAFewRepostsEveryTenMinutesBurstsOnTheSlowScale() {
        long[] support = trickle(120);
        assertThat(firstBurst(detector, null, 6_000, 600, support, 1.0)).as("at the window's scale alone").isEqualTo(-1);
        int at = firstBurst(slowScale, null, 6_000, 600, support, 1.0);
        // ten authors' worth of reposts in the decayed hour (fifteen an hour at this rate): about an hour in
        assertThat(at).isBetween(45, 80);
    }

    @Test
    void aCommonWordManyPeopleWriteAtTheSameLowRateIsConversationNotASlowBurst() {
        assertThat(firstBurst(slowScale, null, 6_000, 600, trickle(120), 0.0)).isEqualTo(-1);
        // the same with a few reposts among the posts (a fifth) stays under the slow scale's floor
        assertThat(firstBurst(slowScale, null, 6_000, 600, trickle(120), 0.2)).isEqualTo(-1);
    }

    @Test
    void aTermAtTheSameLevelBeforeTheSpanDoesNotBurstOnTheSlowScale() {
        // seeded in warm-up and steady at 2-3 reposting authors a window for two hours: its level
        // before the span is the trickle's own
        TermBaseline b = null;
        for (long w = 0; w < 150; w++) {
            b = slowScale.score(b, 6_000 + w, 2 + w % 2, 2 + w % 2, w >= 30, false, w + 1).next();
        }
        assertThat(firstBurst(slowScale, b, 6_150, 151, trickle(120), 1.0)).isEqualTo(-1);
    }

    @Test
    void aStoryThatBurstIsNotProlongedByTheSlowScale() {
        // a burst of 30 reposting authors, then its tail of 2-3 a window: the tail keeps the decayed
        // hour above ten authors, but the story is known already (its topic lives on sustaining terms)
        long[] support = new long[100];
        for (int i = 0; i < support.length; i++) {
            support[i] = i < 10 ? 30 : 2 + i % 2;
        }
        TermBaseline b = null;
        List<Integer> bursting = new ArrayList<>();
        for (int i = 0; i < support.length; i++) {
            BurstDetector.Score s = slowScale.score(b, 6_000 + i, support[i], support[i], true, false, 600 + i);
            if (s.bursting()) {
                bursting.add(i);
            }
            b = s.next();
        }
        assertThat(bursting).isNotEmpty().allMatch(i -> i < 20);
        assertThat(b.slow().burst()).isTrue();
    }

    /** Index of the first window that bursts, -1 if none. */
    private static int firstBurst(BurstDetector d, long[] support) {
        TermBaseline b = null;
        for (int i = 0; i < support.length; i++) {
            BurstDetector.Score s = d.score(b, 1_000 + i, support[i], true);
            if (s.bursting()) {
                return i;
            }
            b = s.next();
        }
        return -1;
    }

    @Test
    void rareTermWithFewAuthorsDoesNotBurst() {
        TermBaseline b = null;
        for (long w = 0; w < 50; w++) {
            BurstDetector.Score s = detector.score(b, 100 + w, P.minAuthors() - 1, true);
            assertThat(s.bursting()).isFalse();
            b = s.next();
        }
    }

    @Test
    void termsSeenFirstDuringWarmupOnlySeedTheirBaseline() {
        BurstDetector.Score s = detector.score(null, 0, 200, false);
        assertThat(s.bursting()).isFalse();
        assertThat(s.next().mean()).isEqualTo(200.0);
        assertThat(detector.score(s.next(), 1, 210, true).bursting()).isFalse();
    }

    @Test
    void spamClusterDoesNotBurst() {
        Map<String, TermBaseline> baselines = new HashMap<>();
        List<PostDigest> posts = new ArrayList<>();
        // a copy-paste campaign: 60 posts by 3 accounts ...
        for (int i = 0; i < 60; i++) {
            posts.add(post("spam-a" + i, "bot-" + (i % 3), null, "刷单返利"));
        }
        // ... and 60 accounts pasting one text (one near-duplicate cluster)
        for (int i = 0; i < 60; i++) {
            posts.add(post("spam-b" + i, "sock-" + i, "cluster-1", "免费领取"));
        }
        // a real new term: 20 people in their own words
        for (int i = 0; i < 20; i++) {
            posts.add(post("real" + i, "person-" + i, null, "停电"));
        }
        List<TermWindow> w = Fixtures.window(posts, Fixtures.T0, baselines, true);
        Map<String, TermWindow> byTerm = new HashMap<>();
        w.forEach(t -> byTerm.put(t.term(), t));
        assertThat(byTerm.get("刷单返利").posts()).isEqualTo(60);
        assertThat(byTerm.get("刷单返利").support()).isEqualTo(3);
        assertThat(byTerm.get("刷单返利").bursting()).isFalse();
        assertThat(byTerm.get("免费领取").authors()).isEqualTo(60);
        assertThat(byTerm.get("免费领取").support()).isEqualTo(P.authorsPerCluster());
        assertThat(byTerm.get("免费领取").bursting()).isFalse();
        assertThat(byTerm.get("停电").support()).isEqualTo(20);
        assertThat(byTerm.get("停电").bursting()).isTrue();
    }

    @Test
    void distinctCountsStayBoundedAndClose() {
        TermAcc acc = TermAcc.EMPTY;
        for (int i = 0; i < 20_000; i++) {
            acc = acc.add(post("p" + i, "a" + (i % 5000), null, "x"), P.sampleSize());
        }
        assertThat(acc.posts()).isEqualTo(20_000);
        assertThat(acc.sample()).hasSize(P.sampleSize());
        assertThat(acc.authors()).hasSize(P.sampleSize());
        assertThat((double) acc.authorCount(P.sampleSize())).isBetween(5000 * 0.85, 5000 * 1.15);
    }
}
