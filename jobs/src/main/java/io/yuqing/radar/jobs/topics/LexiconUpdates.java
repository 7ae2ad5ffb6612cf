package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.enrich.DeadLetters;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live judgement-lexicon updates ({@code kafka.topic.topics-lexicon}): each message is a text in
 * the lexicon file's format whose terms are added over the lexicon in force (its weights replace,
 * {@code -term} removes), as an operator's file is over the shipped one. The term extractor (which
 * finds each post's terms) and the topic stage (which weighs them) both keep the accepted updates
 * in broadcast state, so both judge with the same lexicon; a restore keeps them, and a fresh start
 * reads the topic from the beginning, so the lexicon in force is always the shipped one, the file,
 * then every accepted update in order. A topic's judgement already summed stays as it was counted.
 */
public final class LexiconUpdates {
    /** Accepted updates by their offset on the (one-partition) topic: the order they apply in. */
    public static final MapStateDescriptor<Long, String> STATE =
            new MapStateDescriptor<>("judgement-lexicon-updates", Types.LONG, Types.STRING);

    private LexiconUpdates() {}

    /** The accepted updates, in order. */
    static List<String> inOrder(ReadOnlyBroadcastState<Long, String> state) throws Exception {
        TreeMap<Long, String> sorted = new TreeMap<>();
        for (Map.Entry<Long, String> e : state.immutableEntries()) {
            sorted.put(e.getKey(), e.getValue());
        }
        return new ArrayList<>(sorted.values());
    }

    /** Keeps {@code raw} when it is a valid update; else the reason it is refused (nothing changes). */
    static String accept(BroadcastState<Long, String> state, RawRecord raw) throws Exception {
        String text = DeadLetters.utf8(raw.value());
        if (text == null) {
            return "lexicon update is not UTF-8";
        }
        try {
            JudgementLexicon.checkUpdate(text);
        } catch (IllegalArgumentException e) {
            return "lexicon update refused, the lexicon in force stays: " + e.getMessage();
        }
        state.put(raw.offset(), text);
        return null;
    }

    /**
     * The update stream takes no part in event time: its watermark is the end of time from the
     * start, so the operators it is broadcast to keep the posts' watermark (an update stream
     * without watermarks would hold every window back for ever).
     */
    static WatermarkStrategy<RawRecord> watermarks() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<RawRecord>() {
            @Override
            public void onEvent(RawRecord event, long timestamp, WatermarkOutput out) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput out) {
                out.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }
}
