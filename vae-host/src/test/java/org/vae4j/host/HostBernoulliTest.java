package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vae4j.api.support.ParallelFor;

/**
 * The fused Bernoulli log-likelihood against its definition summed in double, {@code sum_j (x l -
 * max(l, 0) - log1p(e^-|l|))}: rows shorter and longer than a product's piece (1,000 factors), odd
 * lengths, x repeating over the rows (rank 1 and 2) or one per row, logits far beyond where {@code
 * e^-|l|} underflows, float32 and float64, whole and cut at every row.
 */
final class HostBernoulliTest {
    private static final ElementCut WHOLE = new ElementCut(new ParallelFor(1), Long.MAX_VALUE);
    private static final ElementCut CUT = new ElementCut(new ParallelFor(3), 1);

    private static final long[][][] SHAPES = {
        // logits, x
        {{3, 7}, {7}},
        {{5, 1001}, {5, 1001}},
        {{2, 3, 2503}, {3, 2503}},
        {{1}, {1}},
        {{4, 784}, {784}},
    };

    @Test
    void takesXRepeatingWholeOverTheRows() {
        assertThat(HostBernoulli.takes(new long[] {4, 784}, new long[] {784})).isTrue();
        assertThat(HostBernoulli.takes(new long[] {4, 784}, new long[] {4, 784})).isTrue();
        assertThat(HostBernoulli.takes(new long[] {4, 784}, new long[] {4, 1})).isFalse();
        assertThat(HostBernoulli.takes(new long[] {4, 784}, new long[] {})).isFalse();
        assertThat(HostBernoulli.takes(new long[] {0, 784}, new long[] {784})).isFalse();
        assertThat(HostBernoulli.takes(new long[] {784}, new long[] {2, 784})).isFalse();
    }

    @Test
    void matchesItsDefinitionForEveryShapeWholeAndCut() {
        for (long[][] s : SHAPES) {
            int n = size(s[0]);
            int xn = size(s[1]);
            double[] l = new double[n];
            double[] x = new double[xn];
            for (int i = 0; i < n; i++) {
                l[i] = i % 97 == 0 ? 150 * Math.cos(i) : 9 * Math.sin(0.37 * i);
            }
            for (int i = 0; i < xn; i++) {
                x[i] = i % 3 == 0 ? 0.3 : (i % 3 == 1 ? 1 : 0);
            }
            long[] out = java.util.Arrays.copyOf(s[0], s[0].length - 1);
            int d = (int) s[0][s[0].length - 1];
            for (boolean f32 : new boolean[] {true, false}) {
                double[] lr = f32 ? rounded(l) : l;
                double[] xr = f32 ? rounded(x) : x;
                for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                    HostArray z = HostArray.allocate(f32, out);
                    HostBernoulli.logLikelihood(
                            TestArrays.array(f32, s[0], lr),
                            TestArrays.array(f32, s[1], xr),
                            z,
                            cut);
                    for (int r = 0; r < n / d; r++) {
                        double want = 0;
                        double scale = 0;
                        for (int j = 0; j < d; j++) {
                            double v = lr[r * d + j];
                            double term =
                                    xr[(r * d + j) % xn] * v
                                            - Math.max(v, 0)
                                            - Math.log1p(Math.exp(-Math.abs(v)));
                            want += term;
                            scale += Math.abs(term);
                        }
                        double got = f32 ? z.floats().get(r) : z.doubles().get(r);
                        assertThat(got)
                                .as("%s f32=%s row %d", java.util.Arrays.toString(s[0]), f32, r)
                                .isCloseTo(
                                        want,
                                        org.assertj.core.data.Offset.offset(
                                                (f32 ? 2e-6 : 1e-13) * (scale + 1)));
                    }
                }
            }
        }
    }

    private static double[] rounded(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (float) v[i];
        }
        return r;
    }

    private static int size(long[] shape) {
        int n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
