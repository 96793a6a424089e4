package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.support.ParallelFor;

/**
 * SUM and MAX over every kind of axis set against a float64 definition: rows and columns, leading,
 * middle and trailing axes, two reduced runs of axes (short inner rows, reduced after the outer
 * run), axes of size 1, every axis, more rows than a float32 block and more columns than a chunk,
 * odd sizes, float32 and float64, whole and cut into pieces of one element over three workers (so
 * that rows and columns are both cut); short rows are their terms added in order, exactly.
 */
final class HostReductionsTest {
    private static final ElementCut WHOLE = new ElementCut(new ParallelFor(1), Long.MAX_VALUE);
    private static final ElementCut CUT = new ElementCut(new ParallelFor(3), 1);

    private static final Object[][] CASES = {
        // shape, axes
        {new long[] {500, 784}, new int[] {0}},
        {new long[] {500, 784}, new int[] {1}},
        {new long[] {500, 784}, new int[] {0, 1}},
        {new long[] {2, 5001}, new int[] {1}},
        {new long[] {2, 70_001}, new int[] {1}}, // rows past BLOCK runs of WIDTH
        {new long[] {601, 3}, new int[] {0}},
        {new long[] {5, 7, 3}, new int[] {1}},
        {new long[] {5, 7, 3}, new int[] {0, 2}},
        {new long[] {3, 4, 5, 6}, new int[] {1, 3}},
        {new long[] {6, 5, 7, 9}, new int[] {0, 2, 3}}, // a convolution's bias gradient
        {new long[] {1, 9, 1, 4101}, new int[] {0, 2, 3}},
        {new long[] {9, 1, 4}, new int[] {1}},
        {new long[] {1, 1}, new int[] {0, 1}},
        {new long[] {7}, new int[] {}},
        {new long[] {5, 1, 6}, new int[] {0, 1}},
    };

    @Test
    void everyAxisSetMatchesItsDefinitionWholeAndCut() {
        for (Object[] c : CASES) {
            long[] shape = (long[]) c[0];
            int[] axes = (int[]) c[1];
            for (boolean f32 : new boolean[] {true, false}) {
                for (Op op : new Op[] {Op.SUM, Op.MAX}) {
                    HostArray x = random(f32, shape, 7);
                    check(op, x, axes, WHOLE);
                    check(op, x, axes, CUT);
                }
            }
        }
    }

