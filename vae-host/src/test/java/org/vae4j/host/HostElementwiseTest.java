package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.host.TestArrays.array;
import static org.vae4j.host.TestArrays.values;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.support.ParallelFor;

/**
 * Every op the host loops take, against a naive definition: the exact ones bit for bit, for
 * broadcasts that merge axes and ones that cannot, scalars, columns, rows, odd lengths, results
 * longer than a chunk, float32 and float64, whole and cut into pieces at every element (so that
 * pieces start inside runs); the transcendental ones within a few ulp, at their edges too.
 */
final class HostElementwiseTest {
    private static final ElementCut WHOLE = new ElementCut(new ParallelFor(1), Long.MAX_VALUE);
    private static final ElementCut CUT = new ElementCut(new ParallelFor(3), 1);
    private static final boolean[] FLOAT32_AND_FLOAT64 = {true, false};

    private static final long[][][] SHAPES = {
        // out, a, b, condition
        {{7}, {7}, {7}, {7}},
        {{128, 784}, {128, 784}, {1}, {128, 784}},
        {{128, 20}, {128, 1}, {20}, {1, 20}},
        {{3, 5, 4}, {5, 1}, {3, 1, 4}, {3, 5, 4}},
        {{2, 3, 3, 5}, {2, 1, 3, 5}, {3, 1, 5}, {1}},
        {{5000}, {5000}, {}, {5000}},
        {{4, 1, 9}, {4, 1, 1}, {1, 9}, {4, 1, 9}},
        {{1}, {}, {1}, {}},
        {{9, 4101}, {9, 1}, {4101}, {9, 4101}},
    };

    @Test
    void everyElementwiseOpAndBroadcastIsTakenAndNothingElse() {
        for (Op op : Op.values()) {
            boolean elementwise =
                    op.kind() == Op.Kind.UNARY
                            || op.kind() == Op.Kind.BINARY
                            || op.kind() == Op.Kind.TERNARY
                            || op == Op.BROADCAST_TO;
            assertThat(HostElementwise.takes(op)).as(op.toString()).isEqualTo(elementwise);
        }
    }

