package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.host.TestArrays.array;
import static org.vae4j.host.TestArrays.unwritten;
import static org.vae4j.host.TestArrays.values;

import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.random.Rng;
import org.vae4j.api.support.ParallelFor;

/**
 * Sums of expressions in one pass against the expression written out and summed in float64 by
 * index: rows (runs that repeat the sum) and columns (runs that advance it), the outermost axes
 * kept (pieces own their sums) or reduced (pieces share them, fewer where the sums are many), runs
 * longer than a chunk, terms of smaller shapes computed first, everything summed, nothing to sum;
 * float32 and float64, whole and cut into pieces.
 */
final class HostFusedSumTest {
    private static final ElementCut WHOLE = new ElementCut(new ParallelFor(1), Long.MAX_VALUE);
    private static final ElementCut CUT = new ElementCut(new ParallelFor(3), 1);

    /** x * y - exp(-y) + 1: two inputs, a transcendental term. */
    private static Elementwise product() {
        Elementwise.Builder b = Elementwise.builder(2);
        Term x = b.input(0);
        Term y = b.input(1);
        return b.build(x.mul(y).sub(y.neg().exp()).add(1));
    }

    @Test
    void rowsWithTheOuterAxesKept() {
        check(product(), dims(7, 1500), dims(1500), 1); // each row longer than a chunk
        check(product(), dims(9, 3, 50), dims(3, 50), 2);
        check(product(), dims(1, 9, 50), dims(50), 2); // an axis of size 1 first
    }

    @Test
    void columnsWithTheOuterAxesKept() {
        check(product(), dims(5, 40, 30), dims(40, 1), 1);
    }

    @Test
    void columnsAndRowsWithTheOuterAxisReduced() {
        check(product(), dims(50, 33), dims(33), 0); // a bias gradient
        check(product(), dims(3, 1000), dims(1000), 0); // too many sums for three pieces
        check(product(), dims(6, 4, 5, 7), dims(1, 4, 1, 1), 0, 2, 3); // batch norm's
        check(product(), dims(6, 4, 5, 7), dims(4, 1, 1), 0, 1, 2, 3); // everything
    }

