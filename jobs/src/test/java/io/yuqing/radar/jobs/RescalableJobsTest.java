package io.yuqing.radar.jobs;

import io.yuqing.radar.jobs.alerts.AlertsJob;
import io.yuqing.radar.jobs.alerts.AlertsJobConfig;
import io.yuqing.radar.jobs.cases.CasesJob;
import io.yuqing.radar.jobs.cases.CasesJobConfig;
import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.enrich.EnrichJobConfig;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a savepoint needs to be restored at another parallelism: every operator of every job
 * (built, not run) has a stable uid of its own, so its state finds its way back, and the job's
 * max parallelism is fixed, so the key groups stay the same however many subtasks share them.
 */
class RescalableJobsTest {

    @ParameterizedTest
    @ValueSource(strings = {EnrichJob.NAME, TopicsJob.NAME, AlertsJob.NAME, CasesJob.NAME})
    void everyOperatorHasItsOwnUidAndTheMaxParallelismIsFixed(String job) {
        Settings s = Settings.defaults();
        Consumer<StreamExecutionEnvironment> build = switch (job) {
            case EnrichJob.NAME -> env -> EnrichJob.build(env, EnrichJobConfig.from(s));
            case TopicsJob.NAME -> env -> TopicsJob.build(env, TopicsJobConfig.from(s));
            case AlertsJob.NAME -> env -> AlertsJob.build(env, AlertsJobConfig.from(s));
            default -> env -> CasesJob.build(env, CasesJobConfig.from(s));
        };
        for (int parallelism : new int[] {1, 2, 4}) {
            Configuration conf = new Configuration();
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            env.setParallelism(parallelism);
            JobMain.fixMaxParallelism(env);
            build.accept(env);
            StreamGraph graph = env.getStreamGraph();

            assertThat(graph.getExecutionConfig().getMaxParallelism()).as("%s max parallelism", job)
                    .isEqualTo(JobMain.MAX_PARALLELISM);
            List<String> withoutUid = new ArrayList<>();
            Set<String> uids = new HashSet<>();
            List<String> repeated = new ArrayList<>();
            for (StreamNode n : graph.getStreamNodes()) {
                String uid = n.getTransformationUID();
                if (uid == null || uid.isBlank()) {
                    withoutUid.add(n.getOperatorName());
                } else if (!uids.add(uid)) {
                    repeated.add(uid);
                }
            }
            assertThat(withoutUid).as("%s operators without a uid", job).isEmpty();
            assertThat(repeated).as("%s uids used twice", job).isEmpty();
            assertThat(graph.getStreamNodes()).as("%s operators", job).hasSizeGreaterThan(3);
        }
    }
}
