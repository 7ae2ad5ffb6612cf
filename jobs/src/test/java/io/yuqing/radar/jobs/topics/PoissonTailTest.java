package io.yuqing.radar.jobs.topics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PoissonTailTest {
    @Test
    void matchesTheTailsComputedByHand() {
        // P(X >= 1 | 1) = 1 - e^-1 = 0.632: below the mean, a negative score
        assertThat(PoissonTail.z(1, 1, 1)).isCloseTo(-0.337, within(0.005));
        // P(X >= 4 | 0.25) = 1.34e-4
        assertThat(PoissonTail.z(4, 0.25, 1)).isCloseTo(3.64, within(0.01));
        // P(X >= 20 | 10) = 3.5e-3
        assertThat(PoissonTail.z(20, 10, 1)).isCloseTo(2.70, within(0.01));
    }

    @Test
    void aGaussianScoreWouldOverstateARareTermsSpike() {
        // 9 against a rate of 1.5: (9 - 1.5) / sqrt(1.5) = 6.1 sigma by the Gaussian formula
        assertThat(PoissonTail.z(9, 1.5, 1)).isBetween(3.9, 4.1);
    }

    @Test
    void farTailsStayFiniteAndOrdered() {
        double z200 = PoissonTail.z(200, 0.01, 1);
        assertThat(z200).isFinite().isGreaterThan(20);
        assertThat(PoissonTail.z(201, 0.01, 1)).isGreaterThan(z200);
        for (int k = 1; k < 60; k++) {
            assertThat(PoissonTail.z(k + 1, 3, 1)).as("k=%d", k).isGreaterThan(PoissonTail.z(k, 3, 1));
        }
    }

    @Test
    void overdispersionLowersTheScore() {
        assertThat(PoissonTail.z(40, 10, 4)).isLessThan(PoissonTail.z(40, 10, 1));
        assertThat(PoissonTail.z(40, 10, 0.5)).as("underdispersion is not rewarded").isEqualTo(PoissonTail.z(40, 10, 1));
    }
}
