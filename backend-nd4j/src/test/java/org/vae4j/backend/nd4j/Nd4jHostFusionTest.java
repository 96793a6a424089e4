package org.vae4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.Availability;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.support.ParallelFor;

/**
 * One-pass expressions against the ops one at a time ({@link Nd4jHostElementwise}, {@link
 * Nd4jHostMath}) bit for bit: inputs broadcast with short runs (so that a chunk spans several),
 * results longer than a chunk, terms of smaller shapes computed first (also inside one another's
 * expressions, and as the result), float32 and float64, whole and cut into pieces at every element.
 */
final class Nd4jHostFusionTest {
    private static final Nd4jHostWork WHOLE =
            new Nd4jHostWork(new ParallelFor(1), Long.MAX_VALUE, 1, true);
    private static final Nd4jHostWork CUT = new Nd4jHostWork(new ParallelFor(3), 1, 1, true);

    @BeforeAll
    static void load() {
        Availability a = Nd4jRuntime.availability();
        assertThat(a.available()).as(a.reason()).isTrue();
    }

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
        Nd4jHoistedTerms h =
                Nd4jHoistedTerms.of(
                        gaussian(), new long[][] {{7, 2, 3}, {2, 3}, {2, 3}}, dims(7, 2, 3));
        assertThat(h).isNotNull();
        assertThat(h.parts()).hasSize(1);
        Nd4jHoistedTerms.Part part = h.parts().get(0);
        assertThat(part.shape()).containsExactly(2, 3);
        assertThat(part.from()).containsExactly(2);
        assertThat(part.e().nodes().stream().map(n -> n.op()))
                .containsExactly(null, Op.NEG, Op.EXP);
        assertThat(h.rest().inputs()).isEqualTo(4);
        assertThat(
                        Nd4jHoistedTerms.of(
                                h.rest(),
                                new long[][] {{7, 2, 3}, {2, 3}, {2, 3}, {2, 3}},
                                dims(7, 2, 3)))
                .as("what is left has every op at the result's size")
                .isNull();
        assertThat(Nd4jHoistedTerms.of(gaussian(), new long[][] {{4}, {4}, {4}}, dims(4))).isNull();
    }

    @Test
    void termsOfConstantsAloneStayInThePass() {
        Elementwise.Builder b = Elementwise.builder(1);
        Elementwise e = b.build(b.input(0).mul(b.constant(0.5).log()));
        assertThat(Nd4jHoistedTerms.of(e, new long[][] {{3, 4}}, dims(3, 4))).isNull();
        INDArray x = random(DataType.FLOAT, dims(3, 4), 3);
        expectSame(
                Nd4jHostFusion.apply(e, dims(3, 4), CUT, x),
                oneAtATime(e, dims(3, 4), x),
                "x log(1/2)");
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
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (long[][] sh : shapes) {
                INDArray a = random(type, sh[1], 1);
                INDArray c = random(type, sh[2], 2);
                INDArray positive = Nd4jHostElementwise.apply(Op.ABS, sh[2], WHOLE, c);
                for (Nd4jHostWork host : new Nd4jHostWork[] {WHOLE, CUT}) {
                    expectSame(
                            Nd4jHostFusion.apply(gaussian(), sh[0], host, a, c, c),
                            oneAtATime(gaussian(), sh[0], a, c, c),
                            type + " gaussian " + Arrays.deepToString(sh));
                    expectSame(
                            Nd4jHostFusion.apply(mixed, sh[0], host, a, c),
                            oneAtATime(mixed, sh[0], a, c),
                            type + " mixed " + Arrays.deepToString(sh));
                    expectSame(
                            Nd4jHostFusion.apply(small, sh[0], host, a, positive),
                            oneAtATime(small, sh[0], a, positive),
                            type + " small " + Arrays.deepToString(sh));
                }
            }
        }
    }

    /** The expression one op at a time, each op broadcasting its own operands. */
    private static INDArray oneAtATime(Elementwise e, long[] out, INDArray... in) {
        INDArray[] v = new INDArray[e.nodes().size()];
        for (int j = 0; j < v.length; j++) {
            Elementwise.Node n = e.nodes().get(j);
            if (n.isInput()) {
                v[j] = in[n.input()];
            } else if (n.isConstant()) {
                v[j] = Nd4j.scalar(in[0].dataType(), n.constant());
            } else {
                INDArray[] args = new INDArray[n.arity()];
                long[] shape = v[n.arg(0)].shape();
                for (int i = 0; i < args.length; i++) {
                    args[i] = v[n.arg(i)];
                    shape = broadcast(shape, args[i].shape());
                }
                v[j] = Nd4jHostElementwise.apply(n.op(), shape, WHOLE, args);
            }
        }
        return Nd4jHostElementwise.apply(Op.BROADCAST_TO, out, WHOLE, v[e.result()]);
    }

    private static void expectSame(INDArray actual, INDArray expected, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        double[] a = actual.data().asDouble();
        double[] x = expected.data().asDouble();
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

    private static INDArray random(DataType type, long[] shape, long seed) {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        float[] u = Rng.seeded(seed).uniformFloats(n);
        INDArray x = Nd4j.createUninitialized(type, shape, 'c');
        for (int i = 0; i < n; i++) {
            x.data().put(i, i % 7 == 0 ? 0.0 : (u[i] - 0.5) * 6);
        }
        return x;
    }
}
