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

/**
 * Keyed by post id (a repost: by the id it reposts). Joins a probed post with its band answers
 * and emits it with the earliest cluster; remembers, for the horizon, the cluster of every post
 * that joined an earlier one, so reposts of it join that cluster too. A repost whose source is
 * still waiting for its answers waits with it. All state has TTL = horizon and is cleared as soon
 * as a post is emitted; only {@code clusterOf} (one string, for posts that joined another's
 * cluster) outlives that.
 */
public final class ClusterAssignFunction extends KeyedCoProcessFunction<String, EnrichedPost, BandAnswer, EnrichedPost> {
    private final Duration horizon;
    private transient ValueState<EnrichedPost> pending;
    private transient ValueState<ClusterVote> vote;
    private transient ValueState<String> clusterOf;
    private transient ListState<EnrichedPost> waitingReposts;

    public ClusterAssignFunction(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = NearDuplicates.ttl(horizon);
        ValueStateDescriptor<EnrichedPost> p = new ValueStateDescriptor<>("pending-post", JsonTypeInfo.of(EnrichedPost.class));
        p.enableTimeToLive(ttl);
        ValueStateDescriptor<ClusterVote> v = new ValueStateDescriptor<>("vote", TypeInformation.of(ClusterVote.class));
        v.enableTimeToLive(ttl);
        ValueStateDescriptor<String> c = new ValueStateDescriptor<>("cluster-of", Types.STRING);
        c.enableTimeToLive(ttl);
        ListStateDescriptor<EnrichedPost> w = new ListStateDescriptor<>("waiting-reposts", JsonTypeInfo.of(EnrichedPost.class));
        w.enableTimeToLive(ttl);
        pending = getRuntimeContext().getState(p);
        vote = getRuntimeContext().getState(v);
        clusterOf = getRuntimeContext().getState(c);
        waitingReposts = getRuntimeContext().getListState(w);
    }

    @Override
    public void processElement1(EnrichedPost post, Context ctx, Collector<EnrichedPost> out) throws Exception {
        if (NearDuplicates.isRepost(post)) {
            // keyed by the reposted id
            if (pending.value() != null) {
                waitingReposts.add(post);
            } else {
                String c = clusterOf.value();
                out.collect(post.withNearDuplicate(post.simhash(), c != null ? c : ctx.getCurrentKey()));
            }
            return;
        }
        if (!NearDuplicates.probes(post)) {
            out.collect(post.withNearDuplicate(post.simhash(), post.id()));
            return;
        }
        ClusterVote v = vote.value();
        if (v != null && v.complete()) {
            finish(post, v, out);
        } else {
            pending.update(post);
        }
    }

    @Override
    public void processElement2(BandAnswer answer, Context ctx, Collector<EnrichedPost> out) throws Exception {
        ClusterVote v = ClusterVote.add(vote.value(), answer);
        EnrichedPost post = v.complete() ? pending.value() : null;
        if (post != null) {
            finish(post, v, out);
        } else {
            vote.update(v);
        }
    }

    private void finish(EnrichedPost post, ClusterVote v, Collector<EnrichedPost> out) throws Exception {
        String cluster = v.clusterId();
        out.collect(post.withNearDuplicate(post.simhash(), cluster));
        if (!cluster.equals(post.id())) {
            clusterOf.update(cluster);
        }
        pending.clear();
        int left = v.answers() - NearDuplicateIndex.BANDS;
        if (left > 0) {
            // the same post id sent twice: the second copy's answers are already counted
            vote.update(new ClusterVote(left, v.clusterId(), v.clusterTime()));
        } else {
            vote.clear();
        }
        releaseWaiting(cluster, out);
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
