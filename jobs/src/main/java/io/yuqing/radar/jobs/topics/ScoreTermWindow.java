package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;

/**
 * Scores a term's window against the term's baseline (keyed state, with TTL so terms that stop
 * appearing free their state) and passes on the candidates the topic stage needs: bursting terms,
 * and terms with at least {@code sustainAuthors} support (which keep live topics alive).
 *
 * <p>Warm-up (and the first window's length, while windows fill up) is measured from the first
 * window this subtask scores; after a restore it starts again, which only delays terms never
 * seen before (their baselines are in state) and may raise a baseline to its term's current
 * support during the first window.
 */
public final class ScoreTermWindow extends ProcessWindowFunction<TermAcc, TermWindow, String, TimeWindow> {
    private final TopicsParams p;
    private final long slideMillis;
    private final int lag;
    private final Duration ttl;
    private transient ValueStateDescriptor<TermBaseline> descriptor;
    private transient long firstWindowEnd;
    private transient Counter bursts;

    public ScoreTermWindow(TopicsParams p, Duration size, Duration slide, Duration ttl) {
        this.p = p;
        this.slideMillis = slide.toMillis();
        this.lag = (int) (size.toMillis() / slide.toMillis());
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        descriptor = new ValueStateDescriptor<>("term-baseline", JsonTypeInfo.of(TermBaseline.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        firstWindowEnd = Long.MIN_VALUE;
        bursts = getRuntimeContext().getMetricGroup().counter("topicsBurstingTerms");
    }

    /**
     * Warm-up lasts at least until the windows are full: baselines seeded while they fill are
     * fractions of a full window's support, and a warm-up shorter than the window (the demo's 5
     * minutes against 10-minute windows) made dozens of merely frequent words burst as the
     * windows filled.
     */
    static long warmupMillis(Duration warmup, long sizeMillis, long slideMillis) {
        return Math.max(warmup.toMillis(), sizeMillis - slideMillis);
    }

    @Override
    public void process(String term, Context ctx, Iterable<TermAcc> accs, Collector<TermWindow> out) throws Exception {
        TimeWindow w = ctx.window();
        if (firstWindowEnd == Long.MIN_VALUE) {
            firstWindowEnd = w.getEnd();
        }
        boolean warm = w.getEnd() - firstWindowEnd >= warmupMillis(p.warmup(), lag * slideMillis, slideMillis);
        boolean filling = w.getEnd() - firstWindowEnd < lag * slideMillis - slideMillis;
        ValueState<TermBaseline> state = ctx.globalState().getState(descriptor);
        TermAcc acc = accs.iterator().next();
        TermWindow.Scored s = TermWindow.of(term, Instant.ofEpochMilli(w.getStart()), Instant.ofEpochMilli(w.getEnd()),
                acc, state.value(), w.getEnd() / slideMillis, warm, filling, new BurstDetector(p, lag), p.sampleSize());
        state.update(s.baseline());
        TermWindow tw = s.window();
        if (tw.bursting()) {
            bursts.inc();
        }
        if (tw.bursting() || tw.support() >= p.sustainAuthors()) {
            out.collect(tw);
        }
    }
}
