package org.vae4j.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.AdamStep;

/** The host Adam step cut over 1 to 3 workers gives the bits of one thread, at every size. */
class HostAdamTest {
    private static final AdamStep STEP = new AdamStep(1e-3, 0.9, 0.999, 1e-8, 0.01, 3);
    private static final int C = HostAdam.CHUNK;
    private static final int[] SIZES = {1, 7, C - 1, C, C + 1, 3 * C + 5, 40_000};

    private static FloatBuffer floats(int n, long seed, boolean positive) {
        FloatBuffer b =
                ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double x = r.nextDouble(-1, 1);
            b.put(i, (float) (positive ? x * x : x));
        }
        return b;
    }

    private static DoubleBuffer doubles(int n, long seed, boolean positive) {
        DoubleBuffer b =
                ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double x = r.nextDouble(-1, 1);
            b.put(i, positive ? x * x : x);
        }
        return b;
    }

    private static float[] read(FloatBuffer b) {
        float[] out = new float[b.capacity()];
        b.get(0, out);
        return out;
    }

    private static double[] read(DoubleBuffer b) {
        double[] out = new double[b.capacity()];
        b.get(0, out);
        return out;
    }

    @Test
    void float32PiecesOverAnyWorkerCountGiveTheBitsOfOneThread() {
        for (int n : SIZES) {
            float[][] expected = null;
            for (int workers = 1; workers <= 3; workers++) {
                FloatBuffer p = floats(n, 1, false);
                FloatBuffer g = floats(n, 2, false);
                FloatBuffer m = floats(n, 3, false);
                FloatBuffer v = floats(n, 4, true);
                HostAdam.step(p, g, m, v, n, STEP, new ParallelFor(workers), 1);
                float[][] got = {read(p), read(m), read(v)};
                assertThat(read(g))
                        .as("the gradient is only read")
                        .containsExactly(read(floats(n, 2, false)));
                if (expected == null) {
                    expected = got;
                    assertThat(got[0])
                            .as("n %d: the parameter moved", n)
                            .isNotEqualTo(read(floats(n, 1, false)));
                } else {
                    for (int k = 0; k < 3; k++) {
                        assertThat(got[k])
                                .as("n %d, %d workers", n, workers)
                                .containsExactly(expected[k]);
                    }
                }
            }
        }
    }

    @Test
    void float64PiecesOverAnyWorkerCountGiveTheBitsOfOneThread() {
        for (int n : SIZES) {
            double[][] expected = null;
            for (int workers = 1; workers <= 3; workers++) {
                DoubleBuffer p = doubles(n, 1, false);
                DoubleBuffer g = doubles(n, 2, false);
                DoubleBuffer m = doubles(n, 3, false);
                DoubleBuffer v = doubles(n, 4, true);
                HostAdam.step(p, g, m, v, n, STEP, new ParallelFor(workers), 1);
                double[][] got = {read(p), read(m), read(v)};
                if (expected == null) {
                    expected = got;
                    // element 0 by hand, in double: the formula of the class comment
                    double g0 = doubles(n, 2, false).get(0);
                    double m0 = doubles(n, 3, false).get(0) * 0.9 + g0 * (1 - 0.9);
                    double v0 = doubles(n, 4, true).get(0) * 0.999 + g0 * g0 * (1 - 0.999);
                    double c1 = 1 - Math.pow(0.9, 3);
                    double c2 = 1 - Math.pow(0.999, 3);
                    double p0 =
                            doubles(n, 1, false).get(0) * (1 - 1e-3 * 0.01)
                                    - m0
                                            / (Math.sqrt(v0) * (1 / Math.sqrt(c2)) + 1e-8)
                                            * (1e-3 / c1);
                    assertThat(got[0][0]).isCloseTo(p0, within(1e-15));
                } else {
                    for (int k = 0; k < 3; k++) {
                        assertThat(got[k])
                                .as("n %d, %d workers", n, workers)
                                .containsExactly(expected[k]);
                    }
                }
            }
        }
    }
}