    @Test
    void aBlocksSumsAreTheSameBitsWhereverItSits() {
        for (long inner : new long[] {300, 1500}) { // within a chunk, across chunks
            for (boolean f32 : new boolean[] {true, false}) {
                HostArray x = random(f32, dims(7, inner), 8);
                HostArray y = random(f32, dims(inner), 9);
                for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                    double[] all = sums(x, y, 7, inner, cut);
                    for (int first = 1; first < 7; first += 2) {
                        HostArray tail = rows(x, first, 7, inner);
                        double[] some = sums(tail, y, 7 - first, inner, cut);
                        for (int r = first; r < 7; r++) {
                            assertThat(Double.doubleToRawLongBits(some[r - first]))
                                    .as("row %d of %d-long rows, from row %d", r, inner, first)
                                    .isEqualTo(Double.doubleToRawLongBits(all[r]));
                        }
                    }
                }
            }
        }
    }

    private static double[] sums(HostArray x, HostArray y, long rows, long inner, ElementCut cut) {
        HostArray z = unwritten(x.isFloat(), dims(rows));
        HostFusedSum.apply(product(), z, dims(rows, inner), new int[] {1}, cut, x, y);
        return values(z);
    }

    private static HostArray rows(HostArray x, int from, int to, long inner) {
        double[] v = values(x);
        return array(
                x.isFloat(),
                dims(to - from, inner),
                Arrays.copyOfRange(v, (int) (from * inner), (int) (to * inner)));
    }

    @Test
    void termsOfSmallerShapesAreComputedFirst() {
        Elementwise.Builder b = Elementwise.builder(3);
        Term lv = b.input(2);
        Elementwise gaussian =
                b.build(b.input(0).sub(b.input(1)).square().mul(lv.neg().exp()).add(lv));
        for (boolean f32 : new boolean[] {true, false}) {
            HostArray x = random(f32, dims(7, 2, 300), 1);
            HostArray mu = random(f32, dims(2, 300), 2);
            HostArray logVar = random(f32, dims(2, 300), 3);
            for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                expectSums(gaussian, dims(7, 2, 300), new int[] {0}, cut, x, mu, logVar);
                expectSums(gaussian, dims(7, 2, 300), new int[] {2}, cut, x, mu, logVar);
            }
        }
    }

    @Test
    void nothingToSumGivesZeros() {
        for (boolean f32 : new boolean[] {true, false}) {
            HostArray x = random(f32, dims(0, 3), 4);
            HostArray y = random(f32, dims(3), 5);
            HostArray z = unwritten(f32, dims(3));
            HostFusedSum.apply(product(), z, dims(0, 3), new int[] {0}, CUT, x, y);
            assertThat(values(z)).containsExactly(0, 0, 0);
            HostArray none = unwritten(f32, dims(0));
            HostFusedSum.apply(product(), none, dims(0, 3), new int[] {1}, CUT, x, y);
        }
    }

    @Test
    void theKeptOuterAxesAreThoseBeforeTheFirstReducedOne() {
        assertThat(HostFusedSum.leadingKept(dims(4, 5, 6), new int[] {2})).isEqualTo(20);
        assertThat(HostFusedSum.leadingKept(dims(4, 1, 6), new int[] {1, 2})).isEqualTo(4);
        assertThat(HostFusedSum.leadingKept(dims(1, 5, 6), new int[] {0})).isEqualTo(30);
        assertThat(HostFusedSum.leadingKept(dims(4, 5, 6), new int[] {0, 2})).isEqualTo(1);
    }

    /** Sums {@code product()} over {@code axes} of x (full) and y (broadcast), both dtypes. */
    private static void check(Elementwise e, long[] full, long[] yShape, int... axes) {
        for (boolean f32 : new boolean[] {true, false}) {
            HostArray x = random(f32, full, 6);
            HostArray y = random(f32, yShape, 7);
            for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                expectSums(e, full, axes, cut, x, y);
            }
        }
    }

    private static void expectSums(
            Elementwise e, long[] full, int[] axes, ElementCut cut, HostArray... in) {
        boolean f32 = in[0].isFloat();
        HostArray values = unwritten(f32, full);
        HostFusion.apply(e, values, WHOLE, in);
        long[] kept = full.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        double[] expected = new double[(int) length(kept)];
        double[] magnitude = new double[expected.length];
        double[] v = values(values);
        for (int i = 0; i < v.length; i++) {
            int o = outIndex(i, full, kept);
            expected[o] += v[i];
            magnitude[o] += Math.abs(v[i]);
        }
        HostArray z = unwritten(f32, kept);
        HostFusedSum.apply(e, z, full, axes, cut, in);
        double[] actual = values(z);
        String what = Arrays.toString(full) + " over " + Arrays.toString(axes) + " f32 " + f32;
        for (int o = 0; o < expected.length; o++) {
            // float32: the result's rounding, and chains of BLOCK / 8 float32 additions
            double bound =
                    f32
                            ? Math.ulp((float) expected[o])
                                    + 0x1p-24 * (HostFusedSum.BLOCK / 8) * magnitude[o]
                            : 1e-13 * magnitude[o];
            assertThat(actual[o])
                    .as("%s at %d", what, o)
                    .isCloseTo(expected[o], Offset.offset(bound));
        }
    }

    private static int outIndex(int i, long[] full, long[] kept) {
        long rest = i;
        long o = 0;
        long stride = 1;
        for (int a = full.length - 1; a >= 0; a--) {
            long index = rest % full[a];
            rest /= full[a];
            if (kept[a] != 1) {
                o += index * stride;
                stride *= kept[a];
            }
        }
        return (int) o;
    }

    private static long length(long[] shape) {
        return Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    }

    private static long[] dims(long... d) {
        return d;
    }

    private static HostArray random(boolean f32, long[] shape, long seed) {
        int n = (int) length(shape);
        float[] u = Rng.seeded(seed).uniformFloats(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (u[i] - 0.5) * 6;
        }
        return array(f32, shape, v);
    }
}
