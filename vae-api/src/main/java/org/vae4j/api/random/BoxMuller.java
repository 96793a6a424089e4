package org.vae4j.api.random;

/**
 * The Box-Muller transform, {@code (u1, u2) -> r (cos 2 pi u2, sin 2 pi u2)} with {@code r =
 * sqrt(-2 log u1)}, in plain float64 arithmetic: since Java 17 every {@code +, -, *, /} and {@link
 * Math#sqrt} is exactly rounded on every JVM, so the draws are bit-identical everywhere, without
 * the native calls of {@link StrictMath}'s log, sin and cos (about 50 ns a pair on Java 17; this
 * about 22). The log is within 1 ulp of {@link StrictMath#log}, each normal within a few ulp of the
 * exact value as {@link StrictMath}'s are (checked by its test).
 *
 * <ul>
 *   <li>{@code log x = e ln 2 + log(1 + f)} with {@code x = (1 + f) 2^e}, {@code 1 + f} in {@code
 *       [sqrt(1/2), sqrt(2))}, and {@code log(1 + f) = 2 atanh(s)}, {@code s = f / (2 + f)}, by its
 *       series to {@code s^21}, arranged so that {@code f}, exact, is added last.
 *   <li>The angle is reduced in turns, exactly: {@code u2 = q / 4 + t} with {@code q} the nearest
 *       quarter and {@code |t| <= 1/8}, so {@code 2 pi u2 = q pi / 2 + phi}, {@code |phi| <= pi /
 *       4}, and the sine and cosine of {@code phi} come from their Taylor series to {@code phi^17}.
 * </ul>
 */
final class BoxMuller {
    /**
     * ln 2 in two parts: the high part has 32 trailing zero bits, so {@code e * LN2_HI} is exact.
     */
    private static final double LN2_HI = 6.93147180369123816490e-01;

    private static final double LN2_LO = 1.90821492927058770002e-10;

    /** 2 pi rounded, and the remainder. */
    private static final double TWO_PI = 6.283185307179586;

    private static final double TWO_PI_LO = 2.4492935982947064e-16;

    private static final double SQRT2 = 1.4142135623730951;
    private static final long MANTISSA = (1L << 52) - 1;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    /** {@code cos(q pi / 2 + phi) = COS_C[q] cos phi + COS_S[q] sin phi}, and likewise sin. */
    private static final double[] COS_C = {1, 0, -1, 0};

    private static final double[] COS_S = {0, -1, 0, 1};
    private static final double[] SIN_C = {0, 1, 0, -1};
    private static final double[] SIN_S = {1, 0, -1, 0};

    private BoxMuller() {}

    /**
     * Writes {@code r cos(2 pi u2)} to {@code out[0]} and {@code r sin(2 pi u2)} to {@code out[1]},
     * {@code r = sqrt(-2 log u1)}, for {@code u1} in {@code (0, 1]} and {@code u2} in {@code [0,
     * 1)}, multiples of {@code 2^-53}.
     */
    static void pair(double u1, double u2, double[] out) {
        double r = Math.sqrt(-2.0 * log(u1));
        double q = Math.rint(4 * u2);
        double t = u2 - 0.25 * q; // exact
        double phi = t * TWO_PI + t * TWO_PI_LO;
        double c = cos(phi);
        double s = sin(phi);
        int k = (int) q & 3;
        out[0] = r * (COS_C[k] * c + COS_S[k] * s);
        out[1] = r * (SIN_C[k] * c + SIN_S[k] * s);
    }

    /** Returns {@code log x} for a positive normal {@code x}. */
    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & MANTISSA) | ONE_BITS);
        if (m > SQRT2) {
            m *= 0.5;
            e++;
        }
        double f = m - 1; // exact
        double s = f / (2 + f);
        double s2 = s * s;
        double series = 2.0 / 21; // R = 2 s^2 / 3 + 2 s^4 / 5 + ... + 2 s^20 / 21
        series = series * s2 + 2.0 / 19;
        series = series * s2 + 2.0 / 17;
        series = series * s2 + 2.0 / 15;
        series = series * s2 + 2.0 / 13;
        series = series * s2 + 2.0 / 11;
        series = series * s2 + 2.0 / 9;
        series = series * s2 + 2.0 / 7;
        series = series * s2 + 2.0 / 5;
        series = series * s2 + 2.0 / 3;
        series *= s2;
        double half = 0.5 * f * f;
        // log(1 + f) = f - s f + s R = f - (half - s (half + R)), since s f = half (1 - s)
        return e * LN2_HI - ((half - (s * (half + series) + e * LN2_LO)) - f);
    }

    /** Returns {@code sin phi} for {@code |phi| <= pi / 4}: {@code phi + phi^3 P(phi^2)}. */
    private static double sin(double phi) {
        double p2 = phi * phi;
        double p = -1.0 / 355687428096000L;
        p = p * p2 + 1.0 / 1307674368000L;
        p = p * p2 - 1.0 / 6227020800L;
        p = p * p2 + 1.0 / 39916800;
        p = p * p2 - 1.0 / 362880;
        p = p * p2 + 1.0 / 5040;
        p = p * p2 - 1.0 / 120;
        p = p * p2 + 1.0 / 6;
        return phi - phi * p2 * p;
    }

    /**
     * Returns {@code cos phi} for {@code |phi| <= pi / 4}: {@code 1 - phi^2 / 2 + phi^4 P(phi^2)}.
     */
    private static double cos(double phi) {
        double p2 = phi * phi;
        double p = 1.0 / 20922789888000L;
        p = p * p2 - 1.0 / 87178291200L;
        p = p * p2 + 1.0 / 479001600;
        p = p * p2 - 1.0 / 3628800;
        p = p * p2 + 1.0 / 40320;
        p = p * p2 - 1.0 / 720;
        p = p * p2 + 1.0 / 24;
        double half = 0.5 * p2;
        double w = 1 - half;
        // w's rounding error added back: (1 - w) - half is exact for half <= 0.5
        return w + (((1 - w) - half) + p2 * p2 * p);
    }
}
