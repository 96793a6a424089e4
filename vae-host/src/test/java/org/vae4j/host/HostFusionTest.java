package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.host.TestArrays.array;
import static org.vae4j.host.TestArrays.unwritten;
import static org.vae4j.host.TestArrays.values;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.support.ParallelFor;

/**
 * One-pass expressions against the ops one at a time ({@link HostElementwise}, {@link HostMath})
 * bit for bit: inputs broadcast with short runs (so that a chunk spans several), results longer
 * than a chunk, terms of smaller shapes computed first (also inside one another's expressions, and
 * as the result), float32 and float64, whole and cut into pieces at every element.
 */
final class HostFusionTest {
    private static final ElementCut WHOLE = new ElementCut(new ParallelFor(1), Long.MAX_VALUE);
    private static final ElementCut CUT = new ElementCut(new ParallelFor(3), 1);

    /** -1/2 ((z - mu)^2 exp(-lv) + lv + log 2 pi): exp(-lv) has lv's shape, not the result's. */
    private static Elementwise gaussian() {
        Elementwise.Builder b = Elementwise.builder(3);
        Term lv = b.input(2);
        return b.build(
                b.input(0)
                        .sub(b.input(1))
                        .square()
                        .mul(lv.neg().exp())
                        .add(lv)
                        .add(1.8378770664093453)
                        .mul(-0.5));
    }

    @Test
    void termsOfSmallerShapesAreComputedFirstAtTheirOwnShape() {
        HoistedTerms h =
                HoistedTerms.of(
                        gaussian(), new long[][] {{7, 2, 3}, {2, 3}, {2, 3}}, dims(7, 2, 3));
        assertThat(h).isNotNull();
        assertThat(h.parts()).hasSize(1);
        HoistedTerms.Part part = h.parts().get(0);
        assertThat(part.shape()).containsExactly(2, 3);
        assertThat(part.from()).containsExactly(2);
        assertThat(part.e().nodes().stream().map(n -> n.op()))
                .containsExactly(null, Op.NEG, Op.EXP);
        assertThat(h.rest().inputs()).isEqualTo(4);
        assertThat(
                        HoistedTerms.of(
                                h.rest(),
                                new long[][] {{7, 2, 3}, {2, 3}, {2, 3}, {2, 3}},
                                dims(7, 2, 3)))
                .as("what is left has every op at the result's size")
                .isNull();
        assertThat(HoistedTerms.of(gaussian(), new long[][] {{4}, {4}, {4}}, dims(4))).isNull();
    }

    @Test
    void termsOfConstantsAloneStayInThePass() {
        Elementwise.Builder b = Elementwise.builder(1);
        Elementwise e = b.build(b.input(0).mul(b.constant(0.5).log()));
        assertThat(HoistedTerms.of(e, new long[][] {{3, 4}}, dims(3, 4))).isNull();
        HostArray x = random(true, dims(3, 4), 3);
        expectSame(fused(e, dims(3, 4), CUT, x), oneAtATime(e, dims(3, 4), x), "x log(1/2)");
    }

    @Test
    void matchesTheOpsOneAtATimeBitForBit() {
        Elementwise.Builder b = Elementwise.builder(2);
        Term x = b.input(0);
        Term y = b.input(1);
        // y.tanh().exp() is a smaller term inside a smaller term; the result is full-size
        Elementwise mixed =
                b.build(
                        b.where(x.greater(y), x.sigmoid(), y.tanh().exp().mul(x))
                                .add(x.softplus()));
        Elementwise.Builder s = Elementwise.builder(2);
        // the result depends on the smaller input alone: computed at [5], then broadcast
        Elementwise small = s.build(s.input(1).log1p().sqrt().add(0.5));
        long[][][] shapes = {
            {{3, 5}, {3, 5}, {5}},
            {{2, 3, 5}, {2, 3, 5}, {3, 1}},
            {{3001}, {3001}, {}},
            {{9, 2, 700}, {9, 2, 700}, {2, 700}},
        };
        for (boolean f32 : new boolean[] {true, false}) {
            String type = f32 ? "float32" : "float64";
            for (long[][] sh : shapes) {
                HostArray a = random(f32, sh[1], 1);
                HostArray c = random(f32, sh[2], 2);
                HostArray positive = op(Op.ABS, sh[2], c);
                for (ElementCut cut : new ElementCut[] {WHOLE, CUT}) {
                    expectSame(
                            fused(gaussian(), sh[0], cut, a, c, c),
                            oneAtATime(gaussian(), sh[0], a, c, c),
                            type + " gaussian " + Arrays.deepToString(sh));
                    expectSame(
                            fused(mixed, sh[0], cut, a, c),
                            oneAtATime(mixed, sh[0], a, c),
                            type + " mixed " + Arrays.deepToString(sh));
                    expectSame(
                            fused(small, sh[0], cut, a, positive),
                            oneAtATime(small, sh[0], a, positive),
                            type + " small " + Arrays.deepToString(sh));
                }
            }
        }
    }

    /** The expression one op at a time, each op broadcasting its own operands. */
    private static HostArray oneAtATime(Elementwise e, long[] out, HostArray... in) {
        HostArray[] v = new HostArray[e.nodes().size()];
        for (int j = 0; j < v.length; j++) {
            Elementwise.Node n = e.nodes().get(j);
            if (n.isInput()) {
                v[j] = in[n.input()];
            } else if (n.isConstant()) {
                v[j] = array(in[0].isFloat(), dims(), n.constant());
            } else {
                HostArray[] args = new HostArray[n.arity()];
                long[] shape = v[n.arg(0)].shape();
                for (int i = 0; i < args.length; i++) {
                    args[i] = v[n.arg(i)];
                    shape = broadcast(shape, args[i].shape());
                }
                v[j] = op(n.op(), shape, args);
            }
        }
        return op(Op.BROADCAST_TO, out, v[e.result()]);
    }

    /** {@code op} alone, whole, into a new array of shape {@code out}. */
    private static HostArray op(Op op, long[] out, HostArray... in) {
        HostArray z = unwritten(in[0].isFloat(), out);
        HostElementwise.apply(op, z, WHOLE, in);
        return z;
    }

    /** The expression in one pass into a new array of shape {@code out}. */
    private static HostArray fused(Elementwise e, long[] out, ElementCut cut, HostArray... in) {
        HostArray z = unwritten(in[0].isFloat(), out);
        HostFusion.apply(e, z, cut, in);
        return z;
    }

    private static void expectSame(HostArray actual, HostArray expected, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        double[] a = values(actual);
        double[] x = values(expected);
        for (int i = 0; i < x.length; i++) {
            assertThat(Double.doubleToRawLongBits(a[i]))
                    .as("%s at %d: %s against %s", what, i, a[i], x[i])
                    .isEqualTo(Double.doubleToRawLongBits(x[i]));
        }
    }

    private static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            long db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private static long[] dims(long... d) {
        return d;
    }

    private static HostArray random(boolean f32, long[] shape, long seed) {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        float[] u = Rng.seeded(seed).uniformFloats(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 7 == 0 ? 0.0 : (u[i] - 0.5) * 6;
        }
        return array(f32, shape, v);
    }
}