    @Test
    void everyOpMatchesItsDefinitionForEveryBroadcast() {
        Op[] unary = {Op.NEG, Op.ABS, Op.SQUARE, Op.RELU, Op.BROADCAST_TO};
        Op[] binary = {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.POW, Op.GREATER};
        for (boolean f32 : FLOAT32_AND_FLOAT64) {
            for (long[][] s : SHAPES) {
                HostArray a = random(f32, s[1], 1);
                HostArray b = random(f32, s[2], 2);
                HostArray c = random(f32, s[3], 3);
                for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                    for (Op op : unary) {
                        check(op, s[0], cut, op == Op.BROADCAST_TO ? a : random(f32, s[0], 4));
                    }
                    for (Op op : binary) {
                        check(op, s[0], cut, a, b);
                    }
                    check(Op.WHERE, s[0], cut, c, a, b);
                }
            }
        }
    }

    @Test
    void specialValuesFollowTheReferenceDefinitions() {
        double inf = Double.POSITIVE_INFINITY;
        double tiny = Float.MIN_VALUE; // the smallest float32 subnormal
        // pairs: NaN on either side, signed zeros, inf - inf, a subnormal difference, a difference
        // beyond float32's range, ties
        double[] v = {Double.NaN, -0.0, 0.0, inf, -1e-40, 3, inf, -inf, tiny, 3e38, tiny, -inf};
        double[] w = {1, 0.0, -0.0, Double.NaN, 2, -inf, inf, -inf, 0, -3e38, tiny, 5};
        long[] shape = {v.length};
        for (boolean f32 : FLOAT32_AND_FLOAT64) {
            HostArray a = array(f32, shape, v);
            HostArray b = array(f32, shape, w);
            for (Op op : new Op[] {Op.RELU, Op.ABS, Op.NEG}) {
                check(op, shape, CUT, a);
            }
            for (Op op : new Op[] {Op.MAXIMUM, Op.GREATER, Op.DIV}) {
                check(op, shape, CUT, a, b);
            }
            check(Op.WHERE, shape, CUT, a, b, a);
        }
    }

    @Test
    void transcendentalOpsAreWithinAFewUlpOfTheReference() {
        Op[] ops = {Op.EXP, Op.LOG, Op.LOG1P, Op.SQRT, Op.TANH, Op.SIGMOID, Op.SOFTPLUS};
        double[] special = {
            0,
            -0.0,
            1e-30,
            -1e-30,
            1e-8,
            -1e-8,
            0.05,
            -0.05,
            0.1,
            -0.1,
            0.5,
            -0.5,
            1,
            -1,
            3,
            -3,
            20,
            -20,
            30,
            -30,
            88,
            -88,
            100,
            -100,
            1e30,
            -1e30,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NaN,
            -0.999,
            1e-45
        };
        int n = 9001;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i < special.length ? special[i] : Math.sinh((i - n / 2) / 300.0);
        }
        for (boolean f32 : FLOAT32_AND_FLOAT64) {
            HostArray x = array(f32, new long[] {n}, v);
            double[] in = values(x);
            for (Op op : ops) {
                for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                    double[] got = values(apply(op, new long[] {n}, cut, x));
                    for (int i = 0; i < n; i++) {
                        double want = reference(op, in[i]);
                        if (f32) {
                            want = (float) want;
                        }
                        boolean ok =
                                Double.isNaN(want)
                                        ? Double.isNaN(got[i])
                                        : got[i] == want
                                                || Math.abs(got[i] - want)
                                                        <= (f32
                                                                ? Math.max(
                                                                        4e-7 * Math.abs(want),
                                                                        Float.MIN_NORMAL)
                                                                : Math.max(
                                                                        1e-15 * Math.abs(want),
                                                                        Double.MIN_NORMAL));
                        assertThat(ok)
                                .as(
                                        "%s %s(%s) = %s, reference %s",
                                        f32 ? "float32" : "float64", op, in[i], got[i], want)
                                .isTrue();
                    }
                }
            }
        }
    }

    /** The reference backend's definitions of the transcendental ops. */
    private static double reference(Op op, double x) {
        return switch (op) {
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case SOFTPLUS -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private static void check(Op op, long[] out, ElementCut cut, HostArray... in) {
        double[] values = values(apply(op, out, cut, in));
        double[] expected = naive(op, out, in);
        boolean f32 = in[0].isFloat();
        for (int i = 0; i < expected.length; i++) {
            double want = f32 ? (float) expected[i] : expected[i];
            assertThat(Double.doubleToLongBits(values[i]))
                    .as(
                            "%s %s element %d of %s: %s vs %s",
                            f32 ? "float32" : "float64",
                            op,
                            i,
                            Arrays.toString(out),
                            values[i],
                            want)
                    .isEqualTo(Double.doubleToLongBits(want));
        }
    }

    /**
     * Returns {@code op} of {@code in} in a new array of shape {@code out}, which starts as NaN so
     * that an element left unwritten shows.
     */
    private static HostArray apply(Op op, long[] out, ElementCut cut, HostArray... in) {
        double[] nan = new double[(int) Arrays.stream(out).reduce(1, (x, y) -> x * y)];
        Arrays.fill(nan, Double.NaN);
        HostArray z = array(in[0].isFloat(), out, nan);
        HostElementwise.apply(op, z, cut, in);
        return z;
    }

    /** The reference backend's definitions, element by element through explicit index math. */
    private static double[] naive(Op op, long[] out, HostArray... in) {
        int n = (int) Arrays.stream(out).reduce(1, (x, y) -> x * y);
        double[] r = new double[n];
        double[][] values = new double[in.length][];
        for (int k = 0; k < in.length; k++) {
            values[k] = values(in[k]);
        }
        for (int i = 0; i < n; i++) {
            double[] x = new double[in.length];
            for (int k = 0; k < in.length; k++) {
                x[k] = values[k][sourceIndex(i, out, in[k].shape())];
            }
            r[i] =
                    switch (op) {
                        case NEG -> -x[0];
                        case ABS -> Math.abs(x[0]);
                        case SQUARE -> x[0] * x[0];
                        case RELU -> x[0] > 0 ? x[0] : 0.0;
                        case BROADCAST_TO -> x[0];
                        case ADD -> x[0] + x[1];
                        case SUB -> x[0] - x[1];
                        case MUL -> x[0] * x[1];
                        case DIV -> x[0] / x[1];
                        case MAXIMUM -> Math.max(x[0], x[1]);
                        case POW -> Math.pow(x[0], x[1]);
                        case GREATER -> x[0] > x[1] ? 1.0 : 0.0;
                        case WHERE -> x[0] != 0 ? x[1] : x[2];
                        default -> throw new IllegalArgumentException(op.toString());
                    };
        }
        return r;
    }

    private static int sourceIndex(int flat, long[] out, long[] in) {
        int source = 0;
        int stride = 1;
        int rest = flat;
        for (int a = out.length - 1; a >= 0; a--) {
            int index = (int) (rest % out[a]);
            rest /= (int) out[a];
            int ia = a - (out.length - in.length);
            if (ia >= 0) {
                source += (in[ia] == 1 ? 0 : index) * stride;
                stride *= (int) in[ia];
            }
        }
        return source;
    }

    private static HostArray random(boolean f32, long[] shape, long seed) {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        float[] u = Rng.seeded(seed).uniformFloats(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // a few exact zeros and ties, so that WHERE, RELU, MAXIMUM and GREATER see them
            v[i] = i % 7 == 0 ? 0.0 : Math.round((u[i] - 0.5) * 64) / 8.0 + u[i] * 1e-3;
        }
        return array(f32, shape, v);
    }
}
