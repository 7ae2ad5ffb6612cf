package io.yuqing.radar.local;

import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.cases.CasesJob;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.topics.TopicsJob;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How the local stack runs. Ports of 0 mean "any free port" (what tests use); the CLI defaults
 * to the well-known ones so that links in the README work.
 *
 * @param checkpointInterval how often jobs checkpoint; exactly-once Kafka output becomes visible
 *                           to read_committed readers at each checkpoint
 * @param flinkCluster       null: the jobs run in a MiniCluster in this JVM; else a real session
 *                           cluster of this size ({@link FlinkSessionCluster}), the jobs submitted
 *                           to it as the jobs jar
 */
public record StackOptions(
        Path dataDir,
        int kafkaPort,
        int hbaseZookeeperPort,
        int elasticsearchPort,
        int flinkUiPort,
        int queryPort,
        String apiToken,
        int parallelism,
        Duration checkpointInterval,
        Heaps heaps,
        Set<String> jobs,
        Consumer<String> out,
        FlinkSessionCluster.Size flinkCluster) {

    /** Every job the stack can run, by its Flink job name. */
    public static final Set<String> ALL_JOBS = Set.of(EnrichJob.NAME, TopicsJob.NAME, AlertsJob.NAME, CasesJob.NAME);

    public StackOptions {
        jobs = Set.copyOf(jobs);
        if (!ALL_JOBS.containsAll(jobs)) {
            throw new IllegalArgumentException("unknown job in " + jobs + "; the stack runs " + ALL_JOBS);
        }
    }

    /** The stack with its jobs in a MiniCluster. */
    public StackOptions(Path dataDir, int kafkaPort, int hbaseZookeeperPort, int elasticsearchPort, int flinkUiPort,
                        int queryPort, String apiToken, int parallelism, Duration checkpointInterval, Heaps heaps,
                        Set<String> jobs, Consumer<String> out) {
        this(dataDir, kafkaPort, hbaseZookeeperPort, elasticsearchPort, flinkUiPort, queryPort, apiToken, parallelism,
                checkpointInterval, heaps, jobs, out, null);
    }

    /** The same stack running only {@code names}: for a test that submits and restores a job itself. */
    public StackOptions withJobs(String... names) {
        return new StackOptions(dataDir, kafkaPort, hbaseZookeeperPort, elasticsearchPort, flinkUiPort, queryPort,
                apiToken, parallelism, checkpointInterval, heaps, Set.of(names), out, flinkCluster);
    }

    /** The same stack with its jobs on a real session cluster of {@code size} (null: a MiniCluster). */
    public StackOptions withFlinkCluster(FlinkSessionCluster.Size size) {
        return new StackOptions(dataDir, kafkaPort, hbaseZookeeperPort, elasticsearchPort, flinkUiPort, queryPort,
                apiToken, parallelism, checkpointInterval, heaps, jobs, out, size);
    }

    /** The same stack at another job parallelism. */
    public StackOptions withParallelism(int p) {
        return new StackOptions(dataDir, kafkaPort, hbaseZookeeperPort, elasticsearchPort, flinkUiPort, queryPort,
                apiToken, p, checkpointInterval, heaps, jobs, out, flinkCluster);
    }

    /** Maximum heap of each server JVM. The launcher's own JVM (Flink, query service) is set by its -Xmx. */
    public record Heaps(String kafka, String hbase, String elasticsearch) {
        public static Heaps defaults() {
            return new Heaps("512m", "1g", "1g");
        }

        long totalBytes() {
            return bytes(kafka) + bytes(hbase) + bytes(elasticsearch);
        }

        static long bytes(String heap) {
            String h = heap.trim().toLowerCase();
            long n = Long.parseLong(h.replaceAll("[kmg]$", ""));
            return switch (h.charAt(h.length() - 1)) {
                case 'g' -> n << 30;
                case 'm' -> n << 20;
                case 'k' -> n << 10;
                default -> n;
            };
        }
    }

    /**
     * Free ports, a short checkpoint interval, quiet: for tests. The posts-to-alerts pipeline only
     * (enrich, topics, alerts): the cases job has an IT of its own (CasesJobIT), and on a 2-core
     * machine a fourth job in every other IT's MiniCluster costs minutes of suite time for nothing
     * those tests look at.
     */
    public static StackOptions forTests(Path dataDir) {
        return new StackOptions(dataDir, 0, 0, 0, 0, 0, "test-token", 2, Duration.ofSeconds(2),
                Heaps.defaults(), Set.of(EnrichJob.NAME, TopicsJob.NAME, AlertsJob.NAME), System.out::println);
    }
}
