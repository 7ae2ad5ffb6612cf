package io.yuqing.radar.local;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.enrich.SentimentModel;
import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Sentiment;
import io.yuqing.radar.schemas.Settings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./radar-train sentiment} and {@code enrich.sentiment-model} end to end: a model trained
 * by the command on a file this test writes (hand-written Chinese posts labelled with polarity and
 * emotion), the enrich job started with it on the real stack (Kafka, Flink MiniCluster, HBase,
 * Elasticsearch), and the model's labels and id found on the enriched posts in Elasticsearch.
 */
class SentimentModelIT {
    /** New posts, none in the training file; each says its feeling plainly. */
    private static final Map<String, String> POSTS = new LinkedHashMap<>();

    static {
        POSTS.put("s1", "电梯坏了一个月物业什么都不管，投诉热线打了没人接，凭什么");
        POSTS.put("s2", "感谢消防员和志愿者连夜救援，你们辛苦了");
        POSTS.put("s3", "失业半年房租交不起了，不知道怎么办");
        POSTS.put("s4", "终于考上了，晚上和家人吃火锅庆祝，开心");
    }

    @Test
    void theEnrichJobLabelsPostsWithTheTrainedModelAndItsId(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("posts.tsv");
        Files.writeString(data, TrainCommandTest.SENTIMENT, StandardCharsets.UTF_8);
        Path model = dir.resolve("sentiment.model");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertThat(TrainCommand.run(new String[] {"sentiment", "--data", data.toString(), "--out", model.toString(),
                        "--folds", "3"}, new PrintStream(printed, true, StandardCharsets.UTF_8), System.err))
                .as(printed.toString(StandardCharsets.UTF_8)).isZero();
        SentimentModel trained = SentimentModel.load(model);

        try (LocalStack stack = LocalStack.start(StackOptions.forTests(dir.resolve("stack")).withJobs(EnrichJob.NAME),
                Settings.defaults().with("enrich.sentiment-model", model.toString()))) {
            Instant now = Instant.now();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                for (var p : POSTS.entrySet()) {
                    Map<String, Object> post = Map.of("id", p.getKey(), "platform", "weibo",
                            "created_at", Json.formatTime(now.minus(Duration.ofMinutes(5))), "text", p.getValue());
                    producer.send(new ProducerRecord<>(stack.enrichConfig().rawTopic(), p.getKey(), Json.toBytes(post)))
                            .get(30, TimeUnit.SECONDS);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (StackProbes.esCount(stack) < POSTS.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
            SearchResponse<ObjectNode> hits = stack.elasticsearch().search(s -> s.index(pattern).size(100),
                    ObjectNode.class);
            Map<String, EnrichedPost> found = new LinkedHashMap<>();
            for (Hit<ObjectNode> h : hits.hits().hits()) {
                found.put(h.id(), Json.fromString(h.source().toString(), EnrichedPost.class));
            }
            assertThat(found).as("posts in Elasticsearch").containsOnlyKeys(POSTS.keySet());
            for (EnrichedPost p : found.values()) {
                assertThat(p.sentimentModel()).as("sentiment_model of %s", p.id()).isEqualTo(trained.id());
                assertThat(p.emotion()).as("emotion of %s", p.id()).isNotNull();
            }
            // the model's labels, by what the posts say
            assertThat(List.of(found.get("s1").sentiment(), found.get("s3").sentiment())).containsOnly(Sentiment.NEGATIVE);
            assertThat(List.of(found.get("s2").sentiment(), found.get("s4").sentiment())).containsOnly(Sentiment.POSITIVE);
            assertThat(found.get("s1").emotion()).isEqualTo(Emotion.ANGER);
            assertThat(found.get("s2").emotion()).isEqualTo(Emotion.LIKE);
            assertThat(found.get("s1").sentimentScore()).isNegative();
            // searchable by them
            SearchResponse<ObjectNode> angry = stack.elasticsearch().search(s -> s.index(pattern)
                    .query(q -> q.term(t -> t.field("emotion").value("anger"))), ObjectNode.class);
            assertThat(angry.hits().hits()).extracting(Hit::id).contains("s1");
            SearchResponse<ObjectNode> byModel = stack.elasticsearch().search(s -> s.index(pattern)
                    .query(q -> q.term(t -> t.field("sentiment_model").value(trained.id()))), ObjectNode.class);
            assertThat(byModel.hits().total().value()).isEqualTo(POSTS.size());
        }
    }
}
