package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.host.TestArrays.array;
import static org.vae4j.host.TestArrays.unwritten;
import static org.vae4j.host.TestArrays.values;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.ParallelFor;

/**
 * Expressions cut at the nodes an engine computes: what each cut holds, and that evaluating the
 * argument, the op alone and the rest in turn (as a backend does, here all on the host) gives the
 * whole expression's bits, with arguments of smaller shapes, nested cuts and float32 and float64.
 */
final class EngineSplitTest {
    private static final ElementCut WHOLE = new ElementCut(new ParallelFor(1), Long.MAX_VALUE);
    private static final Predicate<Op> SIGMOID_AND_LOG = Set.of(Op.SIGMOID, Op.LOG)::contains;

    /** (x - sigmoid(l)) * g: the logits' gradient of a Bernoulli likelihood. */
    private static Elementwise logitGradient() {
        Elementwise.Builder b = Elementwise.builder(3);
        return b.build(b.input(0).sub(b.input(1).sigmoid()).mul(b.input(2)));
    }

    @Test
    void anArgumentThatIsAnInputIsTakenAsItStands() {
        long[] s = {2, 3};
        EngineSplit split =
                EngineSplit.of(logitGradient(), new long[][] {s, s, s}, SIGMOID_AND_LOG);

        assertThat(split.op()).isEqualTo(Op.SIGMOID);
        assertThat(split.argumentInput()).isEqualTo(1);
        assertThat(split.shape()).containsExactly(2, 3);
        Elementwise.Builder b = Elementwise.builder(4);
        assertThat(split.rest().nodes())
                .isEqualTo(b.build(b.input(0).sub(b.input(3)).mul(b.input(2))).nodes());
        assertThat(split.rest().inputs()).isEqualTo(4);
    }

    @Test
    void aComputedArgumentReadsOnlyItsInputsAtTheirBroadcastShape() {
        Elementwise.Builder b = Elementwise.builder(3);
        Term logit = b.input(2).mul(b.input(0)).add(0.5);
        Elementwise e = b.build(logit.sigmoid().mul(b.input(1)));
        EngineSplit split = EngineSplit.of(e, new long[][] {{4, 1}, {4, 3}, {3}}, SIGMOID_AND_LOG);

        assertThat(split.argumentInput()).isEqualTo(-1);
        assertThat(split.from()).containsExactly(2, 0);
        assertThat(split.shape()).containsExactly(4, 3);
        Elementwise.Builder a = Elementwise.builder(2);
        assertThat(split.argument().nodes())
                .isEqualTo(a.build(a.input(0).mul(a.input(1)).add(0.5)).nodes());
    }

    @Test
    void expressionsWithoutSuchNodesAndTermsOfConstantsAloneAreNotCut() {
        Elementwise.Builder b = Elementwise.builder(1);
        Elementwise e = b.build(b.input(0).exp().mul(b.constant(2).log()).tanh());
        assertThat(EngineSplit.of(e, new long[][] {{3}}, SIGMOID_AND_LOG)).isNull();
        assertThat(EngineSplit.of(logitGradient(), new long[][] {{3}, {3}, {3}}, op -> false))
                .isNull();
    }

    @Test
    void evaluatingTheCutsInTurnGivesTheWholeExpressionsBits() {
        Elementwise.Builder b = Elementwise.builder(3);
        Term x = b.input(0);
        Term scale = b.input(2);
        Term inner = x.mul(scale).sigmoid();
        Elementwise e = b.build(inner.add(1).log().mul(b.input(1)).sub(inner.mul(scale).log()));
        long[][] shapes = {{3, 1500}, {3, 1500}, {1500}};
        for (boolean f32 : new boolean[] {true, false}) {
            HostArray[] in = new HostArray[3];
            for (int k = 0; k < 3; k++) {
                double[] v = new double[(int) Arrays.stream(shapes[k]).reduce(1, (p, q) -> p * q)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.sin(7.1 * i + k) * (k == 2 ? 0.9 : 6);
                }
                in[k] = array(f32, shapes[k], v);
            }
            long[] out = {3, 1500};
            HostArray whole = unwritten(f32, out);
            HostFusion.apply(e, whole, WHOLE, in);

            int[] cuts = {0};
            HostArray inTurn = inTurn(e, out, in, cuts);
            assertThat(cuts[0]).as("cuts").isEqualTo(3);
            assertThat(values(inTurn))
                    .as(f32 ? "float32" : "float64")
                    .containsExactly(values(whole));
        }
    }

    /** Evaluates {@code e} as a backend would: argument, op alone, rest; counts the cuts. */
    private static HostArray inTurn(Elementwise e, long[] out, HostArray[] in, int[] cuts) {
        long[][] shapes = new long[in.length][];
        for (int k = 0; k < in.length; k++) {
            shapes[k] = in[k].shape();
        }
        EngineSplit split = EngineSplit.of(e, shapes, SIGMOID_AND_LOG);
        if (split == null) {
            HostArray z = unwritten(in[0].isFloat(), out);
            HostFusion.apply(e, z, WHOLE, in);
            return z;
        }
        cuts[0]++;
        HostArray argument;
        if (split.argumentInput() >= 0) {
            argument = in[split.argumentInput()];
        } else {
            HostArray[] from = new HostArray[split.from().length];
            for (int i = 0; i < from.length; i++) {
                from[i] = in[split.from()[i]];
            }
            argument = inTurn(split.argument(), split.shape(), from, new int[1]);
        }
        HostArray value = unwritten(in[0].isFloat(), split.shape());
        HostElementwise.apply(split.op(), value, WHOLE, argument);
        HostArray[] with = Arrays.copyOf(in, in.length + 1);
        with[in.length] = value;
        return inTurn(split.rest(), out, with, cuts);
    }
}
