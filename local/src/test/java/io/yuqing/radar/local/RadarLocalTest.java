package io.yuqing.radar.local;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RadarLocalTest {

    @Test
    void readsFlagsAndValues() {
        Map<String, String> a = RadarLocal.parse(new String[] {"--fresh", "--ced", "/data/ced", "--speedup", "120"});
        assertThat(a).containsEntry("fresh", "true").containsEntry("ced", "/data/ced").containsEntry("speedup", "120");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replya", "x.jsonl"}))
                .hasMessageContaining("unknown option '--replya'");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay"})).hasMessageContaining("--replay needs a value");
        assertThatThrownBy(() -> RadarLocal.parse(new String[] {"--replay", "a", "--ced", "b"}))
                .hasMessageContaining("choose one");
    }
}
