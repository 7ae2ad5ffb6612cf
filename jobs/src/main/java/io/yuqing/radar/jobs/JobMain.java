package io.yuqing.radar.jobs;

import io.yuqing.radar.schemas.Settings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.function.BiConsumer;

/** How each job starts on a real cluster ({@code flink run}, the Kubernetes operator): one way for all. */
public final class JobMain {
    private JobMain() {}

    /**
     * Reads the settings ({@code --config FILE} or {@code YUQING_CONFIG}, then {@code YUQING_*}),
     * enables checkpointing every {@code flink.checkpoint-interval}, builds the job and runs it.
     */
    public static void run(String[] args, String name, BiConsumer<StreamExecutionEnvironment, Settings> build)
            throws Exception {
        Settings settings = Settings.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(settings.getDuration("flink.checkpoint-interval").toMillis());
        build.accept(env, settings);
        env.execute(name);
    }
}
