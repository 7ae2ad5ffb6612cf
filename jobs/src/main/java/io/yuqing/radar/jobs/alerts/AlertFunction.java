package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per topic (keyed by topic id): grades each snapshot and runs the {@link ReportSequencer}, whose
 * state is kept in Flink keyed state (JSON, with a TTL).
 *
 * <p>Live rules: broadcast state holds one entry, the control topic's accepted updates combined
 * into one overrides document; the rules in force are this deployment's initial rules (shipped
 * defaults + {@code alerts.rules-file}) with the overrides merged over them. Keeping the overrides
 * rather than the merged result means a deployment that changes its rules file and restores from
 * a savepoint gets the new file, with the control-topic changes still on top. An update that fails
 * validation against the rules in force is refused: nothing changes, and the update goes to the
 * dead-letter topic with the reason (from subtask 0 only, as every subtask sees every update).
 */
public final class AlertFunction extends KeyedBroadcastProcessFunction<String, TopicSnapshot, RawRecord, Alert> {
    public static final MapStateDescriptor<String, String> RULES =
            new MapStateDescriptor<>("alert-rules", Types.STRING, Types.STRING);
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("alerts-refused-control-updates", JsonTypeInfo.of(DeadLetter.class));
    static final String RULES_KEY = "overrides";
    private static final Logger LOG = LoggerFactory.getLogger(AlertFunction.class);

    private final String initialRulesJson;
    private final Duration stateTtl;

    private transient ValueState<TopicAlertState> topicState;
    private transient AlertRulesConfig initial;
    private transient String overrides;
    private transient AlertRulesConfig rules;
    /** The overrides in state do not apply to this deployment's rules (see {@link #rules}). */
    private transient boolean overridesDropped;
    private transient Counter alertsIssued;
    /** Per level, as {@code level=<blue|yellow|orange|red>}: a red alert must stand out on a dashboard. */
    private transient Map<RiskLevel, Counter> alertsByLevel;
    private transient Counter updatesApplied;
    private transient Counter updatesRefused;

    public AlertFunction(String initialRulesJson, Duration stateTtl) {
        this.initialRulesJson = Objects.requireNonNull(initialRulesJson);
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<TopicAlertState> d =
                new ValueStateDescriptor<>("topic-report-state", JsonTypeInfo.of(TopicAlertState.class));
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        topicState = getRuntimeContext().getState(d);
        alertsIssued = getRuntimeContext().getMetricGroup().counter("alertsIssued");
        alertsByLevel = new EnumMap<>(RiskLevel.class);
        for (RiskLevel level : RiskLevel.values()) {
            alertsByLevel.put(level, getRuntimeContext().getMetricGroup().addGroup("level", level.json()).counter("alertsIssued"));
        }
        updatesApplied = getRuntimeContext().getMetricGroup().counter("alertsRuleUpdatesApplied");
        updatesRefused = getRuntimeContext().getMetricGroup().counter("alertsRuleUpdatesRefused");
    }

    @Override
    public void processElement(TopicSnapshot s, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        AlertRulesConfig c = rules(ctx.getBroadcastState(RULES).get(RULES_KEY));
        ReportSequencer.Step step = ReportSequencer.step(topicState.value(), s, c, Instant.now());
        if (step.state() == null) {
            topicState.clear();
        } else {
            topicState.update(step.state());
        }
        if (step.alert() != null) {
            alertsIssued.inc();
            alertsByLevel.get(step.alert().level()).inc();
            out.collect(step.alert());
        }
    }

    @Override
    public void processBroadcastElement(RawRecord raw, Context ctx, Collector<Alert> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(RULES);
        AlertRulesConfig current = rules(state.get(RULES_KEY));
        boolean reporter = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        String text = AlertDeadLetters.utf8(raw.value());
        try {
            if (text == null) {
                refuse(ctx, raw, DeadLetterReason.INVALID_UTF8, "rules update is not UTF-8", reporter);
                return;
            }
            current.update(text); // validates against the rules in force
            state.put(RULES_KEY, AlertRulesConfig.combine(overridesDropped ? null : state.get(RULES_KEY), text));
            updatesApplied.inc();
            if (reporter) {
                LOG.info("alert rules updated from {}-{}@{}", raw.topic(), raw.partition(), raw.offset());
            }
        } catch (InvalidRulesException e) {
            refuse(ctx, raw, AlertDeadLetters.reason(e), "rules update refused, previous rules stay in force: "
                    + e.getMessage(), reporter);
        }
    }

    private void refuse(Context ctx, RawRecord raw, DeadLetterReason reason, String detail, boolean reporter) {
        updatesRefused.inc();
        if (reporter) {
            LOG.warn("refused alert rules update at {}-{}@{}: {}", raw.topic(), raw.partition(), raw.offset(), detail);
            ctx.output(DEAD_LETTERS, AlertDeadLetters.of(raw, reason, detail, Instant.now()));
        }
    }

    /** The initial rules with {@code json} (the combined overrides; null: none) over them, parsed once per change. */
    private AlertRulesConfig rules(String json) {
        if (initial == null) {
            initial = AlertRulesConfig.fromJson(initialRulesJson);
        }
        if (rules == null || !Objects.equals(json, overrides)) {
            overrides = json;
            overridesDropped = false;
            if (json == null) {
                rules = initial;
            } else {
                try {
                    rules = initial.update(json);
                } catch (InvalidRulesException e) {
                    // only after a restore with a different rules file: the file wins, loudly
                    LOG.error("control-topic overrides in the restored state do not apply to this deployment's "
                            + "rules ({}); running on the rules file alone until the next valid update", e.getMessage());
                    rules = initial;
                    overridesDropped = true;
                }
            }
        }
        return rules;
    }
}
