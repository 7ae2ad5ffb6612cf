package io.yuqing.radar.jobs.archive;

import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.connectors.kafka.KafkaIo;
import io.yuqing.radar.schemas.Settings;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the archive job and its commands need, read from {@link Settings} ({@code archive.*}).
 *
 * @param uri                 where the tables live: hdfs://…, s3://…, file:///… (any Flink file system)
 * @param topics              the Kafka topic each table is read from
 * @param compactCheckpoints  files of this many checkpoints are compacted into one per partition
 *                            and subtask; the files become visible only then (0: no compaction,
 *                            one file per checkpoint, visible at each)
 * @param retentionDays       partitions whose day is older than this are removed by
 *                            {@link ArchiveRetention} (0: kept for ever)
 * @param parallelism         of the writers (0: the environment's); the archive is light, and each
 *                            writer adds files per hour
 */
public record ArchiveConfig(
        KafkaConnection kafka,
        String uri,
        Map<ArchiveTable, String> topics,
        String groupId,
        boolean startFromEarliest,
        int compactCheckpoints,
        int retentionDays,
        int parallelism) {

    public static ArchiveConfig from(Settings s) {
        Map<ArchiveTable, String> topics = new EnumMap<>(ArchiveTable.class);
        for (ArchiveTable t : ArchiveTable.values()) {
            topics.put(t, s.get(t.topicKey()));
        }
        return new ArchiveConfig(KafkaConnection.from(s), normalise(s.get("archive.uri")), topics, s.get("archive.group"),
                KafkaIo.startFromEarliest(s), s.getInt("archive.compact-checkpoints"), s.getInt("archive.retention-days"),
                s.getInt("archive.parallelism"));
    }

    public ArchiveConfig withUri(String newUri) {
        return new ArchiveConfig(kafka, normalise(newUri), topics, groupId, startFromEarliest, compactCheckpoints,
                retentionDays, parallelism);
    }

    public ArchiveConfig withCompactCheckpoints(int n) {
        return new ArchiveConfig(kafka, uri, topics, groupId, startFromEarliest, n, retentionDays, parallelism);
    }

    /** The directory of one table. */
    public String tableUri(ArchiveTable t) {
        return uri + "/" + t.tableName();
    }

    private static String normalise(String uri) {
        String u = uri.trim();
        if (u.isEmpty()) {
            throw new IllegalArgumentException("archive.uri is empty: give hdfs://namenode:8020/yuqing/archive, "
                    + "s3://bucket/archive or file:///path");
        }
        if (!u.toLowerCase(Locale.ROOT).matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("archive.uri must name its file system (hdfs://, s3://, file://), got '" + u + "'");
        }
        while (u.endsWith("/") && !u.endsWith("://")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
