package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A term's sliding event-time windows ({@code size} sliding by {@code slide}), built from panes:
 * each mention goes into one {@link TermAcc} for its slide-long pane, and each window's
 * accumulator is merged once from its size/slide panes when the window closes, all of them in
 * one pass ({@link TermAcc#union}), its sample only if the window is passed on (below). A sliding
 * window operator instead adds every mention to all size/slide windows holding it (ten bottom-k
 * inserts per mention at 10 min / 1 min, the job's main cost in TopicsJobBench's profile);
 * folding the panes pairwise instead, nine merges per window of all three sets, was then most of
 * this operator's time. Bottom-k sets merge exactly, so a window merged from its panes is the
 * window aggregated post by post; the
 * windows that fire, their end instants, output timestamps ({@code end - 1}) and their treatment
 * of late mentions are those of {@code SlidingEventTimeWindows} with no allowed lateness:
 * <ul>
 *   <li>a window fires when the watermark passes {@code end - 1}, only if it holds a mention;</li>
 *   <li>a mention behind the watermark still counts in its windows that have not fired; one whose
 *       windows have all fired is dropped and counted in {@code numLateRecordsDropped}, the
 *       window operator's metric, so dashboards keep their meaning.</li>
 * </ul>
 * Each window is then scored against the term's baseline (keyed state, dropped once the term is
 * unseen for the TTL, below), and the candidates the topic stage needs are passed on:
 * bursting terms, and terms with at least {@code sustainAuthors} support and {@code sustainZ}
 * score (which keep live topics alive; the stage uses no other).
 *
 * <p>Warm-up (and the first window's length, while windows fill up) and the stream's age (which
 * rates a term never seen, see {@link BurstDetector}) are measured from the first window the job
 * scored. That instant is checkpointed (union list state: after a rescale every subtask takes the
 * earliest), so a restore neither repeats the warm-up nor makes new terms need more authors for
 * hours, as a young stream's would.
 *
 * <p>A baseline expires on event time: one whose last window ended {@code ttl} or more before the
 * window being scored counts as none (the term is scored as a new one), and an event-time timer
 * drops it from state. Each baseline arms one such timer (at its last window's end + ttl, on the
 * slide's grid), noted in the baseline ({@link TermBaseline#expiryTimer}); when it fires, the
 * baseline is dropped if the term has not been seen since, else the timer is armed again from
 * its newest window: a term in steady use re-arms once per ttl, not once per window. So a replay
 * or backtest forgets terms as the live job did, whatever its speed. Flink's state TTL, which the
 * baselines had before, runs on processing time only: it expired nothing in a replay of a day in
 * minutes, dropped baselines of a job restored after a stop longer than the ttl, and its
 * incremental cleanup on every access took an eighth of this operator's time; it is gone, so a
 * savepoint taken with it does not restore this operator's state (start the topics job afresh).
 *
 * <p>State per term: the panes still needed by a window that has not fired (map state by pane
 * end, at most size/slide + the panes ahead of the watermark), the baseline, one timer for the
 * next window end that holds a pane (a timer per window would be size/slide timers per term), and
 * the baseline's expiry timer. Window timers are at a window end - 1, expiry timers on the slide's
 * grid, so the two never share a timestamp (hence the slide of at least 2 ms).
 */
public final class PanedTermWindows extends KeyedProcessFunction<String, TermMention, TermWindow>
        implements CheckpointedFunction {
    private final TopicsParams p;
    private final long sizeMillis;
    private final long slideMillis;
    private final int lag;
    private final long ttlMillis;
    private final BurstDetector detector;
    private transient MapState<Long, TermAcc> panes;
    private transient ValueState<TermBaseline> baselines;
    private transient long firstWindowEnd;
    private transient ListState<Long> streamStart;
    private transient Counter bursts;
    private transient Counter lateDropped;

    public PanedTermWindows(TopicsParams p, Duration size, Duration slide, Duration ttl) {
        if (slide.toMillis() < 2 || size.toMillis() % slide.toMillis() != 0 || size.compareTo(slide) < 0) {
            throw new IllegalArgumentException("the window must be a positive multiple of the slide (at least 2 ms), got "
                    + size + " and " + slide);
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("the term TTL must be positive, got " + ttl);
        }
        this.p = p;
        this.sizeMillis = size.toMillis();
        this.slideMillis = slide.toMillis();
        this.lag = (int) (sizeMillis / slideMillis);
        this.ttlMillis = ttl.toMillis();
        this.detector = BurstDetector.of(p, lag, Math.max(1, ttl.toMillis() / slideMillis), slideMillis);
    }

    @Override
    public void open(OpenContext ctx) {
        // the pane state keeps the JSON form of the accumulator, as the window operator's did: it
        // survives upgrades of the record, which a savepoint must
        panes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("term-panes", Types.LONG, JsonTypeInfo.of(TermAcc.class)));
        ValueStateDescriptor<TermBaseline> baseline = new ValueStateDescriptor<>("term-baseline", JsonTypeInfo.of(TermBaseline.class));
        baselines = getRuntimeContext().getState(baseline);
        if (streamStart == null) {
            firstWindowEnd = Long.MIN_VALUE; // not run by a checkpointing operator: nothing restored
        }
        bursts = getRuntimeContext().getMetricGroup().counter("topicsBurstingTerms");
        lateDropped = getRuntimeContext().getMetricGroup().counter("numLateRecordsDropped");
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
        streamStart.update(firstWindowEnd == Long.MIN_VALUE ? List.of() : List.of(firstWindowEnd));
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
    public void processElement(TermMention m, Context ctx, Collector<TermWindow> out) throws Exception {
        long ts = ctx.timestamp();
        long watermark = ctx.timerService().currentWatermark();
        long paneEnd = Math.floorDiv(ts, slideMillis) * slideMillis + slideMillis;
        // the mention's windows end at paneEnd .. paneEnd + size - slide; a window has fired once
        // the watermark reached its end - 1
        if (paneEnd + sizeMillis - slideMillis - 1 <= watermark) {
            lateDropped.inc();
            return;
        }
        long firstOpen = paneEnd;
        if (firstOpen - 1 <= watermark) {
            firstOpen += ((watermark + 1 - firstOpen) / slideMillis + 1) * slideMillis;
        }
        TermAcc acc = panes.get(paneEnd);
        panes.put(paneEnd, (acc == null ? TermAcc.EMPTY : acc).add(m.post(), p.sampleSize()));
        if (acc == null) {
            // while the term has panes, a timer waits for the next window that holds one; a pane
            // already there is covered by it
            ctx.timerService().registerEventTimeTimer(firstOpen - 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TermWindow> out) throws Exception {
        if (timestamp % slideMillis == 0) {
            expire(timestamp, ctx);
            return;
        }
        long end = timestamp + 1;
        long start = end - sizeMillis;
        long[] ends = new long[lag + 2];
        TermAcc[] accs = new TermAcc[lag + 2];
        int n = 0;
        List<Long> spent = new ArrayList<>();
        boolean nextWindowHolds = false;
        for (Map.Entry<Long, TermAcc> e : panes.entries()) {
            long pe = e.getKey();
            if (pe > start && pe <= end) {
                if (n == ends.length) {
                    ends = Arrays.copyOf(ends, n * 2);
                    accs = Arrays.copyOf(accs, n * 2);
                }
                ends[n] = pe;
                accs[n++] = e.getValue();
            }
            if (pe <= start + slideMillis) {
                spent.add(pe); // no window after this one holds it
            } else if (pe <= end + slideMillis) {
                nextWindowHolds = true;
            }
        }
        for (Long pe : spent) {
            panes.remove(pe);
        }
        if (nextWindowHolds) {
            ctx.timerService().registerEventTimeTimer(timestamp + slideMillis);
        }
        if (n == 0) {
            return;
        }
        oldestFirst(ends, accs, n);
        score(ctx.getCurrentKey(), start, end, accs, n, ctx.timerService(), out);
    }

    /** The baseline's expiry timer fired: drop the baseline if its term is unseen since, else re-arm. */
    private void expire(long timestamp, OnTimerContext ctx) throws Exception {
        TermBaseline b = baselines.value();
        if (b == null || b.expiryTimer() != timestamp) {
            return; // dropped already, or another timer is armed
        }
        if (expired(b, timestamp)) {
            baselines.clear();
        } else {
            long next = expiryTimer(b);
            ctx.timerService().registerEventTimeTimer(next);
            baselines.update(b.withExpiryTimer(next));
        }
    }

    /** Whether the baseline's term has gone unseen for the TTL by event time {@code at}. */
    private boolean expired(TermBaseline b, long at) {
        return b.lastWindow() * slideMillis + ttlMillis <= at;
    }

    /** When the baseline expires if its term is not seen again: on the slide's grid, where no window timer is. */
    private long expiryTimer(TermBaseline b) {
        long at = b.lastWindow() * slideMillis + ttlMillis;
        return Math.floorDiv(at + slideMillis - 1, slideMillis) * slideMillis;
    }

    /** Sorts the panes oldest first, so which of two digests with one hash survives their union does not depend on the map's order. */
    private static void oldestFirst(long[] ends, TermAcc[] accs, int n) {
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && ends[j - 1] > ends[j]; j--) {
                long e = ends[j];
                ends[j] = ends[j - 1];
                ends[j - 1] = e;
                TermAcc a = accs[j];
                accs[j] = accs[j - 1];
                accs[j - 1] = a;
            }
        }
    }

    /** Scores the window of panes {@code accs[0 .. n)} (oldest first) and passes it on if the topic stage can use it. */
    private void score(String term, long start, long end, TermAcc[] accs, int n, TimerService timers,
                       Collector<TermWindow> out) throws Exception {
        int k = p.sampleSize();
        // the counts decide whether the window goes on; the samples, the costliest of the sets to
        // merge, only for the windows that do (in TopicsJobBench one in ten, with a third of the
        // panes' digests)
        TermAcc acc = n == 1 ? accs[0] : TermAcc.union(accs, n, k, false);
        if (firstWindowEnd == Long.MIN_VALUE) {
            firstWindowEnd = end;
        }
        boolean warm = end - firstWindowEnd >= warmupMillis(p.warmup(), sizeMillis, slideMillis);
        boolean filling = end - firstWindowEnd < sizeMillis - slideMillis;
        TermBaseline prev = baselines.value();
        // its timer may not have fired yet (it fires at the next watermark at or past it): a
        // baseline past the TTL is none all the same
        long armed = prev == null ? 0 : prev.expiryTimer();
        if (prev != null && expired(prev, end)) {
            prev = null;
        }
        TermWindow.Scored s = TermWindow.of(term, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                acc, prev, end / slideMillis, warm, filling, (end - firstWindowEnd) / slideMillis + 1,
                detector, k);
        TermBaseline next = s.baseline();
        if (armed == 0) {
            // a new baseline, or one written before the expiry timers: the timer pending otherwise
            // is still armed, and re-arms from the newest window when it fires
            armed = expiryTimer(next);
            timers.registerEventTimeTimer(armed);
        }
        baselines.update(next.withExpiryTimer(armed));
        TermWindow tw = s.window();
        if (tw.bursting()) {
            bursts.inc();
        }
        // what the topic stage can use, nothing more: every window sent carries its term's sample
        // across the shuffle, the job's main cost before the panes (TopicsJobBench)
        if (tw.bursting() || tw.support() >= p.sustainAuthors() && tw.score() >= p.sustainZ()) {
            out.collect(n == 1 ? tw : tw.withSample(TermAcc.unionSamples(accs, n, k)));
        }
    }
}
