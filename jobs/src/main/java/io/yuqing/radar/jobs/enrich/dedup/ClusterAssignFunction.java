package io.yuqing.radar.jobs.enrich.dedup;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by post id (a repost: by the id it reposts). Joins a probed post with its band answers
 * and emits it with the earliest cluster; remembers, for the horizon, the cluster of every post
 * that joined an earlier one, so reposts of it join that cluster too. A repost whose source is
 * still waiting for its answers waits with it. All state has TTL = horizon and is cleared as soon
 * as a post is emitted; only {@code clusterOf} (one string, for posts that joined another's
 * cluster) outlives that.
 *
 * <p>Platforms deliver one post twice, and the second copy can arrive while the first still waits
 * for its answers (they travel by another shuffle, slowest when the job has just started): the
 * copies wait in arrival order and each takes the next {@value NearDuplicateIndex#BANDS} answers.
 * One waiting post in a single value, as before, lost the first copy, and left the second copy's
 * answers waiting for a post already emitted (one record of 301 missing in EndToEndIT).
 */
public final class ClusterAssignFunction extends KeyedCoProcessFunction<String, EnrichedPost, BandAnswer, EnrichedPost> {
    private final Duration horizon;
    /** Copies of the post waiting for their answers, oldest first. */
    private transient ListState<EnrichedPost> pending;
    /** The single waiting post of state written before copies could wait together (read once, then cleared). */
    private transient ValueState<EnrichedPost> legacyPending;
    private transient ValueState<ClusterVote> vote;
    private transient ValueState<String> clusterOf;
    private transient ListState<EnrichedPost> waitingReposts;

    public ClusterAssignFunction(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = NearDuplicates.ttl(horizon);
        ListStateDescriptor<EnrichedPost> p = new ListStateDescriptor<>("pending-posts", JsonTypeInfo.of(EnrichedPost.class));
        p.enableTimeToLive(ttl);
        ValueStateDescriptor<EnrichedPost> legacy = new ValueStateDescriptor<>("pending-post", JsonTypeInfo.of(EnrichedPost.class));
        legacy.enableTimeToLive(ttl);
        ValueStateDescriptor<ClusterVote> v = new ValueStateDescriptor<>("vote", TypeInformation.of(ClusterVote.class));
        v.enableTimeToLive(ttl);
        ValueStateDescriptor<String> c = new ValueStateDescriptor<>("cluster-of", Types.STRING);
        c.enableTimeToLive(ttl);
        ListStateDescriptor<EnrichedPost> w = new ListStateDescriptor<>("waiting-reposts", JsonTypeInfo.of(EnrichedPost.class));
        w.enableTimeToLive(ttl);
        pending = getRuntimeContext().getListState(p);
        legacyPending = getRuntimeContext().getState(legacy);
        vote = getRuntimeContext().getState(v);
        clusterOf = getRuntimeContext().getState(c);
        waitingReposts = getRuntimeContext().getListState(w);
    }

    @Override
    public void processElement1(EnrichedPost post, Context ctx, Collector<EnrichedPost> out) throws Exception {
        if (NearDuplicates.isRepost(post)) {
            // keyed by the reposted id
            if (anyWaiting()) {
                waitingReposts.add(post);
            } else {
                String c = clusterOf.value();
                out.collect(post.withNearDuplicate(post.simhash(), c != null ? c : ctx.getCurrentKey()));
            }
            return;
        }
        if (!NearDuplicates.probes(post)) {
            // no answers come for it, so none of the state is read: the path most posts take
            out.collect(post.withNearDuplicate(post.simhash(), post.id()));
            return;
        }
        List<EnrichedPost> waiting = waiting();
        waiting.add(post);
        release(waiting, vote.value(), true, out);
    }

    @Override
    public void processElement2(BandAnswer answer, Context ctx, Collector<EnrichedPost> out) throws Exception {
        ClusterVote v = ClusterVote.add(vote.value(), answer);
        if (v.complete()) {
            release(waiting(), v, false, out);
        } else {
            vote.update(v);
        }
    }

    /** Whether a copy of the reposted post waits for its answers, without reading the copies. */
    private boolean anyWaiting() throws Exception {
        if (legacyPending.value() != null) {
            return true;
        }
        Iterable<EnrichedPost> kept = pending.get();
        return kept != null && kept.iterator().hasNext();
    }

    /** The waiting copies, oldest first (a waiting post of older state moved in). */
    private List<EnrichedPost> waiting() throws Exception {
        EnrichedPost legacy = legacyPending.value();
        if (legacy != null) {
            pending.add(legacy);
            legacyPending.clear();
        }
        List<EnrichedPost> waiting = new ArrayList<>();
        Iterable<EnrichedPost> kept = pending.get();
        if (kept != null) {
            kept.forEach(waiting::add);
        }
        return waiting;
    }

    /**
     * Emits the waiting copies, oldest first, while their answers are in: each takes
     * {@value NearDuplicateIndex#BANDS} of them (one post's copies get the same answers, so the
     * cluster is the earliest of them all). Keeps what is left for the next answer or copy.
     *
     * @param added the last of {@code waiting} has just arrived and is not in state yet
     */
    private void release(List<EnrichedPost> waiting, ClusterVote v, boolean added, Collector<EnrichedPost> out)
            throws Exception {
        int emitted = 0;
        String cluster = null;
        while (emitted < waiting.size() && v != null && v.complete()) {
            EnrichedPost post = waiting.get(emitted++);
            cluster = v.clusterId();
            out.collect(post.withNearDuplicate(post.simhash(), cluster));
            if (!cluster.equals(post.id())) {
                clusterOf.update(cluster);
            }
            int left = v.answers() - NearDuplicateIndex.BANDS;
            // answers beyond a copy's own belong to a copy still to come
            v = left > 0 ? new ClusterVote(left, v.clusterId(), v.clusterTime()) : null;
        }
        List<EnrichedPost> still = waiting.subList(emitted, waiting.size());
        if (still.isEmpty()) {
            pending.clear();
        } else if (emitted > 0) {
            pending.update(new ArrayList<>(still));
        } else if (added) {
            pending.add(waiting.get(waiting.size() - 1));
        }
        if (v == null) {
            vote.clear();
        } else {
            vote.update(v);
        }
        if (cluster != null) {
            releaseWaiting(cluster, out);
        }
    }

    private void releaseWaiting(String cluster, Collector<EnrichedPost> out) throws IOException {
        try {
            Iterable<EnrichedPost> waiting = waitingReposts.get();
            if (waiting != null) {
                for (EnrichedPost r : waiting) {
                    out.collect(r.withNearDuplicate(r.simhash(), cluster));
                }
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
        waitingReposts.clear();
    }
}
