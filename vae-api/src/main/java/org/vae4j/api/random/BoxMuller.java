package org.vae4j.api.random;

/**
 * The Box-Muller transform, {@code (u1, u2) -> r (cos 2 pi u2, sin 2 pi u2)} with {@code r =
 * sqrt(-2 log u1)}, in plain float64 arithmetic: since Java 17 every {@code +, -, *, /} and {@link
 * Math#sqrt} is exactly rounded on every JVM, so the draws are bit-identical everywhere, without
 * the native calls of {@link StrictMath}'s log, sin and cos. The log is within 1 ulp of {@link
 * StrictMath#log}, each normal within a few ulp of the exact value as {@link StrictMath}'s are
 * (checked by its test).
 *
 * <p>An instance transforms up to {@link #SIZE} pairs at once, each step a loop over the pairs
 * small enough for the JIT to unroll and turn into vector instructions, with no branch and no
 * table: with the Philox blocks computed the same way ({@link Philox.Lanes}), a normal pair costs
 * 11-13 ns on one core against 37-48 one pair at a time (AVX-512; see docs/PERFORMANCE.md). Scratch
 * for one thread.
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
    /** The most pairs one call transforms. */
    static final int SIZE = 256;

    /**
     * ln 2 in two parts: the high part has 32 trailing zero bits, so {@code e * LN2_HI} is exact.
     */
    private static final double LN2_HI = 6.93147180369123816490e-01;

    private static final double LN2_LO = 1.90821492927058770002e-10;

    /** 2 pi rounded, and the remainder. */
    private static final double TWO_PI = 6.283185307179586;

    private static final double TWO_PI_LO = 2.4492935982947064e-16;

    private static final long SQRT2_BITS = Double.doubleToRawLongBits(1.4142135623730951);
    private static final long MANTISSA = (1L << 52) - 1;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    /** The inputs: {@code u1} in {@code (0, 1]}, {@code u2} in {@code [0, 1)}. */
    final double[] u1;

    final double[] u2;

    /** The outputs: {@code r cos(2 pi u2)} and {@code r sin(2 pi u2)}. */
    final double[] z0;

    final double[] z1;

    /** {@code log u1} after {@link #logs}, then the radius {@code sqrt(-2 log u1)}. */
    final double[] r;

    private final double[] e;
    private final double[] f;
    private final double[] s;
    private final double[] series;
    private final double[] q;
    private final double[] phi;
    private final double[] cos;
    private final double[] sin;

    /** Scratch for up to {@code capacity} pairs a call (at most {@link #SIZE}). */
    BoxMuller(int capacity) {
        int n = Math.min(capacity, SIZE);
        u1 = new double[n];
        u2 = new double[n];
        z0 = new double[n];
        z1 = new double[n];
        r = new double[n];
        e = new double[n];
        f = new double[n];
        s = new double[n];
        series = new double[n];
        q = new double[n];
        phi = new double[n];
        cos = new double[n];
        sin = new double[n];
    }

    /**
     * Transforms the first {@code n} pairs of {@link #u1} and {@link #u2} into {@link #z0}, {@link
     * #z1}.
     */
    void transform(int n) {
        logs(n);
        for (int i = 0; i < n; i++) {
            r[i] = Math.sqrt(-2.0 * r[i]);
        }
        angles(n);
        for (int i = 0; i < n; i++) {
            cos[i] = cos(phi[i]);
        }
        for (int i = 0; i < n; i++) {
            sin[i] = sin(phi[i]);
        }
        // cos(q pi / 2 + phi) = A cos phi - B sin phi and sin(q pi / 2 + phi) = B cos phi + A sin
        // phi, with (A, B) = (1, 0), (0, 1), (-1, 0), (0, -1) for q mod 4 = 0..3
        for (int i = 0; i < n; i++) {
            z0[i] = r[i] * (quarterCos(q[i]) * cos[i] + -quarterSin(q[i]) * sin[i]);
        }
        for (int i = 0; i < n; i++) {
            z1[i] = r[i] * (quarterSin(q[i]) * cos[i] + quarterCos(q[i]) * sin[i]);
        }
    }

    /**
     * Writes {@code log u1} to {@link #r} for the first {@code n} values (the class's first item).
     */
    void logs(int n) {
        for (int i = 0; i < n; i++) {
            long mantissa = (Double.doubleToRawLongBits(u1[i]) & MANTISSA) | ONE_BITS;
            long above = (SQRT2_BITS - mantissa) >>> 63; // 1 where 1 + f would be above sqrt 2
            f[i] = Double.longBitsToDouble(mantissa - (above << 52)) - 1; // halved: exact
        }
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(u1[i]);
            long above = (SQRT2_BITS - ((bits & MANTISSA) | ONE_BITS)) >>> 63;
            e[i] = (bits >>> 52) - 1023 + above;
        }
        for (int i = 0; i < n; i++) {
            s[i] = f[i] / (2 + f[i]);
        }
        for (int i = 0; i < n; i++) {
            series[i] = atanhSeries(s[i] * s[i]);
        }
        for (int i = 0; i < n; i++) {
            double half = 0.5 * f[i] * f[i];
            // log(1 + f) = f - s f + s R = f - (half - s (half + R)), since s f = half (1 - s)
            r[i] = e[i] * LN2_HI - ((half - (s[i] * (half + series[i]) + e[i] * LN2_LO)) - f[i]);
        }
    }

    /**
     * Writes the nearest quarter turn {@code q} and the rest {@code phi} of each angle (second
     * item).
     */
    private void angles(int n) {
        for (int i = 0; i < n; i++) {
            q[i] = Math.rint(4 * u2[i]);
        }
        for (int i = 0; i < n; i++) {
            double t = u2[i] - 0.25 * q[i]; // exact
            phi[i] = t * TWO_PI + t * TWO_PI_LO;
        }
    }

    /** {@code R = 2 s^2 / 3 + 2 s^4 / 5 + ... + 2 s^20 / 21} for {@code s2 = s^2}. */
    private static double atanhSeries(double s2) {
        double p = 2.0 / 21;
        p = p * s2 + 2.0 / 19;
        p = p * s2 + 2.0 / 17;
        p = p * s2 + 2.0 / 15;
        p = p * s2 + 2.0 / 13;
        p = p * s2 + 2.0 / 11;
        p = p * s2 + 2.0 / 9;
        p = p * s2 + 2.0 / 7;
        p = p * s2 + 2.0 / 5;
        p = p * s2 + 2.0 / 3;
        return p * s2;
    }

    /** {@code cos(q pi / 2)} for a whole number {@code q} in {@code [0, 4]}, zero as +0. */
    private static double quarterCos(double q) {
        return (1 - odd(q)) * (1 - 2 * secondBit(q)) + 0.0;
    }

    /** {@code sin(q pi / 2)} for a whole number {@code q} in {@code [0, 4]}, zero as +0. */
    private static double quarterSin(double q) {
        return odd(q) * (1 - 2 * secondBit(q)) + 0.0;
    }

    private static double odd(double q) {
        return q - 2 * Math.floor(q * 0.5);
    }

    private static double secondBit(double q) {
        return Math.floor(q * 0.5) - 2 * Math.floor(q * 0.25);
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
