package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes posts whose event time is already behind the watermark to the {@link #LATE} side output
 * and counts them ({@code topicsLatePosts}, logged: the first ten, then every 1000th); the windows
 * would otherwise drop them silently. {@link TopicsJob#build} returns the side output for callers
 * that want to store them.
 */
public final class LatePostFilter extends ProcessFunction<EnrichedPost, EnrichedPost> {
    public static final OutputTag<EnrichedPost> LATE = new OutputTag<>("late-posts", JsonTypeInfo.of(EnrichedPost.class));
    private static final Logger LOG = LoggerFactory.getLogger(LatePostFilter.class);
    private transient Counter late;

    @Override
    public void open(OpenContext ctx) {
        late = getRuntimeContext().getMetricGroup().counter("topicsLatePosts");
    }

    @Override
    public void processElement(EnrichedPost p, Context ctx, Collector<EnrichedPost> out) {
        Long ts = ctx.timestamp();
        if (ts != null && ts < ctx.timerService().currentWatermark()) {
            late.inc();
            if (late.getCount() <= 10 || late.getCount() % 1000 == 0) {
                LOG.info("late post {} created {}, {} ms behind the watermark ({} late so far)", p.id(), p.createdAt(),
                        ctx.timerService().currentWatermark() - ts, late.getCount());
            }
            ctx.output(LATE, p);
        } else {
            out.collect(p);
        }
    }
}
