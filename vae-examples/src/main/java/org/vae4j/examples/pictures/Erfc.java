package org.vae4j.examples.pictures;

/**
 * The complementary error function to about 1e-15 relative accuracy: the power series of erf below
 * 1.5 and the Laplace continued fraction (modified Lentz) from there on, where 1 - erf would lose
 * the small tail.
 */
final class Erfc {
    private static final double SERIES_LIMIT = 1.5;
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Erfc() {}

    /** erfc(x) = 1 - erf(x); NaN for NaN. */
    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        return x < SERIES_LIMIT ? 1 - erf(x) : continuedFraction(x);
    }

    /** erf(x) = 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1)), all terms positive. */
    private static double erf(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...)))). */
    private static double continuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 1000; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = 1 / (d == 0 ? tiny : d);
            c = x + a / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
