package io.yuqing.radar.jobs;

import io.yuqing.radar.schemas.Settings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.function.BiConsumer;

/** How each job starts on a real cluster ({@code flink run}, the Kubernetes operator): one way for all. */
public final class JobMain {
    /**
     * The number of key groups every job's keyed state is split into, and so the highest
     * parallelism a savepoint can be restored at. Fixed, because Flink otherwise derives it from
     * the first run's parallelism, and a savepoint cannot be restored under another value. 128 is
     * what Flink derives for any parallelism up to 85, so savepoints of earlier runs restore.
     */
    public static final int MAX_PARALLELISM = 128;

    private JobMain() {}

    /** {@link #MAX_PARALLELISM}, unless the cluster's or job's configuration sets pipeline.max-parallelism. */
    public static void fixMaxParallelism(StreamExecutionEnvironment env) {
        if (env.getMaxParallelism() <= 0) {
            env.setMaxParallelism(MAX_PARALLELISM);
        }
    }

    /**
     * Reads the settings ({@code --config FILE} or {@code YUQING_CONFIG}, then {@code YUQING_*}),
     * enables checkpointing every {@code flink.checkpoint-interval}, builds the job and runs it.
     */
    public static void run(String[] args, String name, BiConsumer<StreamExecutionEnvironment, Settings> build)
            throws Exception {
        Settings settings = Settings.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(settings.getDuration("flink.checkpoint-interval").toMillis());
        fixMaxParallelism(env);
        build.accept(env, settings);
        env.execute(name);
    }
}
