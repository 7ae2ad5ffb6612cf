package io.yuqing.radar.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendPageLinkTest {

    @Test
    void tokenTravelsInTheFragmentOnly() {
        var link = TrendPageLink.of("http://127.0.0.1:8080", "a+b/c&d");
        assertThat(link.getPath()).isEqualTo("/ui/");
        assertThat(link.getRawQuery()).isNull();
        // encoded, so a token with '&' or '+' cannot spill into another fragment parameter
        assertThat(link.getRawFragment()).isEqualTo("token=a%2Bb%2Fc%26d");
    }
}
