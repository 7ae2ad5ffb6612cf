package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.yuqing.radar.jobs.alerts.Snapshots.T0;
import static io.yuqing.radar.jobs.alerts.Snapshots.topic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's processing on a Flink MiniCluster (parallelism 2): a bounded stream of hand-built
 * snapshots for a topic rising blue → yellow → orange, with repeats at each level, a second topic
 * and an unreadable record. Kafka and Elasticsearch ends are covered by the local-stack IT.
 */
class AlertsJobMiniClusterTest {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Object[] WIDE = {"weibo", 500, "douyin", 50, "forum", 50};

    @Test
    void aRisingTopicGetsOneFirstReportAndOneFollowUpPerLevelChange() throws Exception {
        List<RawRecord> records = new ArrayList<>();
        Snapshots blue = topic().id("tp-rising").keywords("食品安全", "后厨");
        Snapshots[] story = {topic().id("tp-rising"), blue, blue, blue.posts(20),
                blue().posts(100).negative(60), blue().posts(120).negative(70), blue().posts(130).negative(80),
                blue().posts(600).negative(360).platforms(WIDE), blue().posts(620).negative(370).platforms(WIDE)};
        for (int i = 0; i < story.length; i++) {
            records.add(record(story[i].at(T0.plus(Duration.ofMinutes(i))).build(), i));
        }
        records.add(new RawRecord("yuqing.topics", 0, 99, 0L, "junk", "{oops".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 5; i++) {
            records.add(record(topic().id("tp-other").keywords("辟谣").at(T0.plus(Duration.ofMinutes(i))).build(), 100 + i));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TypeInformation<RawRecord> raw = TypeInformation.of(RawRecord.class);
        DataStream<RawRecord> snapshots = env.fromData(records, raw).setParallelism(1);
        DataStream<RawRecord> control = env.fromData(List.of(new RawRecord("yuqing.alerts.control", 0, 0, 0L, null,
                "{}".getBytes(StandardCharsets.UTF_8))), raw).setParallelism(1);
        AlertsJob.Streams out = AlertsJob.wire(snapshots, control, AlertsJobConfig.from(Settings.defaults()));

        List<Alert> alerts = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        JobID job;
        try (CloseableIterator<Alert> a = out.alerts().collectAsync();
             CloseableIterator<DeadLetter> d = out.deadLetters().collectAsync()) {
            job = env.execute("alerts-minicluster-test").getJobID();
            a.forEachRemaining(alerts::add);
            d.forEachRemaining(deadLetters::add);
        }

        List<Alert> rising = alerts.stream().filter(x -> x.topicId().equals("tp-rising"))
                .sorted(Comparator.comparingInt(Alert::reportSeq)).toList();
        assertThat(rising).extracting(Alert::alertId).containsExactly("tp-rising-1", "tp-rising-2", "tp-rising-3");
        assertThat(rising).extracting(Alert::level).containsExactly(RiskLevel.BLUE, RiskLevel.YELLOW, RiskLevel.ORANGE);
        assertThat(rising).extracting(Alert::previousLevel).containsExactly(null, RiskLevel.BLUE, RiskLevel.YELLOW);
        assertThat(alerts.stream().filter(x -> x.topicId().equals("tp-other"))).extracting(Alert::alertId)
                .containsExactly("tp-other-1");
        assertThat(alerts).hasSize(4);
        assertThat(deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetterReason.NOT_JSON);
            assertThat(dl.key()).isEqualTo("junk");
        });

        // what Prometheus shows as flink_taskmanager_job_task_operator_level_alertsIssued{level="…"}
        Map<String, Long> byLevel = new TreeMap<>();
        METRICS.getMetricsByGroup().forEach((group, metrics) -> {
            Map<String, String> vars = group.getAllVariables();
            if (job.toString().equals(vars.get("<job_id>")) && vars.containsKey("<level>") && metrics.containsKey("alertsIssued")) {
                byLevel.merge(vars.get("<level>"), ((Counter) metrics.get("alertsIssued")).getCount(), Long::sum);
            }
        });
        assertThat(byLevel).containsExactlyInAnyOrderEntriesOf(Map.of("blue", 2L, "yellow", 1L, "orange", 1L, "red", 0L));
        assertThat(alerts.stream().filter(x -> x.level() == RiskLevel.BLUE)).hasSize(2);
    }

    private static Snapshots blue() {
        return topic().id("tp-rising").keywords("食品安全", "后厨");
    }

    private static RawRecord record(TopicSnapshot s, long offset) {
        return new RawRecord("yuqing.topics", 0, offset, 0L, s.topicId(), Json.toBytes(s));
    }
}
