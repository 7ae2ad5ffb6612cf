package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A judgement-lexicon update through the lexicon topic changes what the topics job's operators
 * judge without a restart: the term extractor finds the new term in each post, the topic stage
 * weighs it; a refused update changes nothing and becomes a dead letter with its line.
 */
class LiveLexiconTest {
    private static final Instant START = Instant.parse("2026-07-12T08:00:00Z");
    private static final String[] TOLD = {
            "网传有个叫蓝鲸游戏的东西在中学生里流传,要完成五十个任务,家长们一定要看看孩子的手机",
            "蓝鲸游戏到底是什么?听说会让人一步步伤害自己,太吓人了",
            "我们班主任今天专门开会讲了蓝鲸游戏,让家长注意孩子的情绪",
            "看到蓝鲸游戏的报道心里发凉,这种东西怎么会流传到国内",
    };
    private static final String UPDATE = "# 运营人员新增\n[category.crime]\n蓝鲸游戏:3\n";

    private final PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
    private long offset;

    @Test
    void anUpdateOnTheLexiconTopicNamesTheDomainOfATopicWithoutARestart() throws Exception {
        TopicSnapshot before = judge(List.of());
        assertThat(before.category()).isNotEqualTo(Category.CRIME);

        TopicSnapshot after = judge(List.of(UPDATE));
        assertThat(after.category()).isEqualTo(Category.CRIME);
        assertThat(after.categoryEvidence()).contains("蓝鲸游戏");
    }

    @Test
    void aRefusedUpdateChangesNothingAndIsADeadLetterWithItsLine() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<Integer, TermWindow, RawRecord, TopicSnapshot> stage = stage()) {
            update(stage, "[category.crimes]\n蓝鲸游戏:3\n");
            update(stage, "[category.crime]\n蓝鲸游戏:高\n");
            List<DeadLetter> dead = stage.getSideOutput(TopicStage.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertThat(dead).hasSize(2).allSatisfy(d -> {
                assertThat(d.job()).isEqualTo("topics");
                assertThat(d.reason()).isEqualTo(DeadLetterReason.WRONG_TYPE);
            });
            assertThat(dead.get(0).detail()).contains("line 1", "unknown section [category.crimes]");
            assertThat(dead.get(1).detail()).contains("line 2", "蓝鲸游戏:高");
            assertThat(stage.getBroadcastState(LexiconUpdates.STATE).immutableEntries()).isEmpty();
        }
    }

    /** The topic the two operators make of the game's posts, after {@code updates} came through the lexicon topic. */
    private TopicSnapshot judge(List<String> updates) throws Exception {
        List<PostDigest> digests = new ArrayList<>();
        try (BroadcastOperatorTestHarness<PostTerms, RawRecord, TermMention> terms =
                     ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new TermExtractor(null), LexiconUpdates.STATE)) {
            for (String u : updates) {
                update(terms, u);
            }
            for (int i = 0; i < 48; i++) {
                terms.processElement(PostTerms.of(post(i), 12), START.toEpochMilli());
            }
            Map<String, PostDigest> byId = new LinkedHashMap<>();
            terms.extractOutputValues().forEach(m -> byId.putIfAbsent(m.post().id(), m.post()));
            digests.addAll(byId.values());
        }
        List<TermWindow> window = Fixtures.window(digests, START, new HashMap<>(), true);
        try (KeyedBroadcastOperatorTestHarness<Integer, TermWindow, RawRecord, TopicSnapshot> stage = stage()) {
            for (String u : updates) {
                update(stage, u);
            }
            for (TermWindow w : window) {
                stage.processElement(w, START.toEpochMilli());
            }
            stage.processWatermark(new Watermark(START.plusSeconds(600).toEpochMilli()));
            List<TopicSnapshot> out = stage.extractOutputValues();
            return out.stream().filter(t -> t.keywords().contains("蓝鲸游戏")).findFirst()
                    .orElseThrow(() -> new AssertionError("no topic of the game: " + out));
        }
    }

    private static KeyedBroadcastOperatorTestHarness<Integer, TermWindow, RawRecord, TopicSnapshot> stage() throws Exception {
        KeyedBroadcastOperatorTestHarness<Integer, TermWindow, RawRecord, TopicSnapshot> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new TopicStage(TopicsParams.defaults(), Duration.ofMinutes(10), Duration.ofMinutes(1), null, null),
                        t -> 0, Types.INT, LexiconUpdates.STATE);
        // as the lexicon topic's source does: the update stream never holds back event time
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    private void update(Object harness, String text) throws Exception {
        RawRecord r = new RawRecord("yuqing.topics.lexicon", 0, offset++, 0L, null, text.getBytes(StandardCharsets.UTF_8));
        if (harness instanceof BroadcastOperatorTestHarness<?, ?, ?> h) {
            ((BroadcastOperatorTestHarness<PostTerms, RawRecord, TermMention>) h).processBroadcastElement(r, 0L);
        } else {
            ((KeyedBroadcastOperatorTestHarness<Integer, TermWindow, RawRecord, TopicSnapshot>) harness)
                    .processBroadcastElement(r, 0L);
        }
    }

    private EnrichedPost post(int i) {
        Instant at = START.plusSeconds(10L * i);
        String json = "{\"id\":\"p" + i + "\",\"platform\":\"weibo\",\"created_at\":\"" + at + "\",\"text\":\""
                + TOLD[i % TOLD.length] + "\"}";
        EnrichedPost p = ((EnrichOutcome.Enriched) enricher.enrich(json.getBytes(StandardCharsets.UTF_8), at)).post();
        return new EnrichedPost(p.id(), p.platform(), p.text(), p.title(), at, new Author("u" + i, null, null, false),
                null, 0, 0, 0, null, p.region(), p.lang(), p.terms(), p.keywords(), p.hashtags(), p.mentions(), p.urls(),
                p.entities(), p.sentiment(), p.sentimentScore(), null, null, at, p.province(), p.city(), p.emojis(),
                p.phrases());
    }
}
