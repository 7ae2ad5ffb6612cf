package io.yuqing.radar.local.feed;

import java.util.SplittableRandom;

/** The few distributions the generator needs, on a seeded {@link SplittableRandom}. */
final class Draw {
    private Draw() {}

    /** How many posts arrive in an interval with {@code mean} expected. */
    static int poisson(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            // Normal approximation: Knuth's product loop gets slow and underflows for big means.
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double p = rng.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= rng.nextDouble();
            k++;
        }
        return k;
    }

    /** Pareto with scale {@code xm} and shape {@code alpha}: most values near xm, a few huge. */
    static double pareto(SplittableRandom rng, double xm, double alpha) {
        return xm / Math.pow(1.0 - rng.nextDouble(), 1.0 / alpha);
    }

    /** An index drawn with the given cumulative weights (last entry = total). */
    static int weighted(SplittableRandom rng, double[] cumulative) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    static double[] cumulative(double... weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }
}
