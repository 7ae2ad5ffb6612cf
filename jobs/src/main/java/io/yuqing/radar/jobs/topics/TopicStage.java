package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.jobs.enrich.DeadLetters;
import io.yuqing.radar.jobs.enrich.Rejection;
import io.yuqing.radar.jobs.judgement.CategoryModel;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * -1 until the first window after a start or restore) and {@code topicsStageWindowMillis} (gauge:
 * what the last window took here; near the slide = the stage is falling behind).
 *
 * <p>Judgement uses the lexicon in force, live updates included ({@link LexiconUpdates}); this stage
 * reports each refused update once, to the dead letters with the reason ({@code
 * topicsLexiconUpdatesApplied} / {@code topicsLexiconUpdatesRefused} count them).
 */
public final class TopicStage extends KeyedBroadcastProcessFunction<Integer, TermWindow, RawRecord, TopicSnapshot> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("topics-refused-lexicon-updates", JsonTypeInfo.of(DeadLetter.class));
    private static final Logger LOG = LoggerFactory.getLogger(TopicStage.class);
    private final TopicsParams p;
    private final long slideMillis;
    private final long sizeMillis;
    private final String lexiconFile;
    private final String modelFile;
    /** The lexicon in force; null: to be built from the broadcast updates (at start, after a restore or an update). */
    private transient JudgementLexicon lexicon;
    private transient CategoryModel model;
    private transient Counter updatesApplied;
    private transient Counter updatesRefused;
    private transient ListState<TermWindow> pending;
    private transient ValueState<TrackerState> tracker;
    private transient ValueState<Long> lastWindowEnd;
    private transient Counter stale;
    private transient Counter snapshots;
    /** Live topics after the last window processed; -1 until this instance has processed one (e.g. after a restore). */
    private transient volatile int alive;
    /**
     * Milliseconds the last window took here (reading the buffered candidates and the tracker's
     * state, tracking, writing the state back); -1 until the first window. The stage keeps up while
     * this stays well under the slide: it is the one instance every candidate term meets in.
     */
    private transient volatile long windowMillis;

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
        updatesApplied = getRuntimeContext().getMetricGroup().counter("topicsLexiconUpdatesApplied");
        updatesRefused = getRuntimeContext().getMetricGroup().counter("topicsLexiconUpdatesRefused");
        alive = -1;
        windowMillis = -1;
        // a model that does not load stops the job here: falling back to the lexicon alone would
        // change every category without anyone being told. Its features are the file's lexicon
        // terms, as it was trained with; live updates change the lexicon's judgement, not the model's
        model = modelFile == null || modelFile.isBlank() ? null
                : CategoryModel.loadFrom(modelFile, JudgementLexicon.load(lexiconFile));
        getRuntimeContext().getMetricGroup().gauge("topicsAlive", (Gauge<Integer>) () -> alive);
        getRuntimeContext().getMetricGroup().gauge("topicsStageWindowMillis", (Gauge<Long>) () -> windowMillis);
    }

    @Override
    public void processElement(TermWindow t, ReadOnlyContext ctx, Collector<TopicSnapshot> out) throws Exception {
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
        long started = System.nanoTime();
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
        if (lexicon == null) {
            lexicon = JudgementLexicon.load(lexiconFile, LexiconUpdates.inOrder(ctx.getBroadcastState(LexiconUpdates.STATE)));
        }
        TopicTracker.Result r = new TopicTracker(p, Duration.ofMillis(slideMillis), lexicon, model).advance(state == null ? TrackerState.EMPTY : state,
                Instant.ofEpochMilli(end - sizeMillis), Instant.ofEpochMilli(end), now);
        for (TopicSnapshot s : r.snapshots()) {
            out.collect(s);
            snapshots.inc();
        }
        tracker.update(r.state());
        alive = r.state().topics().size();
        lastWindowEnd.update(end);
        windowMillis = (System.nanoTime() - started) / 1_000_000;
        if (!r.state().topics().isEmpty()) {
            ctx.timerService().registerEventTimeTimer(timestamp + slideMillis);
        }
    }

    @Override
    public void processBroadcastElement(RawRecord update, Context ctx, Collector<TopicSnapshot> out) throws Exception {
        String refused = LexiconUpdates.accept(ctx.getBroadcastState(LexiconUpdates.STATE), update);
        if (refused == null) {
            lexicon = null;
            updatesApplied.inc();
            LOG.info("judgement lexicon updated from {}-{}@{}", update.topic(), update.partition(), update.offset());
            return;
        }
        updatesRefused.inc();
        LOG.warn("refused judgement lexicon update at {}-{}@{}: {}", update.topic(), update.partition(), update.offset(),
                refused);
        DeadLetterReason reason = DeadLetters.utf8(update.value()) == null
                ? DeadLetterReason.INVALID_UTF8 : DeadLetterReason.WRONG_TYPE;
        ctx.output(DEAD_LETTERS, DeadLetters.of("topics", update, new Rejection(reason, refused), Instant.now()));
    }
}
