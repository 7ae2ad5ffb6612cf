package io.yuqing.radar.local;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Flink MiniCluster with its web UI on loopback, to which the local stack submits each job
 * separately, as a real cluster would run them: each job has its own checkpoints and can be
 * cancelled or restored on its own.
 */
public final class FlinkCluster implements AutoCloseable {
    private final MiniCluster cluster;
    private final Path checkpointDir;
    private final String webUi;
    /** Index of the TaskManager in service, in the MiniCluster's list. */
    private int liveTaskManager;

    private FlinkCluster(MiniCluster cluster, Path checkpointDir, String webUi) {
        this.cluster = cluster;
        this.checkpointDir = checkpointDir;
        this.webUi = webUi;
    }

    /** @param uiPort web UI / REST port, 0 for a free one */
    public static FlinkCluster start(Path dataDir, int uiPort, int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, uiPort);
        Path checkpoints = dataDir.resolve("checkpoints");
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        String ui = cluster.getRestAddress().get(30, TimeUnit.SECONDS).toString();
        return new FlinkCluster(cluster, checkpoints, ui);
    }

    /**
     * Builds a job with {@code build} and submits it.
     *
     * @param checkpointInterval how often the job checkpoints; transactional Kafka output becomes
     *                           visible to read_committed consumers at each checkpoint
     */
    public JobID submit(String name, int parallelism, Duration checkpointInterval,
                        Consumer<StreamExecutionEnvironment> build) throws Exception {
        Configuration conf = new Configuration();
        // Contract records carry explicit serializers; a Kryo fallback would be a bug, so fail loudly.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        io.yuqing.radar.jobs.JobMain.fixMaxParallelism(env);
        env.enableCheckpointing(checkpointInterval.toMillis());
        build.accept(env);
        var graph = env.getStreamGraph();
        graph.setJobName(name);
        return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
    }

    /**
     * As {@link #submit}, for restore drills: the job keeps its last checkpoint when cancelled, and
     * starts from {@code restoreFrom} (a checkpoint or savepoint directory) when it is not null.
     */
    public JobID submitRestorable(String name, int parallelism, Duration checkpointInterval, Path restoreFrom,
                                  Consumer<StreamExecutionEnvironment> build) throws Exception {
        return submit(name, parallelism, checkpointInterval, env -> {
            Configuration c = new Configuration();
            c.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
            if (restoreFrom != null) {
                c.setString("execution.state-recovery.path", restoreFrom.toUri().toString());
            }
            env.configure(c);
            build.accept(env);
        });
    }

    /** Waits until the job has ended (cancelled, finished or failed). */
    public void awaitTerminal(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status(job).isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " not ended within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    /** The job's last completed checkpoint, to restore from (see {@link #submitRestorable}). */
    public Path lastCheckpoint(JobID job) throws java.io.IOException {
        Path dir = checkpointDir.resolve(job.toHexString());
        try (java.util.stream.Stream<Path> chks = java.nio.file.Files.list(dir)) {
            return chks.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> java.nio.file.Files.exists(p.resolve("_metadata")))
                    .max(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new IllegalStateException("no completed checkpoint in " + dir));
        }
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
    }

    /** Waits until every task of the job runs (not just until it is accepted). */
    public void awaitRunning(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus s = status(job);
            if (s == JobStatus.RUNNING) {
                return;
            }
            if (s.isGloballyTerminalState()) {
                throw new IllegalStateException("job " + job + " ended as " + s + " before it ran");
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + job + " not running after " + timeout.toSeconds() + " s");
    }

    /**
     * For failure drills: shuts the running TaskManager down under its jobs, as a lost TaskManager
     * pod looks to the JobManager: every task on it fails and its jobs go into failover. No
     * TaskManager is left until {@link #startTaskManager()}.
     */
    public synchronized void stopTaskManager() throws Exception {
        cluster.terminateTaskManager(liveTaskManager).get(60, TimeUnit.SECONDS);
    }

    /** A fresh TaskManager with the same slots, on which waiting jobs restore from their last checkpoint. */
    public synchronized void startTaskManager() throws Exception {
        cluster.startTaskManager();
        // the MiniCluster keeps stopped TaskManagers in its list and appends new ones
        liveTaskManager++;
    }

    /**
     * Stops a job the way {@code flink stop --drain} does: its sources end, the watermark jumps to
     * the end of time so every window and event-time timer still pending fires, and the final
     * savepoint commits the job's Kafka transactions. For a replay that has ended: the last
     * windows would otherwise wait for posts that never come.
     *
     * @return where the savepoint went
     */
    public String stopDraining(JobID job, Duration timeout) throws Exception {
        String dir = checkpointDir.resolveSibling("savepoints").toUri().toString();
        return cluster.stopWithSavepoint(job, dir, true, SavepointFormatType.CANONICAL)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
    }

    public String webUi() {
        return webUi;
    }

    public Path checkpointDir() {
        return checkpointDir;
    }

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }
}
