package io.yuqing.radar.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the local stack runs. Ports of 0 mean "any free port" (what tests use); the CLI defaults
 * to the well-known ones so that links in the README work.
 *
 * @param checkpointInterval how often jobs checkpoint; exactly-once Kafka output becomes visible
 *                           to read_committed readers at each checkpoint
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
        Consumer<String> out) {

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

    /** Free ports, a short checkpoint interval, quiet: for tests. */
    public static StackOptions forTests(Path dataDir) {
        return new StackOptions(dataDir, 0, 0, 0, 0, 0, "test-token", 2, Duration.ofSeconds(2),
                Heaps.defaults(), System.out::println);
    }
}
