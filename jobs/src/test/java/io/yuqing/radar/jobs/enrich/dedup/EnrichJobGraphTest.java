package io.yuqing.radar.jobs.enrich.dedup;

import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.jobs.enrich.EnrichJobConfig;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The enrich job's graph (built, not run): clustering sits between enrichment and every post sink. */
class EnrichJobGraphTest {

    @Test
    void everyPostSinkReadsTheClusteredStream() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        EnrichJob.build(env, EnrichJobConfig.from(Settings.defaults()));
        StreamGraph graph = env.getStreamGraph();

        StreamNode fingerprint = node(graph, NearDuplicates.UID_FINGERPRINT);
        StreamNode bands = node(graph, NearDuplicates.UID_BAND_INDEX);
        StreamNode assign = node(graph, NearDuplicates.UID_ASSIGN);
        StreamNode enrich = node(graph, "enrich-parse-normalise-analyse");

        assertThat(targets(graph, enrich)).contains("near-dup: simhash").noneMatch(n -> n.startsWith("kafka: yuqing.posts.enriched")
                || n.startsWith("hbase:") || n.startsWith("elasticsearch:"));
        assertThat(targets(graph, fingerprint)).contains("near-dup: band index", "near-dup: assign cluster");
        assertThat(targets(graph, bands)).containsExactly("near-dup: assign cluster");
        // the contract JSON is written once, then each sink writes those bytes
        assertThat(targets(graph, assign)).containsExactly("contract json");
        List<String> afterAssign = targets(graph, node(graph, EnrichJob.UID_POST_JSON));
        assertThat(afterAssign).anyMatch(n -> n.startsWith("kafka: yuqing.posts.enriched"))
                .anyMatch(n -> n.startsWith("hbase: posts"))
                .anyMatch(n -> n.startsWith("elasticsearch: posts"))
                .hasSize(3);
    }

    private static StreamNode node(StreamGraph graph, String uid) {
        return graph.getStreamNodes().stream().filter(n -> uid.equals(n.getTransformationUID())).findFirst()
                .orElseThrow(() -> new AssertionError("no operator with uid " + uid));
    }

    private static List<String> targets(StreamGraph graph, StreamNode from) {
        return from.getOutEdges().stream().map(StreamEdge::getTargetId).map(graph::getStreamNode)
                .map(StreamNode::getOperatorName).toList();
    }
}
