package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One case per key (case id = topic id): the {@link CaseLedger} fold over Flink keyed state, with
 * a processing-time timer at the case's next deadline. Emits the case file after every change
 * (to HBase and Elasticsearch), 督办 reminders and refusals on side outputs.
 *
 * <p><b>Why processing time.</b> A deadline is a promise to people on the wall clock: "签收 within
 * the hour" must fire at that hour even when nothing else happens. Event time here would be the
 * watermark of two sparse topics (alerts, case events); on a quiet night it would not advance and no
 * deadline would fire until the next alert. Due times are still computed from the inputs' own times
 * (a report's {@code detected_at}, an event's {@code at}), so a replay computes the same deadlines;
 * only the moment they are checked is the wall clock. Timers are part of the checkpoint: after a
 * restore a deadline that passed while the job was down fires at once.
 *
 * <p><b>Exactly once.</b> A reminder is recorded in the case's deadline (its {@code reminders}
 * count) in the same keyed state that the checkpoint snapshots, and sent through the
 * transactional Kafka sink committed with that checkpoint. A restore rolls both back together: a
 * reminder whose transaction was not committed is issued again from the restored timer, one that
 * was committed is recorded in the restored state and never issued again.
 *
 * <p>An event can reach a case before the 首报 that opens it (the two topics are read side by side,
 * e.g. when a new deployment replays both from the start): it waits in state for {@code orphanWait}
 * of processing time, and is refused (dead letter, "no case") only if the case has not opened by then.
 */
public final class CaseFunction extends KeyedProcessFunction<String, CaseInput, CaseFile> {
    public static final OutputTag<CaseReminder> REMINDERS =
            new OutputTag<>("cases-reminders", JsonTypeInfo.of(CaseReminder.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("cases-refused-events", JsonTypeInfo.of(DeadLetter.class));
    private static final Logger LOG = LoggerFactory.getLogger(CaseFunction.class);

    private final CaseDeadlines deadlines;
    private final Duration orphanWait;

    private transient ValueState<CaseFile> file;
    private transient ValueState<Long> timer;
    private transient ListState<CaseInput> waiting;
    private transient Counter opened;
    private transient Counter reminders;
    private transient Counter refused;

    public CaseFunction(CaseDeadlines deadlines, Duration orphanWait) {
        this.deadlines = Objects.requireNonNull(deadlines);
        this.orphanWait = orphanWait;
    }

    @Override
    public void open(OpenContext context) {
        file = getRuntimeContext().getState(new ValueStateDescriptor<>("case-file", JsonTypeInfo.of(CaseFile.class)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("case-timer", Types.LONG));
        waiting = getRuntimeContext().getListState(
                new ListStateDescriptor<>("case-events-waiting", JsonTypeInfo.of(CaseInput.class)));
        opened = getRuntimeContext().getMetricGroup().counter("casesOpened");
        reminders = getRuntimeContext().getMetricGroup().counter("casesRemindersIssued");
        refused = getRuntimeContext().getMetricGroup().counter("casesEventsRefused");
    }

    @Override
    public void processElement(CaseInput in, Context ctx, Collector<CaseFile> out) throws Exception {
        CaseFile before = file.value();
        if (in.alert() != null) {
            apply(CaseLedger.onAlert(before, in.alert(), deadlines), null, ctx, out);
            if (before == null && file.value() != null) {
                opened.inc();
                // events that came before the 首报 apply now, in the order they came
                List<CaseInput> early = new ArrayList<>();
                waiting.get().forEach(early::add);
                waiting.clear();
                for (CaseInput e : early) {
                    apply(CaseLedger.onEvent(file.value(), e.event(), deadlines), e, ctx, out);
                }
            }
        } else if (before == null && in.event().problems().isEmpty()) {
            Instant until = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()).plus(orphanWait);
            waiting.add(in.waiting(until));
            ctx.timerService().registerProcessingTimeTimer(until.toEpochMilli());
            return;
        } else {
            apply(CaseLedger.onEvent(before, in.event(), deadlines), in, ctx, out);
        }
        schedule(ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseFile> out) throws Exception {
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        List<CaseInput> still = new ArrayList<>();
        for (CaseInput w : waiting.get()) {
            if (w.waitUntil().isAfter(now)) {
                still.add(w);
            } else {
                refuse(ctx, w, "no case '" + w.event().caseId() + "' opened within " + orphanWait.toSeconds()
                        + " s of this event: a case opens on its topic's 首报");
            }
        }
        waiting.update(still);
        if (Objects.equals(timer.value(), timestamp)) {
            timer.clear();
        }
        apply(CaseLedger.onTime(file.value(), now, deadlines), null, ctx, out);
        schedule(ctx);
    }

    private void apply(CaseLedger.Step step, CaseInput source, Context ctx, Collector<CaseFile> out) throws Exception {
        if (step.refusal() != null) {
            refuse(ctx, source, step.refusal());
            return;
        }
        if (!step.changed()) {
            return;
        }
        file.update(step.file());
        out.collect(step.file());
        for (CaseReminder r : step.reminders()) {
            reminders.inc();
            LOG.info("督办 {} to {}: {}", r.reminderId(), r.unit(), r.text());
            ctx.output(REMINDERS, r);
        }
    }

    private void refuse(Context ctx, CaseInput in, String why) {
        refused.inc();
        LOG.warn("refused case event {} on case {}: {}", in.event().eventId(), in.event().caseId(), why);
        DeadLetterReason reason = why.startsWith("no case") ? DeadLetterReason.MISSING_ID : DeadLetterReason.WRONG_TYPE;
        ctx.output(DEAD_LETTERS, CaseDeadLetters.of(in.source(), reason, why, Instant.now()));
    }

    /** One timer per case, at its next deadline or escalation; a stale one is deleted. */
    private void schedule(Context ctx) throws Exception {
        Instant next = CaseLedger.nextDue(file.value());
        Long current = timer.value();
        Long wanted = next == null ? null : next.toEpochMilli();
        if (Objects.equals(current, wanted)) {
            return;
        }
        if (current != null) {
            ctx.timerService().deleteProcessingTimeTimer(current);
        }
        if (wanted != null) {
            ctx.timerService().registerProcessingTimeTimer(wanted);
            timer.update(wanted);
        } else {
            timer.clear();
        }
    }
}
