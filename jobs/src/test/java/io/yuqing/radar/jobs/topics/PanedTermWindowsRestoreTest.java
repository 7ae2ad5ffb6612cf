package io.yuqing.radar.jobs.topics;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.yuqing.radar.jobs.topics.Fixtures.P;
import static io.yuqing.radar.jobs.topics.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The term-window operator as the job builds it ({@link PanedTermWindows}), through a checkpoint and a restore. */
class PanedTermWindowsRestoreTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration SLIDE = Duration.ofMinutes(1);

    @Test
    void aRestoreNeitherRepeatsTheWarmupNorMakesTheStreamYoungAgain() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var first = harness()) {
            first.open();
            mention(first, "天气", "a", T0.plusSeconds(30));
            first.processWatermark(T0.plus(WINDOW).plus(SLIDE).toEpochMilli()); // all its windows fired
            checkpoint = first.snapshot(1, 0);
        }
        // an hour of stream later (past the 30-minute warm-up), after a restore: a term never
        // seen, used by 8 people in the last minute, bursts at once. Had the restore restarted the
        // stream's clock, nothing would burst for the next 30 minutes.
        try (var restored = harness()) {
            restored.initializeState(checkpoint);
            restored.open();
            Instant now = T0.plus(Duration.ofMinutes(60));
            for (int i = 0; i < 8; i++) {
                mention(restored, "地铁停运", "author-" + i, now.minusSeconds(30));
            }
            restored.processWatermark(now.toEpochMilli());
            List<TermWindow> out = restored.extractOutputValues();
            assertThat(out).extracting(TermWindow::term).containsExactly("地铁停运");
            assertThat(out.get(0).bursting()).as("z %.2f", out.get(0).score()).isTrue();
        }
        // the same without the checkpoint: a fresh job is still warming up
        try (var fresh = harness()) {
            fresh.open();
            Instant now = T0.plus(Duration.ofMinutes(60));
            for (int i = 0; i < 8; i++) {
                mention(fresh, "地铁停运", "author-" + i, now.minusSeconds(30));
            }
            fresh.processWatermark(now.toEpochMilli());
            assertThat(fresh.extractOutputValues()).extracting(TermWindow::bursting).doesNotContain(true);
        }
    }

    private static void mention(KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> h, String term,
                                String author, Instant at) throws Exception {
        h.processElement(new TermMention(term, Fixtures.post(term + "-" + author + "-" + at, author, null, term)),
                at.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TermMention, TermWindow> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PanedTermWindows(P, WINDOW, SLIDE, Duration.ofHours(24))),
                TermMention::term, Types.STRING);
    }
}
