package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.jobs.judgement.CategoryModel;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The topic stage: one instance for the whole stream (keyed by a constant, parallelism 1). It
 * buffers the candidate terms of each window until the watermark passes the window's end (by
 * then every per-term window of that end has fired upstream), then runs {@link TopicTracker} over
 * them. A single instance is acceptable because it sees only candidate terms (bursting or
 * supporting a live topic), a few hundred per window at most, each with a bounded sample;
 * the per-term stage before it carries the volume in parallel.
 *
 * <p>While topics are live it also wakes every slide without input, so quiet topics still cool
 * and end. Term windows that arrive for a window already processed are counted
 * ({@code topicsStaleTermWindows}) and dropped. Metrics: {@code topicsSnapshots} (counter) and
 * {@code topicsAlive} (gauge: the live topics after the last window, the tracker's state size;
 * -1 until the first window after a start or restore).
 */
public final class TopicStage extends KeyedProcessFunction<Integer, TermWindow, TopicSnapshot> {
    private final TopicsParams p;
    private final long slideMillis;
    private final long sizeMillis;
    private final String lexiconFile;
    private final String modelFile;
    private transient JudgementLexicon lexicon;
    private transient CategoryModel model;
    private transient ListState<TermWindow> pending;
    private transient ValueState<TrackerState> tracker;
    private transient ValueState<Long> lastWindowEnd;
    private transient Counter stale;
    private transient Counter snapshots;
    /** Live topics after the last window processed; -1 until this instance has processed one (e.g. after a restore). */
    private transient volatile int alive;

    /**
     * @param lexiconFile the operator's judgement lexicon, added to the shipped one; null or blank: none
     * @param modelFile   a trained category model (./radar-train category); null or blank: the lexicon alone
     */
    public TopicStage(TopicsParams p, Duration size, Duration slide, String lexiconFile, String modelFile) {
        this.p = p;
        this.lexiconFile = lexiconFile;
        this.modelFile = modelFile;
        this.sizeMillis = size.toMillis();
        this.slideMillis = slide.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pending-term-windows", JsonTypeInfo.of(TermWindow.class)));
        tracker = getRuntimeContext().getState(
                new ValueStateDescriptor<>("topic-tracker", JsonTypeInfo.of(TrackerState.class)));
        lastWindowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("last-window-end", Types.LONG));
        stale = getRuntimeContext().getMetricGroup().counter("topicsStaleTermWindows");
        snapshots = getRuntimeContext().getMetricGroup().counter("topicsSnapshots");
        alive = -1;
        lexicon = JudgementLexicon.load(lexiconFile);
        // a model that does not load stops the job here: falling back to the lexicon alone would
        // change every category without anyone being told
        model = modelFile == null || modelFile.isBlank() ? null : CategoryModel.loadFrom(modelFile, lexicon);
        getRuntimeContext().getMetricGroup().gauge("topicsAlive", (Gauge<Integer>) () -> alive);
    }

    @Override
    public void processElement(TermWindow t, Context ctx, Collector<TopicSnapshot> out) throws Exception {
        long end = t.windowEnd().toEpochMilli();
        Long last = lastWindowEnd.value();
        if (last != null && end <= last) {
            stale.inc();
            return;
        }
        pending.add(t);
        ctx.timerService().registerEventTimeTimer(end - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicSnapshot> out) throws Exception {
        long end = timestamp + 1;
        Long last = lastWindowEnd.value();
        if (last != null && end <= last) {
            return;
        }
        List<TermWindow> now = new ArrayList<>();
        List<TermWindow> later = new ArrayList<>();
        Iterable<TermWindow> all = pending.get();
        if (all != null) {
            for (TermWindow t : all) {
                long e = t.windowEnd().toEpochMilli();
                if (e == end) {
                    now.add(t);
                } else if (e > end) {
                    later.add(t);
                } else {
                    stale.inc();
                }
            }
        }
        pending.update(later);
        TrackerState state = tracker.value();
        TopicTracker.Result r = new TopicTracker(p, Duration.ofMillis(slideMillis), lexicon, model).advance(state == null ? TrackerState.EMPTY : state,
                Instant.ofEpochMilli(end - sizeMillis), Instant.ofEpochMilli(end), now);
        for (TopicSnapshot s : r.snapshots()) {
            out.collect(s);
            snapshots.inc();
        }
        tracker.update(r.state());
        alive = r.state().topics().size();
        lastWindowEnd.update(end);
        if (!r.state().topics().isEmpty()) {
            ctx.timerService().registerEventTimeTimer(timestamp + slideMillis);
        }
    }
}
