package io.yuqing.radar.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerProcessTest {

    @Test
    void aStartThatLosesAPortTheServerChoseIsTriedAgain(@TempDir Path dir) throws Exception {
        ServerProcess p = ServerProcess.start("portclash", dir.resolve("data"), dir.resolve("logs"), "64m",
                Map.of("port", "0"), Duration.ofSeconds(60));
        try {
            assertThat(p.info("attempts")).isEqualTo("2");
        } finally {
            p.close();
        }
    }

    @Test
    void aPortTheCallerAskedForIsNotSwappedForAnother(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerProcess.start("portclash", dir.resolve("data"), dir.resolve("logs"), "64m",
                Map.of("port", "34851"), Duration.ofSeconds(60)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("port 34851 on 127.0.0.1 is already in use");
    }
}
