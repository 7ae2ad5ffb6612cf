package io.yuqing.radar.jobs.alerts;

import com.fasterxml.jackson.core.JsonParseException;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Reads topic snapshots from {@code yuqing.topics}. One that cannot be read is counted
 * ({@code alertsSnapshotsUnreadable}), logged and sent to the alerts dead-letter topic; the job
 * goes on.
 */
public final class SnapshotParser extends ProcessFunction<RawRecord, TopicSnapshot> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("alerts-unreadable-snapshots", JsonTypeInfo.of(DeadLetter.class));
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotParser.class);

    private transient Counter unreadable;

    @Override
    public void open(OpenContext context) {
        unreadable = getRuntimeContext().getMetricGroup().counter("alertsSnapshotsUnreadable");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<TopicSnapshot> out) {
        DeadLetterReason reason;
        String detail;
        try {
            TopicSnapshot s = Json.fromBytes(raw.value(), TopicSnapshot.class);
            if (s != null && s.topicId() != null && !s.topicId().isBlank() && s.windowEnd() != null) {
                out.collect(s);
                return;
            }
            reason = s == null || s.topicId() == null || s.topicId().isBlank()
                    ? DeadLetterReason.MISSING_ID : DeadLetterReason.WRONG_TYPE;
            detail = reason == DeadLetterReason.MISSING_ID ? "topic snapshot without topic_id" : "topic snapshot without window_end";
        } catch (RuntimeException e) {
            reason = e.getCause() instanceof JsonParseException ? DeadLetterReason.NOT_JSON : DeadLetterReason.WRONG_TYPE;
            detail = e.getMessage();
        }
        unreadable.inc();
        LOG.warn("unreadable topic snapshot at {}-{}@{} ({}): {}", raw.topic(), raw.partition(), raw.offset(), reason.json(), detail);
        ctx.output(DEAD_LETTERS, AlertDeadLetters.of(raw, reason, detail, Instant.now()));
    }
}
