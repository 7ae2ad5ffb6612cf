package io.yuqing.radar.local;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RadarLocalTest {

    @Test
    void readsFlagsAndValues() {
        Map<String, String> a = RadarLocal.parse(new String[] {"--fresh", "--ced", "/data/ced", "--speedup", "120"});
        assertThat(a).containsEntry("fresh", "true").containsEntry("ced", "/data/ced").containsEntry("speedup", "120");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replya", "x.jsonl"}))
                .hasMessageContaining("unknown option '--replya'");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay"})).hasMessageContaining("--replay needs a value");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--ced", "b"}))
                .hasMessageContaining("choose one");
    }

    @Test
    void theSessionClusterIsSizedForEveryJobUnlessToldOtherwise() {
        Map<String, String> a = RadarLocal.parse(new String[] {"--flink-cluster"});
        // four jobs at parallelism 2: 8 slots over the two TaskManagers
        assertThat(RadarLocal.clusterSize(a, 8)).isEqualTo(new FlinkSessionCluster.Size(2, 4, 1024));
        assertThat(RadarLocal.clusterSize(RadarLocal.parse(new String[] {"--flink-cluster", "--taskmanagers", "3"}), 8))
                .isEqualTo(new FlinkSessionCluster.Size(3, 3, 1024));
        assertThat(RadarLocal.clusterSize(RadarLocal.parse(new String[] {"--flink-cluster", "--taskmanager-slots", "6",
                "--taskmanager-heap", "2048"}), 8)).isEqualTo(new FlinkSessionCluster.Size(2, 6, 2048));
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--taskmanagers", "3"}))
                .hasMessageContaining("use it with --flink-cluster");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--flink-cluster", "--replay", "a", "--as-recorded",
                "--exit-when-done"})).hasMessageContaining("MiniCluster only");
    }

    @Test
    void aBacktestReplaysAsRecordedAndMayExitAndExport() {
        Map<String, String> a = RadarLocal.parse(new String[] {"--replay", "day.jsonl", "--as-recorded", "--exit-when-done",
                "--export", "out", "--stall-timeout", "PT2M"});
        assertThat(a).containsEntry("as-recorded", "true").containsEntry("exit-when-done", "true")
                .containsEntry("export", "out").containsEntry("stall-timeout", "PT2M");
        // as recorded without waiting for the end: it keeps running, like any replay
        assertThat(RadarLocal.parse(new String[] {"--replay", "day.jsonl", "--as-recorded"})).containsKey("as-recorded");
    }

    @Test
    void refusesBacktestOptionsThatCannotMeanAnything() {
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--as-recorded", "--speedup", "60"}))
                .hasMessageContaining("--speedup does not apply");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--as-recorded"}))
                .hasMessageContaining("give it --replay FILE");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--ced", "d", "--as-recorded"}))
                .hasMessageContaining("give it --replay FILE");
        // the generator never ends and a sped-up replay is restamped: no end worth waiting for
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--exit-when-done"}))
                .hasMessageContaining("--replay FILE --as-recorded");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--exit-when-done"}))
                .hasMessageContaining("--replay FILE --as-recorded");
        // an export of a stack still running would miss the last windows
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--as-recorded", "--export", "out"}))
                .hasMessageContaining("with --exit-when-done");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--as-recorded", "--exit-when-done",
                "--stall-timeout", "5m"})).hasMessageContaining("ISO-8601 duration");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--as-recorded", "--exit-when-done",
                "--stall-timeout", "PT0S"})).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--stall-timeout", "PT1M"}))
                .hasMessageContaining("use it with --exit-when-done");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--as-recorded", "--exit-when-done",
                "--no-feed"})).hasMessageContaining("nothing to wait for");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--as-recorded", "--export"}))
                .hasMessageContaining("--export needs a value");
    }

    @Test
    void theDemosCaseDeadlinesLoadAndAreMinutesWhereTheShippedOnesAreHours() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("radar-local-demo");
        java.nio.file.Path file = RadarLocal.demoCaseDeadlines(dir);
        io.yuqing.radar.jobs.cases.CaseDeadlines demo = io.yuqing.radar.jobs.cases.CaseDeadlines.load(file);
        io.yuqing.radar.jobs.cases.CaseDeadlines shipped = io.yuqing.radar.jobs.cases.CaseDeadlines.defaults();
        for (io.yuqing.radar.schemas.RiskLevel l : io.yuqing.radar.schemas.RiskLevel.values()) {
            assertThat(demo.level(l).acknowledge()).isLessThan(shipped.level(l).acknowledge())
                    .isLessThanOrEqualTo(java.time.Duration.ofMinutes(5));
            assertThat(demo.level(l).close()).isLessThan(java.time.Duration.ofHours(1));
            assertThat(demo.level(l).closeOpinion()).isNotNull(); // no working days in a demo
            // units stay the shipped ones: only the clock is shortened
            assertThat(demo.level(l).escalationUnit()).isEqualTo(shipped.level(l).escalationUnit());
        }
        assertThat(demo.describe()).anySatisfy(line -> assertThat(line).contains("red", "签收 1m"));
        java.nio.file.Files.delete(file);
        java.nio.file.Files.delete(dir);
    }
}
