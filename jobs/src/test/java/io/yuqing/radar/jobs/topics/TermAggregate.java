package io.yuqing.radar.jobs.topics;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a term's mentions in one window into its bounded {@link TermAcc}: the sliding-window reference, see {@link ScoreTermWindow}. */
public final class TermAggregate implements AggregateFunction<TermMention, TermAcc, TermAcc> {
    private final int k;

    public TermAggregate(int k) {
        this.k = k;
    }

    @Override public TermAcc createAccumulator() { return TermAcc.EMPTY; }
    @Override public TermAcc add(TermMention m, TermAcc acc) { return acc.add(m.post(), k); }
    @Override public TermAcc getResult(TermAcc acc) { return acc; }
    @Override public TermAcc merge(TermAcc a, TermAcc b) { return a.merge(b, k); }
}
