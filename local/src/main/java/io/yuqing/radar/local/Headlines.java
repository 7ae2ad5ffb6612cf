package io.yuqing.radar.local;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a person at the terminal of {@code radar-local} wants to see happen: a line when a new hot
 * topic appears, a line for every alert (首报 and 续报) and every 督办 reminder of the cases job,
 * read as dispatch would read them (read_committed).
 */
final class Headlines implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topicsTopic;
    private final String remindersTopic;
    private final Consumer<String> out;
    private final Set<String> seenTopics = new HashSet<>();
    private final Thread thread;

    Headlines(String bootstrap, String topicsTopic, String alertsTopic, String remindersTopic, Consumer<String> out) {
        this.topicsTopic = topicsTopic;
        this.remindersTopic = remindersTopic;
        this.out = out;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "radar-local-headlines-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(topicsTopic, alertsTopic, remindersTopic));
        thread = new Thread(this::run, "radar-local-headlines");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    try {
                        if (r.topic().equals(topicsTopic)) {
                            topic(Json.fromBytes(r.value(), TopicSnapshot.class));
                        } else if (r.topic().equals(remindersTopic)) {
                            CaseReminder c = Json.fromBytes(r.value(), CaseReminder.class);
                            out.accept(c.stepCn() + " → " + c.unit() + "  " + c.text());
                        } else {
                            alert(Json.fromBytes(r.value(), Alert.class));
                        }
                    } catch (RuntimeException unreadable) {
                        out.accept("  (unreadable record on " + r.topic() + ": " + unreadable.getMessage() + ")");
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    private void topic(TopicSnapshot s) {
        if (seenTopics.add(s.topicId())) {
            out.accept(String.format(Locale.ROOT, "HOT TOPIC  %s  [%s]  %s  · %d posts, %d authors, heat %.0f",
                    s.title(), s.lifecycle().json(), String.join(" ", s.keywords().subList(0, Math.min(5, s.keywords().size()))),
                    s.postCount(), s.authorCount(), s.heat()));
        }
    }

    private void alert(Alert a) {
        String report = a.reportSeq() == 1 ? "首报" : "续报 #" + a.reportSeq();
        String change = a.previousLevel() == null ? "" : " (was " + a.previousLevel().chinese() + ")";
        out.accept(String.format(Locale.ROOT, "ALERT %s  %s %s%s  %s  · %d posts, negative %.0f%%, %s",
                report, a.level().json().toUpperCase(Locale.ROOT), a.levelCn(), change, a.title(), a.postCount(),
                a.negativeRatio() * 100, a.reasons().stream().map(r -> r.rule()).toList()));
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5000);
    }
}
