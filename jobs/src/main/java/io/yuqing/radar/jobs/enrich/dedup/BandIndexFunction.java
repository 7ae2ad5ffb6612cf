package io.yuqing.radar.jobs.enrich.dedup;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.time.Duration;

/**
 * Keyed by band key: one {@link NearDuplicateIndex} per band value, kept as compact bytes in
 * value state with TTL = the horizon. Answers every probe (the post itself when nothing matches),
 * so the assigner always gets {@value NearDuplicateIndex#BANDS} answers per probed post.
 */
public final class BandIndexFunction extends KeyedProcessFunction<Integer, BandProbe, BandAnswer> {
    private final Duration horizon;
    private final int capacity;
    private transient ValueState<byte[]> index;

    public BandIndexFunction(Duration horizon, int capacity) {
        this.horizon = horizon;
        this.capacity = capacity;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<byte[]> d =
                new ValueStateDescriptor<>("band-index", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(NearDuplicates.ttl(horizon));
        index = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(BandProbe probe, Context ctx, Collector<BandAnswer> out) throws IOException {
        NearDuplicateIndex idx = NearDuplicateIndex.fromBytes(index.value(), horizon.toMillis(), capacity);
        Cluster c = idx.probeAndAdd(probe.postId(), probe.simhash(), probe.time());
        index.update(idx.toBytes());
        out.collect(new BandAnswer(probe.postId(), c.id(), c.time()));
    }
}
