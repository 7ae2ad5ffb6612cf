package io.yuqing.radar.jobs.archive;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the day partitions ({@code dt=YYYY-MM-DD}) of every archive table whose day is more than
 * {@code archive.retention-days} before today (China time), on any Flink file system. Only
 * directories named as the archive names them are touched; anything else under a table is left.
 */
public final class ArchiveRetention {
    private ArchiveRetention() {}

    /** The day partitions past retention on {@code today}, oldest first. */
    public static List<Path> expired(ArchiveConfig c, LocalDate today) throws IOException {
        List<Path> out = new ArrayList<>();
        if (c.retentionDays() <= 0) {
            return out;
        }
        LocalDate oldestKept = today.minusDays(c.retentionDays());
        for (ArchiveTable t : ArchiveTable.values()) {
            Path table = new Path(c.tableUri(t));
            FileSystem fs = table.getFileSystem();
            if (!fs.exists(table)) {
                continue;
            }
            FileStatus[] days = fs.listStatus(table);
            if (days == null) {
                continue;
            }
            for (FileStatus s : days) {
                String name = s.getPath().getName();
                if (!s.isDir() || !name.startsWith("dt=")) {
                    continue;
                }
                try {
                    if (LocalDate.parse(name.substring(3)).isBefore(oldestKept)) {
                        out.add(s.getPath());
                    }
                } catch (DateTimeParseException notOurs) {
                    // not a partition this job wrote: keep it
                }
            }
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    /** Deletes {@link #expired} partitions; returns them. With {@code dryRun} only lists them. */
    public static List<Path> run(ArchiveConfig c, LocalDate today, boolean dryRun) throws IOException {
        List<Path> expired = expired(c, today);
        if (!dryRun) {
            for (Path p : expired) {
                p.getFileSystem().delete(p, true);
            }
        }
        return expired;
    }
}
