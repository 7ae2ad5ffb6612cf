package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;

/**
 * The term windows as the job built them before {@link PanedTermWindows}: the window function of
 * Flink's sliding event-time window operator, which {@link TermAggregate} feeds with every mention
 * in each of the size/slide windows that hold it. Kept, unchanged but for this comment, as the
 * reference the panes must reproduce ({@code PanedTermWindowsTest}).
 */
public final class ScoreTermWindow extends ProcessWindowFunction<TermAcc, TermWindow, String, TimeWindow>
        implements CheckpointedFunction {
    private final TopicsParams p;
    private final long slideMillis;
    private final int lag;
    private final Duration ttl;
    private final BurstDetector detector;
    private transient ValueStateDescriptor<TermBaseline> descriptor;
    private transient long firstWindowEnd;
    private transient ListState<Long> streamStart;
    private transient Counter bursts;

    public ScoreTermWindow(TopicsParams p, Duration size, Duration slide, Duration ttl) {
        this.p = p;
        this.slideMillis = slide.toMillis();
        this.lag = (int) (size.toMillis() / slide.toMillis());
        this.ttl = ttl;
        this.detector = BurstDetector.of(p, lag, Math.max(1, ttl.toMillis() / slideMillis), slideMillis);
    }

    @Override
    public void open(OpenContext ctx) {
        descriptor = new ValueStateDescriptor<>("term-baseline", JsonTypeInfo.of(TermBaseline.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        if (streamStart == null) {
            firstWindowEnd = Long.MIN_VALUE; // not run by a checkpointing operator: nothing restored
        }
        bursts = getRuntimeContext().getMetricGroup().counter("topicsBurstingTerms");
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        streamStart = ctx.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("stream-start", Long.class));
        firstWindowEnd = Long.MIN_VALUE;
        for (Long end : streamStart.get()) {
            firstWindowEnd = firstWindowEnd == Long.MIN_VALUE ? end : Math.min(firstWindowEnd, end);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        streamStart.update(firstWindowEnd == Long.MIN_VALUE ? java.util.List.of() : java.util.List.of(firstWindowEnd));
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
                acc, state.value(), w.getEnd() / slideMillis, warm, filling, (w.getEnd() - firstWindowEnd) / slideMillis + 1,
                detector, p.sampleSize());
        state.update(s.baseline());
        TermWindow tw = s.window();
        if (tw.bursting()) {
            bursts.inc();
        }
        // what the topic stage can use, nothing more: every window sent carries its term's sample
        // across the shuffle, the job's main cost (TopicsJobBench)
        if (tw.bursting() || tw.support() >= p.sustainAuthors() && tw.score() >= p.sustainZ()) {
            out.collect(tw);
        }
    }
}
