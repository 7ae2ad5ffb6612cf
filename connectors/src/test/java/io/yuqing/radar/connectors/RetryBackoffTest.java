package io.yuqing.radar.connectors;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    @Test
    void doublesUpToACapAndStartsOverAfterASuccess() {
        RetryBackoff b = new RetryBackoff();
        assertThat(b.onFailure()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.onFailure()).isEqualTo(Duration.ofMillis(200));
        assertThat(b.onFailure()).isEqualTo(Duration.ofMillis(400));
        for (int i = 0; i < 40; i++) {
            b.onFailure();
        }
        assertThat(b.onFailure()).isEqualTo(Duration.ofSeconds(5));
        b.onSuccess();
        assertThat(b.onFailure()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void logsOnceInAWhile() {
        RetryBackoff b = new RetryBackoff();
        assertThat(b.shouldLog()).isTrue();
        assertThat(b.shouldLog()).isFalse();
    }
}
