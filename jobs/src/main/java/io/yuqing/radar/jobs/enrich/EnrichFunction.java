package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.JsonTypeInfo;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Thin Flink shell around {@link PostEnricher}: enriched posts go downstream, everything else to
 * the dead-letter side output with its reason. An exception inside enrichment becomes a dead
 * letter too, so one poisonous post can never stop the job or be lost.
 */
public final class EnrichFunction extends ProcessFunction<RawRecord, EnrichedPost> {
    public static final String JOB = "enrich";
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", JsonTypeInfo.of(DeadLetter.class));

    private final EnrichmentLimits limits;
    private final String userDictionary;
    private final String sentimentModel;
    private transient PostEnricher enricher;
    private transient Counter enriched;
    private transient Map<DeadLetterReason, Counter> rejected;

    public EnrichFunction(EnrichmentLimits limits) {
        this(limits, null, null);
    }

    /**
     * @param userDictionary operators' word file ({@code enrich.user-dictionary}), null or blank for none
     * @param sentimentModel a trained sentiment model's path or URI ({@code enrich.sentiment-model}), null
     *                       or blank for the lexicon alone
     */
    public EnrichFunction(EnrichmentLimits limits, String userDictionary, String sentimentModel) {
        this.limits = limits;
        this.userDictionary = userDictionary;
        this.sentimentModel = sentimentModel;
    }

    @Override
    public void open(OpenContext openContext) {
        UserDictionary.loadOnce(userDictionary); // once per JVM, before any segmenting
        // a model that does not load fails the task here with the file and the reason, never a silent fall-back
        enricher = new PostEnricher(limits, sentimentModel == null || sentimentModel.isBlank() ? null
                : SentimentModel.loadFrom(sentimentModel));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        enriched = metrics.counter("postsEnriched");
        rejected = new EnumMap<>(DeadLetterReason.class);
        MetricGroup dlq = metrics.addGroup("deadLetters");
        for (DeadLetterReason r : DeadLetterReason.values()) {
            rejected.put(r, dlq.counter(r.json()));
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<EnrichedPost> out) {
        Instant now = Instant.now();
        EnrichOutcome outcome;
        try {
            outcome = enricher.enrich(raw.value(), now);
        } catch (RuntimeException e) {
            outcome = new Rejection(DeadLetterReason.PROCESSING_ERROR, e.toString());
        }
        if (outcome instanceof EnrichOutcome.Enriched ok) {
            enriched.inc();
            out.collect(ok.post());
        } else {
            Rejection why = (Rejection) outcome;
            rejected.get(why.reason()).inc();
            ctx.output(DEAD_LETTERS, DeadLetters.of(JOB, raw, why, now));
        }
    }
}
