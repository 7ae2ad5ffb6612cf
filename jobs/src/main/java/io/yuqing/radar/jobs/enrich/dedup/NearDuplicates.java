package io.yuqing.radar.jobs.enrich.dedup;

import io.yuqing.radar.jobs.enrich.EnrichedPostTypeInfo;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;

/**
 * Near-duplicate clustering in the enrich job, between enrichment and the sinks:
 *
 * <pre>
 *  enriched ─► fingerprint (SimHash; chained) ─┬─ post, keyed by id (repost: by repost_of) ──────┐
 *                                              └─ 4 band probes ─► keyBy band key ─► band index ─┤
 *                                                                   (answers, keyed by post id) ─► assign ─► sinks
 * </pre>
 *
 * A post joins the earliest cluster among the posts seen within the horizon whose SimHash is
 * within {@value NearDuplicateIndex#MAX_DISTANCE} bits; a repost joins its source's cluster; the
 * cluster id is the id of the cluster's earliest post (by {@code created_at}, then id). A post with
 * fewer than {@value #MIN_CONTENT_CHARS} content characters gets no SimHash and its own id.
 *
 * <p><b>State bound.</b> Band index: at most 4 × 65,536 keys × {@code capacity} entries (≈ 40
 * bytes each), whatever the traffic; entries older than the horizon (event time) are dropped on
 * access and idle keys expire by TTL (processing time, = horizon). Assigner: a pending post and
 * its vote only while its 4 answers are in flight; one cluster id for the horizon per post that
 * joined an earlier post's cluster (posts that start their own cluster store nothing).
 *
 * <p><b>Approximations.</b> Each band records a post under the cluster it found through that band;
 * the final cluster is the earliest of the 4, so a later post that meets this one only through a
 * band where it found nothing gets this post's id rather than the true cluster's. Posts arriving
 * out of order (a copy before its original) keep the cluster they were given. A repost is resolved
 * through its {@code repost_of}: exact when that is an original post (Weibo's
 * {@code retweeted_status}, the root); when it names an intermediate repost, the cluster is that
 * repost's id (the assigner cannot see state under the intermediate repost's key).
 */
public final class NearDuplicates {
    /** Fewer content characters than this give no fingerprint: "转发"/"顶"/"哈哈哈" are not campaigns. */
    public static final int MIN_CONTENT_CHARS = 8;

    public static final String UID_FINGERPRINT = "enrich-dup-fingerprint";
    public static final String UID_BAND_INDEX = "enrich-dup-band-index";
    public static final String UID_ASSIGN = "enrich-dup-assign-cluster";

    private NearDuplicates() {}

    /**
     * Adds the clustering operators after {@code enriched}.
     *
     * @param parallelism the operators' parallelism, or 0 for the environment's default
     */
    public static DataStream<EnrichedPost> cluster(DataStream<EnrichedPost> enriched, Duration horizon,
                                                   int capacity, int parallelism) {
        SingleOutputStreamOperator<EnrichedPost> fingerprinted = enriched
                .process(new FingerprintFunction(), EnrichedPostTypeInfo.INSTANCE)
                .uid(UID_FINGERPRINT).name("near-dup: simhash");
        SingleOutputStreamOperator<BandAnswer> answers = fingerprinted.getSideOutput(FingerprintFunction.PROBES)
                .keyBy(BandProbe::bandKey, Types.INT)
                .process(new BandIndexFunction(horizon, capacity), TypeInformation.of(BandAnswer.class))
                .uid(UID_BAND_INDEX).name("near-dup: band index");
        SingleOutputStreamOperator<EnrichedPost> clustered = fingerprinted
                .keyBy(NearDuplicates::routingKey, Types.STRING)
                .connect(answers.keyBy(BandAnswer::postId, Types.STRING))
                .process(new ClusterAssignFunction(horizon), EnrichedPostTypeInfo.INSTANCE)
                .uid(UID_ASSIGN).name("near-dup: assign cluster");
        if (parallelism > 0) {
            fingerprinted.setParallelism(parallelism);
            answers.setParallelism(parallelism);
            clustered.setParallelism(parallelism);
        }
        return clustered;
    }

    public static boolean isRepost(EnrichedPost p) {
        return p.repostOf() != null && !p.repostOf().isBlank();
    }

    /** Whether the post is looked up in the band index: an original post with a fingerprint. */
    static boolean probes(EnrichedPost p) {
        return !isRepost(p) && p.simhash() != null;
    }

    /** A repost is keyed by what it reposts, where that post's cluster is remembered. */
    static String routingKey(EnrichedPost p) {
        return isRepost(p) ? p.repostOf() : p.id();
    }

    static StateTtlConfig ttl(Duration horizon) {
        return StateTtlConfig.newBuilder(horizon)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }
}
