package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatMath} against {@link Math}: error in ulp of the exact value over the whole float
 * range, subnormal results and inputs, infinities, zeros and NaN.
 */
class FloatMathTest {
    private static final int N = FloatMath.CHUNK;

    @Test
    void expIsWithinTwoUlpWhereTheResultIsNormal() {
        double worst = worstUlp(-87.33f, 88.72f, FloatMath::exp, Math::exp);
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    @Test
    void expRoundsIntoSubnormalsZeroAndInfinity() {
        float[] x = {-87.5f, -95f, -103.2f, -104f, -1e30f, Float.NEGATIVE_INFINITY};
        float[] got = x.clone();
        FloatMath.exp(got, got.length);
        for (int i = 0; i < x.length; i++) {
            float exact = (float) Math.exp(x[i]);
            assertThat(Math.abs(got[i] - exact))
                    .as("exp(%s) = %s, exact %s", x[i], got[i], exact)
                    .isLessThanOrEqualTo(2 * Float.MIN_VALUE);
        }
        float[] big = {88.73f, 89f, 1e30f, Float.POSITIVE_INFINITY, Float.NaN, 0f, -0f};
        FloatMath.exp(big, big.length);
        assertThat(big)
                .containsExactly(
                        Float.POSITIVE_INFINITY,
                        Float.POSITIVE_INFINITY,
                        Float.POSITIVE_INFINITY,
                        Float.POSITIVE_INFINITY,
                        Float.NaN,
                        1f,
                        1f);
    }

    @Test
    void logIsWithinThreeUlpOverPositiveFloats() {
        double worst = 0;
        float[] x = new float[N];
        // every binade from the smallest subnormal to the largest float, with many mantissas each
        for (int block = 0; block < 300; block++) {
            for (int i = 0; i < N; i++) {
                long bits =
                        1 + (long) ((0x7F7FFFFFL - 1) * ((double) (block * N + i) / (300.0 * N)));
                x[i] = Float.intBitsToFloat((int) bits);
            }
            float[] in = x.clone();
            FloatMath.log(x, N);
            for (int i = 0; i < N; i++) {
                double exact = Math.log(in[i]);
                worst = Math.max(worst, Math.abs(x[i] - exact) / Math.ulp((float) exact));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(3);
        double nearOne = worstUlp(0.5f, 2f, FloatMath::log, Math::log);
        assertThat(nearOne).isLessThanOrEqualTo(3);
    }

    @Test
    void logOfZeroNegativeInfinityAndNaN() {
        float[] x = {0f, -0f, -1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 1f};
        FloatMath.log(x, x.length);
        assertThat(x)
                .containsExactly(
                        Float.NEGATIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.NaN,
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NaN,
                        0f);
    }

    private interface InPlace {
        void apply(float[] x, int len);
    }

    /** The largest error in ulp of the exact value over evenly spaced inputs in [low, high]. */
    private static double worstUlp(float low, float high, InPlace f, DoubleUnaryOperator exact) {
        float[] x = new float[N];
        double worst = 0;
        for (int block = 0; block < 200; block++) {
            for (int i = 0; i < N; i++) {
                x[i] = low + (high - low) * (block * N + i) / (200f * N);
            }
            float[] in = x.clone();
            f.apply(x, N);
            for (int i = 0; i < N; i++) {
                double e = exact.applyAsDouble(in[i]);
                if (e != 0) {
                    worst = Math.max(worst, Math.abs(x[i] - e) / Math.ulp((float) e));
                }
            }
        }
        return worst;
    }
}
