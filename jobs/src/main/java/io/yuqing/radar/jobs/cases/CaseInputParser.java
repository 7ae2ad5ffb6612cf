package io.yuqing.radar.jobs.cases;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

/**
 * Reads the cases job's two inputs: alerts from {@code yuqing.alerts} and case events from
 * {@code yuqing.cases.events}, told apart by the topic they came from. What cannot be read, and a
 * case event that breaks the contract's rules ({@link CaseEvent#problems()}), goes to the dead-letter
 * topic with its reason and reaches no case.
 */
public final class CaseInputParser extends ProcessFunction<RawRecord, CaseInput> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("cases-unreadable-inputs", JsonTypeInfo.of(DeadLetter.class));
    private static final Logger LOG = LoggerFactory.getLogger(CaseInputParser.class);

    private final String alertsTopic;
    private transient Counter refused;

    public CaseInputParser(String alertsTopic) {
        this.alertsTopic = alertsTopic;
    }

    @Override
    public void open(OpenContext context) {
        refused = getRuntimeContext().getMetricGroup().counter("casesInputsRefused");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<CaseInput> out) {
        boolean alert = alertsTopic.equals(raw.topic());
        String text = CaseDeadLetters.utf8(raw.value());
        if (text == null) {
            refuse(ctx, raw, DeadLetterReason.INVALID_UTF8, "not UTF-8");
            return;
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(text);
        } catch (IOException e) {
            refuse(ctx, raw, DeadLetterReason.NOT_JSON, e.getMessage());
            return;
        }
        if (tree == null || !tree.isObject()) {
            refuse(ctx, raw, DeadLetterReason.NOT_AN_OBJECT, (alert ? "an alert" : "a case event") + " must be a JSON object");
            return;
        }
        try {
            if (alert) {
                Alert a = Json.mapper().treeToValue(tree, Alert.class);
                if (a.topicId() == null || a.topicId().isBlank()) {
                    refuse(ctx, raw, DeadLetterReason.MISSING_ID, "alert without topic_id");
                } else if (a.level() == null || a.detectedAt() == null || a.reportSeq() < 1) {
                    refuse(ctx, raw, DeadLetterReason.WRONG_TYPE, "alert without level, detected_at or report_seq");
                } else {
                    out.collect(CaseInput.of(a));
                }
                return;
            }
            CaseEvent e = Json.mapper().treeToValue(tree, CaseEvent.class);
            var problems = e.problems();
            if (!problems.isEmpty()) {
                refuse(ctx, raw, e.caseId() == null || e.caseId().isBlank() || e.eventId() == null
                        ? DeadLetterReason.MISSING_ID : DeadLetterReason.WRONG_TYPE, String.join("; ", problems));
                return;
            }
            out.collect(CaseInput.of(e, raw));
        } catch (IOException | IllegalArgumentException ex) {
            refuse(ctx, raw, ex.getCause() instanceof JsonParseException ? DeadLetterReason.NOT_JSON
                    : DeadLetterReason.WRONG_TYPE, ex.getMessage());
        }
    }

    private void refuse(Context ctx, RawRecord raw, DeadLetterReason reason, String detail) {
        refused.inc();
        LOG.warn("refused {} at {}-{}@{} ({}): {}", alertsTopic.equals(raw.topic()) ? "alert" : "case event",
                raw.topic(), raw.partition(), raw.offset(), reason.json(), detail);
        ctx.output(DEAD_LETTERS, CaseDeadLetters.of(raw, reason, detail, Instant.now()));
    }
}
