package io.yuqing.radar.local;

import io.yuqing.radar.jobs.archive.ArchiveConfig;
import io.yuqing.radar.jobs.archive.ArchiveJob;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobID;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The archive beside a running {@link LocalStack}: a real HDFS (NameNode and DataNode in a JVM of
 * their own, storage under {@code <data-dir>/hdfs}) and the archive job on the stack's Flink,
 * writing to {@code hdfs://127.0.0.1:<port>/yuqing/archive}. Closing cancels the job before HDFS
 * stops, so no writer is left retrying against a stopped NameNode.
 */
public final class LocalArchive implements AutoCloseable {
    public static final String HEAP = "384m";
    public static final String PATH = "/yuqing/archive";

    private final ServerProcess hdfs;
    private final String uri;
    private ArchiveConfig config;
    private FlinkCluster flink;
    private JobID job;

    private LocalArchive(ServerProcess hdfs, String uri) {
        this.hdfs = hdfs;
        this.uri = uri;
    }

    /** Starts HDFS on {@code port} (0: a free one) and returns it; the job is submitted by {@link #submit}. */
    public static LocalArchive startHdfs(Path dataDir, int port, Consumer<String> say)
            throws Exception {
        Path data = dataDir.toAbsolutePath();
        ServerProcess p = ServerProcess.start("hdfs", data.resolve("hdfs"), data.resolve("logs"), HEAP,
                Map.of("port", String.valueOf(port)), Duration.ofSeconds(180));
        String uri = p.info("uri") + PATH;
        say.accept(String.format("%-19s %-32s (%.1f s, pid %d, log %s)", "HDFS", p.info("uri"),
                p.startTime().toMillis() / 1000.0, p.pid(), p.logFile()));
        return new LocalArchive(p, uri);
    }

    /**
     * Submits the archive job to {@code cluster}, configured by {@code settings} (the stack's, with
     * its servers' addresses) and this HDFS; {@code restoreFrom} a checkpoint, or null.
     */
    public JobID submit(FlinkCluster cluster, Settings settings, int parallelism, Duration checkpointInterval,
                        Path restoreFrom) throws Exception {
        flink = cluster;
        ArchiveConfig c = ArchiveConfig.from(settings.with("archive.uri", uri));
        config = c;
        job = flink.submitRestorable(ArchiveJob.NAME, parallelism, checkpointInterval, restoreFrom,
                env -> ArchiveJob.build(env, c));
        flink.awaitRunning(job, Duration.ofSeconds(90));
        return job;
    }

    /** The job's configuration, once submitted. */
    public ArchiveConfig config() {
        return config;
    }

    /** {@code hdfs://127.0.0.1:<port>/yuqing/archive} */
    public String uri() {
        return uri;
    }

    public String hdfsUri() {
        return hdfs.info("uri");
    }

    public JobID job() {
        return job;
    }

    public ServerProcess hdfs() {
        return hdfs;
    }

    @Override
    public void close() {
        try {
            if (job != null && flink != null && !flink.status(job).isGloballyTerminalState()) {
                flink.cancel(job);
                flink.awaitTerminal(job, Duration.ofSeconds(60));
            }
        } catch (Exception e) {
            System.err.println("archive job did not stop cleanly: " + e);
        } finally {
            hdfs.close();
        }
    }
}
