package io.yuqing.radar.local;

import io.yuqing.radar.jobs.cases.CasesJob;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure drill (profile {@code drills}): the only TaskManager is lost while case deadlines are
 * pending. Twelve cases open a second apart, each with a 签收 deadline of 25 s escalated 40 s later;
 * once a checkpoint is complete and the first 督办 is committed, the TaskManager stops, stays down
 * 10 s and a new one starts. The job restores from its checkpoint; every case then has exactly its
 * two reminders on {@code yuqing.cases.reminders} (read_committed): none lost, none repeated.
 */
class CasesTaskManagerDrill {
    private static final int CASES = 12;
    private static final Duration DOWN = Duration.ofSeconds(10);

    @Test
    void everyReminderExactlyOnceAcrossALostTaskManager() throws Exception {
        Path data = Files.createTempDirectory("yuqing-cases-drill");
        Path deadlines = data.resolve("deadlines.yaml");
        Files.writeString(deadlines, "levels:\n  orange: {acknowledge: PT25S, respond: PT30M, close: PT1H, escalate-after: PT40S}\n");
        Settings settings = Settings.defaults().with("cases.deadlines-file", deadlines.toString());
        try (LocalStack stack = LocalStack.start(StackOptions.forTests(data).withJobs(CasesJob.NAME), settings);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            JobID job = stack.casesJob();
            String topic = stack.casesConfig().alertsTopic();
            for (int i = 0; i < CASES; i++) {
                Instant now = Instant.now();
                String id = String.format("tp-d1a11%07d", i);
                Alert a = new Alert(id + "-1", id, 1, RiskLevel.ORANGE, null, List.of(new AlertReason("negative_ratio", 0.8, 0.5)),
                        "某区第" + (i + 1) + "小学食堂学生集体腹泻", List.of("食堂", "腹泻"), now.minus(Duration.ofMinutes(10)), now,
                        now.minus(Duration.ofHours(1)), now, 300, 260, 0.8, List.of("weibo"), List.of("湖南省长沙市"), List.of(),
                        120, Category.FOOD, 0.8, List.of("腹泻"), 0.2);
                producer.send(new ProducerRecord<>(topic, id, Json.toBytes(a))).get(30, TimeUnit.SECONDS);
                Thread.sleep(1000);
            }
            TaskManagerFailureDrill.awaitCompletedCheckpoint(stack, job);
            awaitReminders(stack, r -> !r.isEmpty(), Duration.ofMinutes(2), Duration.ZERO);
            int before = CommittedRecords.read(stack.kafkaBootstrap(), stack.casesConfig().remindersTopic(), Duration.ZERO).size();

            stack.flink().stopTaskManager();
            Thread.sleep(DOWN.toMillis());
            stack.flink().startTaskManager();
            TaskManagerFailureDrill.awaitRestoredAndRunning(stack, job);

            List<String> ids = awaitReminders(stack, r -> r.size() >= 2 * CASES, Duration.ofMinutes(3), Duration.ofSeconds(5));
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < CASES; i++) {
                expected.add(String.format("tp-d1a11%07d", i) + "-1-acknowledge-1");
                expected.add(String.format("tp-d1a11%07d", i) + "-1-acknowledge-2");
            }
            assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(stack.flink().status(job)).isEqualTo(JobStatus.RUNNING);
            System.out.printf("cases TaskManager drill: %d cases, %d reminder(s) committed before the TaskManager stopped, "
                    + "down %d s; after the restore %d reminders, each exactly once%n", CASES, before, DOWN.toSeconds(), ids.size());
            assertThat(before).as("some deadlines were still pending when the TaskManager stopped").isLessThan(2 * CASES);
        } finally {
            TestDirs.delete(data);
        }
    }

    /** Reminder ids committed on the topic once {@code done}, re-read until {@code settle} passes without one more. */
    private static List<String> awaitReminders(LocalStack stack, java.util.function.Predicate<List<String>> done,
                                               Duration patience, Duration settle) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> ids = new ArrayList<>();
            CommittedRecords.read(stack.kafkaBootstrap(), stack.casesConfig().remindersTopic(), Duration.ZERO)
                    .forEach(r -> ids.add(Json.fromBytes(r.value(), CaseReminder.class).reminderId()));
            if (done.test(ids)) {
                List<String> settled = new ArrayList<>();
                CommittedRecords.read(stack.kafkaBootstrap(), stack.casesConfig().remindersTopic(), settle)
                        .forEach(r -> settled.add(Json.fromBytes(r.value(), CaseReminder.class).reminderId()));
                return settled;
            }
            assertThat(System.nanoTime()).as("reminders so far: %s", ids).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
