package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.schemas.CaseEvent;
import io.yuqing.radar.schemas.CaseEventType;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.CaseStatus;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.yuqing.radar.jobs.cases.CaseStory.CASE;
import static io.yuqing.radar.jobs.cases.CaseStory.DUTY_DESK;
import static io.yuqing.radar.jobs.cases.CaseStory.FIRST_REPORT;
import static io.yuqing.radar.jobs.cases.CaseStory.event;
import static io.yuqing.radar.jobs.cases.CaseStory.report;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyed operator around {@link CaseLedger} with Flink's test harness: its processing-time
 * timers, its state across a snapshot and restore, and events that come before their 首报.
 */
class CaseFunctionTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static KeyedOneInputStreamOperatorTestHarness<String, CaseInput, CaseFile> harness(OperatorSubtaskState from)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CaseInput, CaseFile> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CaseFunction(CaseDeadlines.defaults(), WAIT)), CaseInput::caseId, Types.STRING);
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    private static void at(KeyedOneInputStreamOperatorTestHarness<String, CaseInput, CaseFile> h, Duration after) throws Exception {
        h.setProcessingTime(FIRST_REPORT.plus(after).toEpochMilli());
    }

    private static CaseInput input(CaseEvent e) {
        return CaseInput.of(e, new RawRecord("yuqing.cases.events", 0, 7, 0L, e.caseId(), Json.toBytes(e)));
    }

    private static List<CaseReminder> reminders(KeyedOneInputStreamOperatorTestHarness<String, CaseInput, CaseFile> h) {
        return h.getSideOutput(CaseFunction.REMINDERS) == null ? List.of()
                : h.getSideOutput(CaseFunction.REMINDERS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aMissedDeadlineRemindsOnceAcrossASnapshotAndRestoreThenEscalatesOnce() throws Exception {
        var h = harness(null);
        at(h, Duration.ZERO);
        h.processElement(new StreamRecord<>(CaseInput.of(report(1, RiskLevel.YELLOW, null, Duration.ZERO))));
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(CaseStatus.OPEN));
        at(h, Duration.ofMinutes(59));
        assertThat(reminders(h)).isEmpty();
        at(h, Duration.ofMinutes(61)); // yellow: 签收 within the hour
        assertThat(reminders(h)).extracting(CaseReminder::reminderId).containsExactly(CASE + "-1-acknowledge-1");

        // mid-deadline: the escalation (2 h after the deadline) is pending in the snapshot
        OperatorSubtaskState snapshot = h.snapshot(1, FIRST_REPORT.plus(Duration.ofMinutes(62)).toEpochMilli());
        h.close();
        var restored = harness(snapshot);
        at(restored, Duration.ofMinutes(63));
        assertThat(reminders(restored)).as("the 督办 already issued is in the restored state").isEmpty();
        // the restored timer fires even though the job was down when it was due
        at(restored, Duration.ofHours(5));
        assertThat(reminders(restored)).extracting(CaseReminder::reminderId).containsExactly(CASE + "-1-acknowledge-2");
        at(restored, Duration.ofHours(8));
        assertThat(reminders(restored)).hasSize(1);
        restored.close();
    }

    @Test
    void anEventBeforeItsFirstReportWaitsAndAppliesWhenTheCaseOpens() throws Exception {
        var h = harness(null);
        at(h, Duration.ZERO);
        h.processElement(new StreamRecord<>(input(event("ev-early", CaseEventType.ACKNOWLEDGED, Duration.ZERO, DUTY_DESK))));
        assertThat(h.extractOutputValues()).isEmpty();
        at(h, Duration.ofSeconds(30));
        h.processElement(new StreamRecord<>(CaseInput.of(report(1, RiskLevel.YELLOW, null, Duration.ZERO))));
        List<CaseFile> files = h.extractOutputValues();
        assertThat(files.get(files.size() - 1).status()).isEqualTo(CaseStatus.HANDLING);
        at(h, Duration.ofMinutes(90)); // the wait's timer passes: nothing is refused, the deadline was met
        assertThat(h.getSideOutput(CaseFunction.DEAD_LETTERS)).isNullOrEmpty();
        assertThat(reminders(h)).isEmpty();
        h.close();
    }

    @Test
    void anEventForACaseThatNeverOpensIsRefusedAfterTheWait() throws Exception {
        var h = harness(null);
        at(h, Duration.ZERO);
        CaseEvent orphan = new CaseEvent("tp-never", "ev-x", CaseEventType.NOTE, Instant.now(), DUTY_DESK, null, null,
                null, null, "研判：疑似与某地旧闻混淆");
        h.processElement(new StreamRecord<>(input(orphan)));
        at(h, WAIT.minusSeconds(1));
        assertThat(h.getSideOutput(CaseFunction.DEAD_LETTERS)).isNullOrEmpty();
        at(h, WAIT);
        assertThat(h.getSideOutput(CaseFunction.DEAD_LETTERS)).singleElement().satisfies(r -> {
            DeadLetter d = r.getValue();
            assertThat(d.reason()).isEqualTo(DeadLetterReason.MISSING_ID);
            assertThat(d.detail()).contains("tp-never", "首报");
            assertThat(d.sourceOffset()).isEqualTo(7);
            assertThat(d.job()).isEqualTo("cases");
        });
        assertThat(h.extractOutputValues()).isEmpty();
        h.close();
    }
}
