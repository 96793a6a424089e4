package org.vae4j.api.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transform against StrictMath's, at every count a call can take. */
class BoxMullerTest {
    private static final double TWO_PI = 6.283185307179586;
    private static final double TWO_PI_LO = 2.4492935982947064e-16;
    private static final int DRAWS = 1_000_000;

    /** A uniform in (0, 1] as Rng makes them, often scaled down to reach small values too. */
    private static double unitOpen(SplittableRandom r) {
        long m = r.nextLong() >>> 11;
        int shift = r.nextInt(4) == 0 ? r.nextInt(53) : 0;
        return 1.0 - (m >>> shift) * 0x1.0p-53;
    }

    /** Transforms {@code (u1[i], u2[i])} pairs in calls of at most {@link BoxMuller#SIZE}. */
    private static double[][] transform(double[] u1, double[] u2) {
        double[][] z = new double[2][u1.length];
        BoxMuller lanes = new BoxMuller(BoxMuller.SIZE);
        for (int at = 0, n; at < u1.length; at += n) {
            n = Math.min(BoxMuller.SIZE, u1.length - at);
            System.arraycopy(u1, at, lanes.u1, 0, n);
            System.arraycopy(u2, at, lanes.u2, 0, n);
            lanes.transform(n);
            System.arraycopy(lanes.z0, 0, z[0], at, n);
            System.arraycopy(lanes.z1, 0, z[1], at, n);
        }
        return z;
    }

    /** Returns each pair's normals, one call per pair. */
    private static double[] pair(double u1, double u2) {
        double[][] z = transform(new double[] {u1}, new double[] {u2});
        return new double[] {z[0][0], z[1][0]};
    }

    private static double log(double x) {
        BoxMuller one = new BoxMuller(1);
        one.u1[0] = x;
        one.logs(1);
        return one.r[0];
    }

    @Test
    void logIsWithinOneUlpOfStrictMath() {
        SplittableRandom r = new SplittableRandom(1);
        double worst = 0;
        BoxMuller lanes = new BoxMuller(BoxMuller.SIZE);
        for (int i = 0; i < DRAWS; i += BoxMuller.SIZE) {
            for (int j = 0; j < BoxMuller.SIZE; j++) {
                lanes.u1[j] = unitOpen(r);
            }
            lanes.logs(BoxMuller.SIZE);
            for (int j = 0; j < BoxMuller.SIZE; j++) {
                double want = StrictMath.log(lanes.u1[j]);
                worst = Math.max(worst, Math.abs(lanes.r[j] - want) / Math.ulp(want));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(1.0);
        assertThat(log(1.0)).isEqualTo(0.0);
        for (int k = 1; k <= 53; k++) {
            double x = Math.scalb(1.0, -k);
            assertThat(log(x)).isEqualTo(StrictMath.log(x));
        }
        double belowRoot = Math.nextDown(Math.sqrt(0.5));
        for (double x : new double[] {belowRoot, Math.sqrt(0.5), Math.nextUp(Math.sqrt(0.5))}) {
            assertThat(log(x)).isCloseTo(StrictMath.log(x), within(1e-16));
        }
    }

    /**
     * Each normal is within 6 ulp of StrictMath's transform with the angle's rounding corrected
     * (both are a few ulp from the exact value), and so the same once rounded to float.
     */
    @Test
    void pairsAgreeWithTheStrictMathTransform() {
        SplittableRandom r = new SplittableRandom(2);
        double[] u1s = new double[DRAWS + 7]; // a last call of 7 pairs
        double[] u2s = new double[u1s.length];
        for (int i = 0; i < u1s.length; i++) {
            u1s[i] = unitOpen(r);
            u2s[i] = (r.nextLong() >>> 11) * 0x1.0p-53;
        }
        double[][] zs = transform(u1s, u2s);
        double worst = 0;
        int floatsDiffering = 0;
        for (int i = 0; i < u1s.length; i++) {
            double u1 = u1s[i];
            double u2 = u2s[i];
            double[] z = {zs[0][i], zs[1][i]};
            double radius = StrictMath.sqrt(-2 * StrictMath.log(u1));
            double theta = TWO_PI * u2;
            double thetaLow = Math.fma(TWO_PI, u2, -theta) + TWO_PI_LO * u2;
            double cos = StrictMath.cos(theta) - StrictMath.sin(theta) * thetaLow;
            double sin = StrictMath.sin(theta) + StrictMath.cos(theta) * thetaLow;
            double[] want = {radius * cos, radius * sin};
            for (int j = 0; j < 2; j++) {
                double scale = Math.ulp(Math.max(Math.abs(want[j]), 0x1p-30 * radius));
                worst = Math.max(worst, Math.abs(z[j] - want[j]) / scale);
                double strict = radius * (j == 0 ? StrictMath.cos(theta) : StrictMath.sin(theta));
                floatsDiffering += (float) z[j] == (float) strict ? 0 : 1;
            }
        }
        assertThat(worst).isLessThanOrEqualTo(6.0);
        assertThat(floatsDiffering).isZero();
    }

    @Test
    void quarterTurnsAreExact() {
        double u1 = Math.exp(-0.5);
        double radius = Math.sqrt(-2 * log(u1));
        double[][] want = {{radius, 0}, {0, radius}, {-radius, 0}, {0, -radius}};
        for (int q = 0; q < 4; q++) {
            double[] z = pair(u1, q * 0.25);
            assertThat(Math.abs(z[0])).isEqualTo(Math.abs(want[q][0]));
            assertThat(Math.abs(z[1])).isEqualTo(Math.abs(want[q][1]));
            assertThat(Math.signum(z[0])).isEqualTo(Math.signum(want[q][0]));
            assertThat(Math.signum(z[1])).isEqualTo(Math.signum(want[q][1]));
        }
    }

    @Test
    void theSmallestAndLargestUniformsGiveFiniteNormals() {
        double[] z = pair(0x1.0p-53, Math.nextDown(1.0));
        assertThat(Math.hypot(z[0], z[1])).isCloseTo(Math.sqrt(106 * Math.log(2)), within(1e-12));
        z = pair(1.0, 0.3);
        assertThat(Math.abs(z[0]) + Math.abs(z[1])).isZero();
    }
}
