package io.yuqing.radar.jobs.topics;

/**
 * How surprising a count is under a Poisson rate, as the standard-normal score with the same
 * upper-tail probability: {@code z} such that P(N(0,1) ≥ z) = P(X ≥ k), X ~ Poisson(λ). A Gaussian
 * score (k - λ) / sqrt(λ) badly understates the Poisson tail at small λ, which is where bursts of
 * rare terms are decided: 9 authors against a rate of 1.5 is a 6-sigma event by the Gaussian
 * formula but only 1 in 30,000 by Poisson, and with thousands of low-rate terms scored every
 * minute that happens several times an hour.
 *
 * <p>Overdispersion (a term whose windows vary more than Poisson, variance v above its mean λ) is
 * taken quasi-Poisson: the count and rate are divided by φ = v / λ before the tail is taken.
 */
public final class PoissonTail {
    private PoissonTail() {}

    /** The score of count {@code k} under rate {@code lambda} (> 0) with dispersion {@code phi} (≥ 1). */
    public static double z(double k, double lambda, double phi) {
        double f = Math.max(1, phi);
        double a = k / f;
        double x = lambda / f;
        if (a <= 0) {
            return -8;
        }
        // P(X >= k) is the regularized lower incomplete gamma P(k, λ), extended to real k
        double logUpper;
        if (x < a + 1) {
            logUpper = logLowerGammaSeries(a, x);
        } else {
            double q = upperGammaFraction(a, x);
            logUpper = Math.log(Math.max(1e-300, 1 - q));
        }
        return upperTailZ(logUpper);
    }

    /** ln P(a, x) by its series, accurate for x < a + 1 and far into the tail (never underflows). */
    static double logLowerGammaSeries(double a, double x) {
        if (x <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < 500; n++) {
            term *= x / (a + n);
            sum += term;
            if (term < sum * 1e-15) {
                break;
            }
        }
        return a * Math.log(x) - x - logGamma(a) + Math.log(sum);
    }

    /** Q(a, x) = 1 - P(a, x) by Lentz's continued fraction, for x ≥ a + 1. */
    static double upperGammaFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 500; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(a * Math.log(x) - x - logGamma(a)) * h;
    }

    /** ln Γ(a) (Lanczos, g = 7), a > 0. */
    static double logGamma(double a) {
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
        }
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        double x = a - 1;
        double s = g[0];
        for (int i = 1; i < g.length; i++) {
            s += g[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }

    /** z with P(N(0,1) ≥ z) = exp(logP) (Acklam's rational approximation, taken in log space in the tail). */
    static double upperTailZ(double logP) {
        double p = Math.exp(logP);
        double pLow = 0.02425;
        if (p > 1 - pLow) {
            return -upperTailZ(Math.log1p(-p));
        }
        if (p >= pLow) {
            double q = (1 - p) - 0.5;
            double r = q * q;
            return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                    + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                    / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                    + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        double q = Math.sqrt(-2 * logP);
        return -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1);
    }
}
