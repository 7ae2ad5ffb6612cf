package io.yuqing.radar.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAuthTest {
    private final TokenAuth auth = new TokenAuth("tok-123");

    @Test
    void acceptsEitherHeader() {
        assertThat(auth.accepts("Bearer tok-123", null)).isTrue();
        assertThat(auth.accepts("bearer   tok-123 ", null)).isTrue();
        assertThat(auth.accepts(null, "tok-123")).isTrue();
        assertThat(auth.accepts("Bearer wrong", "tok-123")).isTrue();
    }

    @Test
    void rejectsMissingWrongOrMalformed() {
        assertThat(auth.accepts(null, null)).isFalse();
        assertThat(auth.accepts("", "")).isFalse();
        assertThat(auth.accepts("Bearer tok-1234", null)).isFalse();
        assertThat(auth.accepts("Bearer tok-12", null)).isFalse();
        assertThat(auth.accepts("tok-123", null)).isFalse();            // no scheme
        assertThat(auth.accepts("Basic dG9rLTEyMw==", null)).isFalse();
        assertThat(auth.accepts("Bearer", null)).isFalse();
        assertThat(auth.accepts(null, "TOK-123")).isFalse();
    }
}
