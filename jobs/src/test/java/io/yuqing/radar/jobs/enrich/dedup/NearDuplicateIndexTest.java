package io.yuqing.radar.jobs.enrich.dedup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NearDuplicateIndexTest {
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long HORIZON = Duration.ofHours(24).toMillis();
    static final long T0 = 1_700_000_000_000L;

    static final long A = SimHash.of(SimHashTest.ACCIDENT);
    static final long A_EDITED = SimHash.of(SimHashTest.ACCIDENT.replace("严重", "特别严重"));
    static final long OTHER = SimHash.of("今年国庆假期全市接待游客突破五百万人次，旅游收入同比增长百分之十二。");

    @Test
    void withinThreeBitsTwoFingerprintsShareABandKey() {
        Random r = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long h = r.nextLong();
            long v = h;
            int flips = r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                v ^= 1L << r.nextInt(64);
            }
            Set<Integer> keys = new HashSet<>();
            for (int b = 0; b < NearDuplicateIndex.BANDS; b++) {
                keys.add(NearDuplicateIndex.bandKey(h, b));
            }
            boolean shared = false;
            for (int b = 0; b < NearDuplicateIndex.BANDS; b++) {
                shared |= keys.contains(NearDuplicateIndex.bandKey(v, b));
            }
            assertThat(shared).isTrue();
        }
        // band number is part of the key: equal 16-bit values in different bands do not meet
        assertThat(NearDuplicateIndex.bandKey(0L, 0)).isNotEqualTo(NearDuplicateIndex.bandKey(0L, 1));
    }

    @Test
    void firstPostStartsItsOwnClusterAndNearCopiesJoinIt() {
        NearDuplicateIndex idx = new NearDuplicateIndex(HORIZON, 64);
        assertThat(idx.probeAndAdd("p1", A, T0)).isEqualTo(new Cluster("p1", T0));
        assertThat(SimHash.distance(A, A_EDITED)).isLessThanOrEqualTo(3);
        assertThat(idx.probeAndAdd("p2", A_EDITED, T0 + HOUR)).isEqualTo(new Cluster("p1", T0));
        assertThat(idx.probeAndAdd("p3", A, T0 + 2 * HOUR)).isEqualTo(new Cluster("p1", T0));
        assertThat(idx.probeAndAdd("p4", OTHER, T0 + 3 * HOUR)).isEqualTo(new Cluster("p4", T0 + 3 * HOUR));
    }

    @Test
    void theEarliestClusterWinsAndALatePostOlderThanTheClusterKeepsItsOwnId() {
        NearDuplicateIndex idx = new NearDuplicateIndex(HORIZON, 64);
        long far = A ^ 0b1111L;                    // 4 bits from A: a different cluster
        long between = A ^ 0b11L;                  // 2 bits from both
        idx.probeAndAdd("late", far, T0 + HOUR);
        idx.probeAndAdd("early", A, T0 + 2 * HOUR);   // arrives later, but ...
        assertThat(idx.probeAndAdd("x", between, T0 + 3 * HOUR)).isEqualTo(new Cluster("late", T0 + HOUR));
        // created before every cluster it matches: it names itself
        assertThat(idx.probeAndAdd("older", A, T0)).isEqualTo(new Cluster("older", T0));
        // equal times: the smaller id, whatever the arrival order
        NearDuplicateIndex tie = new NearDuplicateIndex(HORIZON, 64);
        tie.probeAndAdd("b", A, T0);
        assertThat(tie.probeAndAdd("a", A, T0)).isEqualTo(new Cluster("a", T0));
    }

    @Test
    void entriesBeyondTheHorizonNeitherMatchNorStay() {
        NearDuplicateIndex idx = new NearDuplicateIndex(HORIZON, 64);
        idx.probeAndAdd("p1", A, T0);
        assertThat(idx.probeAndAdd("p2", A, T0 + HORIZON)).as("exactly at the horizon").isEqualTo(new Cluster("p1", T0));
        assertThat(idx.probeAndAdd("p3", A, T0 + HORIZON + 1 + HOUR))
                .as("p1 is beyond the horizon, but p2 is within it and carries p1's cluster")
                .isEqualTo(new Cluster("p1", T0));
        assertThat(idx.probeAndAdd("p4", OTHER, T0 + 3 * HORIZON)).isEqualTo(new Cluster("p4", T0 + 3 * HORIZON));
        assertThat(idx.size()).as("everything older than the horizon was dropped").isEqualTo(1);
        assertThat(idx.probeAndAdd("p5", A, T0 + 3 * HORIZON + HOUR)).isEqualTo(new Cluster("p5", T0 + 3 * HORIZON + HOUR));
        // a post older than the horizon of what the index has seen is answered but not kept
        assertThat(idx.probeAndAdd("ancient", A, T0)).isEqualTo(new Cluster("ancient", T0));
        assertThat(idx.entries()).extracting(e -> e.cluster().id()).doesNotContain("ancient");
    }

    @Test
    void capacityBoundsEachKeyKeepingTheNewest() {
        NearDuplicateIndex idx = new NearDuplicateIndex(HORIZON, 8);
        for (int i = 0; i < 100; i++) {
            idx.probeAndAdd("p" + i, OTHER ^ (1L << 40 + (i % 20)) ^ (1L << 20 + (i % 7)) ^ (1L << (i % 5)) ^ (1L << 62), T0 + i);
        }
        assertThat(idx.size()).isEqualTo(8);
        assertThat(idx.entries()).allMatch(e -> e.time() >= T0 + 92);
    }

    @Test
    void stateBytesRoundTrip() {
        NearDuplicateIndex idx = new NearDuplicateIndex(HORIZON, 64);
        idx.probeAndAdd("微博:1", A, T0);
        idx.probeAndAdd("2", A_EDITED, T0 + 5);
        idx.probeAndAdd("3", OTHER, T0 + 9);
        NearDuplicateIndex back = NearDuplicateIndex.fromBytes(idx.toBytes(), HORIZON, 64);
        assertThat(back.entries()).isEqualTo(idx.entries());
        assertThat(NearDuplicateIndex.fromBytes(null, HORIZON, 64).size()).isZero();
    }

    @Test
    void votesKeepTheEarliestCluster() {
        ClusterVote v = null;
        v = ClusterVote.add(v, new BandAnswer("p", "p", 50));
        v = ClusterVote.add(v, new BandAnswer("p", "q", 10));
        v = ClusterVote.add(v, new BandAnswer("p", "r", 30));
        assertThat(v.complete()).isFalse();
        v = ClusterVote.add(v, new BandAnswer("p", "p", 50));
        assertThat(v.complete()).isTrue();
        assertThat(v.cluster()).isEqualTo(new Cluster("q", 10));
    }
}
