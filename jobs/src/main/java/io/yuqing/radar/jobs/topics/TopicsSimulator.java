package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The topics job's logic without Flink, for evaluation over large replays: the same term
 * extraction, per-term sliding windows (merged from per-slide panes, which gives the same
 * {@link TermAcc} as the window aggregate, since bottom-k sets merge exactly), burst scoring,
 * candidate filter and topic tracking. Posts must come in event-time order. Public so the local
 * module can measure what its demo stream shows without a stack (DemoSignalTest).
 */
public final class TopicsSimulator {
    private final TopicsParams p;
    private final long size;
    private final long slide;
    private final BurstDetector detector;
    private final TopicTracker tracker;
    private final TreeMap<Long, Map<String, TermAcc>> panes = new TreeMap<>();
    private final Map<String, TermBaseline> baselines = new HashMap<>();
    private final List<TopicSnapshot> snapshots = new ArrayList<>();
    private TrackerState state = TrackerState.EMPTY;
    private long nextEnd = Long.MIN_VALUE;
    private long firstEnd = Long.MIN_VALUE;
    private LongSupplier clock;
    private Consumer<WindowCost> costs;

    /**
     * What closing one window cost, for the scale simulation (bench): the term-window part (merging
     * the window's panes, scoring every term against its baseline, picking the candidates; in the
     * job it runs keyed by term, in parallel) apart from the topic stage ({@link TopicTracker#advance};
     * in the job one instance), each in the clock's nanoseconds.
     *
     * @param terms      distinct terms in the window
     * @param candidates terms handed to the topic stage (bursting, or with sustaining support)
     * @param state      the tracker's state after the window (live and dormant topics)
     * @param snapshots  snapshots the window produced
     */
    public record WindowCost(Instant end, int terms, int candidates, TrackerState state, int snapshots,
                             long termWindowNanos, long topicStageNanos) {}

    public TopicsSimulator(TopicsParams p, Duration size, Duration slide) {
        this.p = p;
        this.size = size.toMillis();
        this.slide = slide.toMillis();
        this.detector = BurstDetector.of(p, (int) (this.size / this.slide), Duration.ofHours(24).toMillis() / this.slide, this.slide);
        this.tracker = new TopicTracker(p, slide);
    }

    public void add(EnrichedPost post) {
        long t = post.createdAt().toEpochMilli();
        if (nextEnd == Long.MIN_VALUE) {
            nextEnd = Math.floorDiv(t, slide) * slide + slide;
        }
        while (t >= nextEnd) {
            close(nextEnd);
            nextEnd += slide;
        }
        List<String> terms = TermExtractor.terms(post, p.maxTermsPerPost());
        if (terms.isEmpty()) {
            return;
        }
        PostDigest d = PostDigest.of(post, terms);
        Map<String, TermAcc> pane = panes.computeIfAbsent(Math.floorDiv(t, slide), k -> new HashMap<>());
        for (String term : terms) {
            pane.merge(term, TermAcc.EMPTY.add(d, p.sampleSize()), (a, b) -> a.merge(b, p.sampleSize()));
        }
    }

    /** Closes every window up to the last post's windows (like the final watermark of a bounded stream). */
    public List<TopicSnapshot> finish() {
        long last = panes.isEmpty() ? nextEnd : (panes.lastKey() + 1) * slide + size;
        while (nextEnd != Long.MIN_VALUE && nextEnd <= last) {
            close(nextEnd);
            nextEnd += slide;
        }
        return snapshots;
    }

    public List<TopicSnapshot> snapshots() {
        return snapshots;
    }

    /**
     * Reports every window's cost to {@code listener}, timed by {@code clock} (e.g. the thread's CPU
     * time, so other processes on a shared machine do not count). Changes nothing the simulation does.
     */
    public TopicsSimulator onWindow(LongSupplier clock, Consumer<WindowCost> listener) {
        this.clock = clock;
        this.costs = listener;
        return this;
    }

    private Map<String, TermAcc> window(long end) {
        Map<String, TermAcc> w = new HashMap<>();
        for (Map<String, TermAcc> pane : panes.subMap(Math.floorDiv(end - size, slide), true, end / slide, false).values()) {
            pane.forEach((term, acc) -> w.merge(term, acc, (a, b) -> a.merge(b, p.sampleSize())));
        }
        return w;
    }

    private void close(long end) {
        if (firstEnd == Long.MIN_VALUE) {
            firstEnd = end;
        }
        boolean warm = end - firstEnd >= PanedTermWindows.warmupMillis(p.warmup(), size, slide);
        boolean filling = end - firstEnd < size - slide;
        long t0 = costs == null ? 0 : clock.getAsLong();
        List<TermWindow> candidates = new ArrayList<>();
        Instant start = Instant.ofEpochMilli(end - size);
        Map<String, TermAcc> terms = window(end);
        for (Map.Entry<String, TermAcc> e : terms.entrySet()) {
            TermWindow.Scored s = TermWindow.of(e.getKey(), start, Instant.ofEpochMilli(end), e.getValue(),
                    baselines.get(e.getKey()), end / slide, warm, filling, (end - firstEnd) / slide + 1, detector, p.sampleSize());
            baselines.put(e.getKey(), s.baseline());
            if (s.window().bursting() || s.window().support() >= p.sustainAuthors()) {
                candidates.add(s.window());
            }
        }
        long t1 = costs == null ? 0 : clock.getAsLong();
        TopicTracker.Result r = tracker.advance(state, start, Instant.ofEpochMilli(end), candidates);
        long t2 = costs == null ? 0 : clock.getAsLong();
        state = r.state();
        snapshots.addAll(r.snapshots());
        panes.headMap(Math.floorDiv(end + slide - size, slide), false).clear();
        if (costs != null) {
            long t3 = clock.getAsLong();
            costs.accept(new WindowCost(Instant.ofEpochMilli(end), terms.size(), candidates.size(), state,
                    r.snapshots().size(), t1 - t0 + t3 - t2, t2 - t1));
        }
    }

    /**
     * Approximate keyed-state bytes the job would hold right now (contract JSON, as JsonTypeInfo
     * writes it): one accumulator per term for each of the size/slide windows still open, plus
     * every term's baseline. Returns {bytes, distinct terms in baselines}.
     */
    public long[] stateBytes() {
        long bytes = 0;
        for (long end = nextEnd; end < nextEnd + size; end += slide) {
            for (TermAcc acc : window(end).values()) {
                bytes += Json.toBytes(acc).length;
            }
        }
        for (TermBaseline b : baselines.values()) {
            bytes += Json.toBytes(b).length;
        }
        return new long[] {bytes, baselines.size()};
    }
}