    @Test
    void shortRowSumsAreTheirTermsAddedInOrderWholeAndCut() {
        // rows of up to LANES terms, summed eight at a time and the rest one by one, some shapes
        // with more rows than one read of a chunk
        for (long r : new long[] {2, 7, 8, 50, HostReductions.LANES}) {
            for (long a : new long[] {3, 9, 17, HostScratch.CHUNK / r + 5}) {
                for (boolean f32 : new boolean[] {true, false}) {
                    HostArray x = random(f32, new long[] {a, r}, 11);
                    double[] want = naive(Op.SUM, TestArrays.values(x), x.shape(), new int[] {1});
                    for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                        double[] v =
                                TestArrays.values(
                                        reduce(Op.SUM, x, new int[] {1}, new long[] {a}, cut));
                        for (int i = 0; i < a; i++) {
                            double exact = f32 ? (float) want[i] : want[i];
                            assertThat(v[i])
                                    .as("%s [%d, %d] row %d", f32 ? "f32" : "f64", a, r, i)
                                    .isEqualTo(exact);
                        }
                    }
                }
            }
        }
    }

    @Test
    void columnSumsDoNotDependOnTheCut() {
        int[] axes = {1};
        long[] out = {3, 37};
        HostArray x = random(true, new long[] {3, 700, 37}, 3);
        assertThat(TestArrays.values(reduce(Op.SUM, x, axes, out, CUT)))
                .isEqualTo(TestArrays.values(reduce(Op.SUM, x, axes, out, WHOLE)));
    }

    @Test
    void longFloatSumsKeepTheirPrecision() {
        // 300,000 terms of 0.1f, as columns and as one row: a float32 running sum of the 100,000 of
        // a column ends 1.44 away from the exact value, and of all 300,000 79.6 away
        double term = 0.1f;
        double[] tenths = new double[300_000];
        Arrays.fill(tenths, term);
        HostArray x = TestArrays.array(true, new long[] {100_000, 3}, tenths);
        for (double v : TestArrays.values(reduce(Op.SUM, x, new int[] {0}, new long[] {3}, CUT))) {
            assertThat(v).isCloseTo(100_000 * term, within(0.01));
        }
        double all = TestArrays.values(reduce(Op.SUM, x, new int[] {0, 1}, new long[0], WHOLE))[0];
        assertThat(all).isCloseTo(300_000 * term, within(0.03));
    }

    @Test
    void nanPropagatesThroughSumAndMax() {
        for (int[] axes : new int[][] {{0}, {1}}) {
            HostArray x = random(true, new long[] {4, 6}, 1);
            x.floats().put(2 * 6 + 3, Float.NaN);
            for (Op op : new Op[] {Op.SUM, Op.MAX}) {
                long[] out = axes[0] == 0 ? new long[] {6} : new long[] {4};
                double[] v = TestArrays.values(reduce(op, x, axes, out, CUT));
                assertThat(v[3 - axes[0]]).as("%s over %s", op, axes[0]).isNaN();
                assertThat(Arrays.stream(v).filter(Double::isNaN).count()).isEqualTo(1);
            }
        }
    }

    @Test
    void axesOfSizeOneAloneLeaveTheElements() {
        HostArray x = random(false, new long[] {5, 1, 6}, 2);
        assertThat(TestArrays.values(reduce(Op.SUM, x, new int[] {1}, new long[] {5, 6}, CUT)))
                .isEqualTo(TestArrays.values(x));
    }

    /** The reduction into a new array whose elements start as NaN, so one left unwritten shows. */
    private static HostArray reduce(Op op, HostArray x, int[] axes, long[] out, ElementCut cut) {
        HostArray z = TestArrays.unwritten(x.isFloat(), out);
        HostReductions.reduce(op, x, axes, z, cut);
        return z;
    }

    private static void check(Op op, HostArray x, int[] axes, ElementCut cut) {
        long[] shape = x.shape();
        long[] out = kept(shape, axes);
        double[] want = naive(op, TestArrays.values(x), shape, axes);
        double[] v = TestArrays.values(reduce(op, x, axes, out, cut));
        // float32: each term's rounding and the result's; float64: a few ulps of the terms
        double perTerm = x.isFloat() ? 1e-6 : 1e-14;
        double tolerance = perTerm * 4 * (op == Op.SUM ? count(shape, axes) : 1);
        for (int i = 0; i < want.length; i++) {
            assertThat(v[i])
                    .as(
                            "%s %s %s over %s, element %d",
                            x.isFloat() ? "f32" : "f64",
                            op,
                            Arrays.toString(shape),
                            Arrays.toString(axes),
                            i)
                    .isCloseTo(want[i], within(tolerance));
        }
    }

    private static long count(long[] shape, int[] axes) {
        long n = 1;
        for (int a : axes) {
            n *= shape[a];
        }
        return n;
    }

    private static long[] kept(long[] shape, int[] axes) {
        return java.util.stream.IntStream.range(0, shape.length)
                .filter(i -> Arrays.binarySearch(axes, i) < 0)
                .mapToLong(i -> shape[i])
                .toArray();
    }

    /** The reference backend's definition: every output element over its inputs in index order. */
    private static double[] naive(Op op, double[] x, long[] shape, int[] axes) {
        long[] out = kept(shape, axes);
        int n = (int) Arrays.stream(out).reduce(1, (a, b) -> a * b);
        double[] r = new double[n];
        Arrays.fill(r, op == Op.SUM ? 0 : Double.NEGATIVE_INFINITY);
        int[] index = new int[shape.length];
        for (double value : x) {
            int o = 0;
            for (int d = 0, k = 0; d < shape.length; d++) {
                if (Arrays.binarySearch(axes, d) < 0) {
                    o = o * (int) out[k++] + index[d];
                }
            }
            r[o] = op == Op.SUM ? r[o] + value : Math.max(r[o], value);
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return r;
    }

    private static HostArray random(boolean f32, long[] shape, long seed) {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        float[] u = Rng.seeded(seed).uniformFloats(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (u[i] - 0.5) * 8;
        }
        return TestArrays.array(f32, shape, v);
    }
}
