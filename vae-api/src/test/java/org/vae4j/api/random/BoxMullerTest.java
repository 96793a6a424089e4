package org.vae4j.api.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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

    @Test
    void logIsWithinOneUlpOfStrictMath() {
        SplittableRandom r = new SplittableRandom(1);
        double worst = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = unitOpen(r);
            double want = StrictMath.log(x);
            worst = Math.max(worst, Math.abs(BoxMuller.log(x) - want) / Math.ulp(want));
        }
        assertThat(worst).isLessThanOrEqualTo(1.0);
        assertThat(BoxMuller.log(1.0)).isEqualTo(0.0);
        for (int k = 1; k <= 53; k++) {
            double x = Math.scalb(1.0, -k);
            assertThat(BoxMuller.log(x)).isEqualTo(StrictMath.log(x));
        }
        double belowRoot = Math.nextDown(Math.sqrt(0.5));
        for (double x : new double[] {belowRoot, Math.sqrt(0.5), Math.nextUp(Math.sqrt(0.5))}) {
            assertThat(BoxMuller.log(x)).isCloseTo(StrictMath.log(x), within(1e-16));
        }
    }

    /**
     * Each normal is within 6 ulp of StrictMath's transform with the angle's rounding corrected
     * (both are a few ulp from the exact value), and so the same once rounded to float.
     */
    @Test
    void pairsAgreeWithTheStrictMathTransform() {
        SplittableRandom r = new SplittableRandom(2);
        double[] z = new double[2];
        double worst = 0;
        int floatsDiffering = 0;
        for (int i = 0; i < DRAWS; i++) {
            double u1 = unitOpen(r);
            double u2 = (r.nextLong() >>> 11) * 0x1.0p-53;
            BoxMuller.pair(u1, u2, z);
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
        double radius = Math.sqrt(-2 * BoxMuller.log(u1));
        double[][] want = {{radius, 0}, {0, radius}, {-radius, 0}, {0, -radius}};
        double[] z = new double[2];
        for (int q = 0; q < 4; q++) {
            BoxMuller.pair(u1, q * 0.25, z);
            assertThat(Math.abs(z[0])).isEqualTo(Math.abs(want[q][0]));
            assertThat(Math.abs(z[1])).isEqualTo(Math.abs(want[q][1]));
            assertThat(Math.signum(z[0])).isEqualTo(Math.signum(want[q][0]));
            assertThat(Math.signum(z[1])).isEqualTo(Math.signum(want[q][1]));
        }
    }

    @Test
    void theSmallestAndLargestUniformsGiveFiniteNormals() {
        double[] z = new double[2];
        BoxMuller.pair(0x1.0p-53, Math.nextDown(1.0), z);
        assertThat(Math.hypot(z[0], z[1])).isCloseTo(Math.sqrt(106 * Math.log(2)), within(1e-12));
        BoxMuller.pair(1.0, 0.3, z);
        assertThat(Math.abs(z[0]) + Math.abs(z[1])).isZero();
    }
}
