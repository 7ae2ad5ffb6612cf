package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.yuqing.radar.local.feed.EventKind;
import io.yuqing.radar.local.feed.EventPlan;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backtest through the launcher: a recorded day of 2025 (generated background chatter with one
 * planted event, written out of order as real exports are) replayed with
 * {@code --replay FILE --as-recorded --exit-when-done --export DIR}, the same code path as the
 * CLI, on the real stack with free ports. The launcher must come back by itself with the stack
 * stopped, and the export must hold the recorded day's topics (not today's), the planted one among
 * them, each line a contract message.
 */
class BacktestIT {
    /** Event time of the recording: a past day, far from the wall clock. */
    private static final Instant RECORDED_START = Instant.parse("2025-06-14T00:00:00Z");
    private static final Duration RECORDED_SPAN = Duration.ofMinutes(80);

    private Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        TestDirs.delete(tmp);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void replaysARecordedDayAsRecordedStopsByItselfAndExportsItsTopicsAndAlerts() throws Exception {
        tmp = Files.createTempDirectory("yuqing-backtest-it");
        // 80 minutes of background, one event from minute 35 (as TopicsJobIT plants it)
        EventPlan event = new EventPlan(EventKind.values()[0], null, Duration.ofMinutes(35), Duration.ofMinutes(10),
                Duration.ofMinutes(20), 40);
        PostGenerator generator = new PostGenerator(PostGenerator.Config.defaults().withStart(RECORDED_START)
                .withBackgroundPerMinute(25).withEvents(List.of(event)).withMalformedShare(0)
                .withDuration(RECORDED_SPAN));
        PostGenerator.PlantedEventInfo planted = generator.plantedEvents().get(0);
        List<String> lines = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        try (generator) {
            while (generator.hasNext()) {
                FeedRecord r = generator.next();
                lines.add(new String(r.value(), StandardCharsets.UTF_8));
                first = first == null ? r.eventTime() : first;
                last = r.eventTime();
            }
        }
        // an export is rarely in time order: the replay has to sort it
        Collections.shuffle(lines, new Random(12));
        Path recording = tmp.resolve("recorded-2025-06-14.jsonl");
        Files.write(recording, lines, StandardCharsets.UTF_8);
        // the generator's background is steady from its first minute, so a shorter warm-up than
        // production's 30 minutes (as in TopicsJobIT) leaves the event 15 minutes of baseline
        Path config = tmp.resolve("backtest.properties");
        Files.writeString(config, "topics.warmup=PT20M\n");
        Path export = tmp.resolve("export");
        System.out.printf("recorded %d posts %s .. %s, planted %s%n", lines.size(), first, last, planted);

        long t0 = System.nanoTime();
        int code = RadarLocal.run(RadarLocal.parse(new String[] {
                "--replay", recording.toString(), "--as-recorded", "--exit-when-done", "--export", export.toString(),
                "--stall-timeout", "PT3M", "--config", config.toString(), "--data-dir", tmp.resolve("stack").toString(),
                "--no-browser", "--kafka-port", "0", "--hbase-zk-port", "0", "--es-port", "0", "--flink-port", "0",
                "--query-port", "0"}));
        System.out.printf("backtest finished in %.0f s%n", (System.nanoTime() - t0) / 1e9);

        // it came back by itself, and nothing it started is left: the servers were its child JVMs
        assertThat(code).isZero();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();

        Path topicsFile = export.resolve(RadarLocal.EXPORT_TOPICS);
        Path alertsFile = export.resolve(RadarLocal.EXPORT_ALERTS);
        assertThat(topicsFile).exists();
        assertThat(alertsFile).exists();
        JsonSchema snapshotSchema = schema("topic-snapshot");
        JsonSchema alertSchema = schema("alert");
        List<TopicSnapshot> snapshots = new ArrayList<>();
        for (String line : Files.readAllLines(topicsFile, StandardCharsets.UTF_8)) {
            JsonNode tree = Json.mapper().readTree(line);
            assertThat(snapshotSchema.validate(tree)).as(line).isEmpty();
            snapshots.add(Json.fromBytes(line.getBytes(StandardCharsets.UTF_8), TopicSnapshot.class));
        }
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(alertsFile, StandardCharsets.UTF_8)) {
            JsonNode tree = Json.mapper().readTree(line);
            assertThat(alertSchema.validate(tree)).as(line).isEmpty();
            alerts.add(Json.fromBytes(line.getBytes(StandardCharsets.UTF_8), Alert.class));
        }
        System.out.printf("exported %d snapshots, %d alerts%n", snapshots.size(), alerts.size());
        snapshots.forEach(s -> System.out.printf("  %s %s %-8s posts=%3d %s «%s»%n", s.windowEnd(), s.topicId(),
                s.lifecycle().json(), s.postCount(), s.keywords(), s.title()));
        alerts.forEach(a -> System.out.printf("  ALERT %s %s #%d %s «%s»%n", a.windowEnd(), a.topicId(), a.reportSeq(),
                a.level(), a.title()));

        // windows of the recorded day: from its first post to its last plus a window, and the run-on
        // of each live topic until it ends (topics.end-after) after the drain, never the wall clock
        Instant earliest = first.minus(Duration.ofMinutes(10));
        Instant latest = last.plus(Duration.ofMinutes(10 + 10 + 1));
        assertThat(snapshots).isNotEmpty().allSatisfy(s -> {
            assertThat(s.windowStart()).isAfterOrEqualTo(earliest);
            assertThat(s.windowEnd()).isBeforeOrEqualTo(latest);
        });
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.windowStart()).isAfterOrEqualTo(earliest);
            assertThat(a.windowEnd()).isBeforeOrEqualTo(latest);
        });
        // in window order, as the topic stage wrote them
        assertThat(snapshots).extracting(TopicSnapshot::windowEnd).isSorted();

        // the planted event is a topic of the export, with snapshots past its peak
        String city = planted.region().substring(planted.region().lastIndexOf(' ') + 1);
        Map<String, List<TopicSnapshot>> byTopic = new LinkedHashMap<>();
        snapshots.forEach(s -> byTopic.computeIfAbsent(s.topicId(), k -> new ArrayList<>()).add(s));
        List<String> eventTopics = byTopic.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(s ->
                        s.keywords().stream().anyMatch(k -> k.contains(city))
                                || s.samplePosts().stream().filter(p -> p.excerpt() != null && p.excerpt().contains(city)).count() >= 2))
                .map(Map.Entry::getKey).toList();
        assertThat(eventTopics).as("topics about the planted event in %s: %s", city, byTopic.keySet()).isNotEmpty();
        List<TopicSnapshot> eventSnapshots = byTopic.get(eventTopics.get(0));
        assertThat(eventSnapshots.get(0).windowEnd()).isBetween(planted.start(), planted.peak().plus(Duration.ofMinutes(5)));
        // drained to the end: the event's topic was followed until it ended, not cut off mid-story
        assertThat(eventSnapshots.get(eventSnapshots.size() - 1).lifecycle().json()).isEqualTo("ended");
        // every alert is about a topic of the export
        assertThat(alerts).allSatisfy(a -> assertThat(byTopic).containsKey(a.topicId()));
    }

    private static JsonSchema schema(String name) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                SchemaLocation.of("classpath:schemas/" + name + ".schema.json"),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
}
