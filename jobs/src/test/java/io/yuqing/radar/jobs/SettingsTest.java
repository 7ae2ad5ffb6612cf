package io.yuqing.radar.jobs;

import io.yuqing.radar.jobs.enrich.EnrichJobConfig;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void layersFileThenEnvironmentThenSystemProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("radar.properties");
        Files.writeString(file, "kafka.bootstrap=kafka-a:9092\nhbase.table.posts=yq:posts\nes.urls=http://es1:9200, http://es2:9200\n");
        Properties sys = new Properties();
        sys.setProperty("hbase.table.posts", "yq:posts_v2");
        Settings s = Settings.load(file, Map.of("YUQING_KAFKA_BOOTSTRAP", "kafka-b:9092", "YUQING_ENRICH_FUTURE_TOLERANCE", "PT1H"), sys);

        assertThat(s.get("kafka.bootstrap")).isEqualTo("kafka-b:9092");
        assertThat(s.get("hbase.table.posts")).isEqualTo("yq:posts_v2");
        assertThat(s.getList("es.urls")).containsExactly("http://es1:9200", "http://es2:9200");
        EnrichJobConfig c = EnrichJobConfig.from(s);
        assertThat(c.limits().futureTolerance()).isEqualTo(Duration.ofHours(1));
        assertThat(c.delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(c.elasticsearch().username()).isNull();
    }

    @Test
    void aTypoInAFileIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("radar.properties");
        Files.writeString(file, "kafka.bootstrapp=x:1\n");
        assertThatThrownBy(() -> Settings.load(file, Map.of(), new Properties()))
                .hasMessageContaining("kafka.bootstrapp");
    }

    @Test
    void badValuesSayWhatIsExpected() {
        Settings s = Settings.defaults().with("enrich.future-tolerance", "10 minutes");
        assertThatThrownBy(() -> s.getDuration("enrich.future-tolerance")).hasMessageContaining("PT10S");
        assertThatThrownBy(() -> EnrichJobConfig.from(Settings.defaults().with("kafka.delivery", "twice")))
                .hasMessageContaining("exactly_once");
    }

    @Test
    void envNamesFollowTheKey() {
        assertThat(Settings.envName("enrich.max-text-chars")).isEqualTo("YUQING_ENRICH_MAX_TEXT_CHARS");
    }
}
