package io.yuqing.radar.jobs.enrich.dedup;

import io.yuqing.radar.jobs.enrich.EnrichJobConfig;
import io.yuqing.radar.schemas.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DupHorizonConfigTest {
    @Test
    void horizonDefaultsToADayAndMustBePositive() {
        assertThat(EnrichJobConfig.from(Settings.defaults()).dupHorizon()).isEqualTo(Duration.ofHours(24));
        assertThat(EnrichJobConfig.from(Settings.defaults().with("enrich.dup-horizon", "PT6H")).dupHorizon())
                .isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> EnrichJobConfig.from(Settings.defaults().with("enrich.dup-horizon", "PT0S")))
                .hasMessageContaining("enrich.dup-horizon");
    }
}
