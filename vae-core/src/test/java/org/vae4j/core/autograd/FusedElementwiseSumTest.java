package org.vae4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;

/**
 * {@link Fused#elementwiseSum} and the broadcast inputs' gradients of {@link Fused#elementwise}
 * (both summed in one op): the values of the expression summed by the tape, gradients against
 * central differences for inputs broadcast along leading, inner and summed axes, with and without
 * keepDims, and only the inputs that require a gradient get one.
 */
class FusedElementwiseSumTest {
    private static final Backend B = ReferenceBackend.create();

    /** -1/2 ((x - mu)^2 exp(-lv) + lv) over x [4, 3, 5], mu [3, 5] and lv [1, 5]. */
    private static Elementwise gaussian() {
        Elementwise.Builder b = Elementwise.builder(3);
        Term lv = b.input(2);
        return b.build(b.input(0).sub(b.input(1)).square().mul(lv.neg().exp()).add(lv).mul(-0.5));
    }

    private static final List<Shape> SHAPES =
            List.of(Shape.of(4, 3, 5), Shape.of(3, 5), Shape.of(1, 5));

    @Test
    void valuesAreTheExpressionSummed() {
        List<Tensor> in = inputs(1);
        for (int[] axes : new int[][] {{2}, {0}, {0, 2}, {0, 1, 2}, {}}) {
            for (boolean keepDims : new boolean[] {false, true}) {
                Variable[] v = leaves(in);
                double[] fused =
                        Fused.elementwiseSum(gaussian(), axes, keepDims, v).value().toDoubles();
                double[] summed =
                        Fused.elementwise(gaussian(), v).sum(axes, keepDims).value().toDoubles();
                assertThat(fused).containsExactly(summed, within(1e-12));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        List<Tensor> in = inputs(2);
        for (int[] axes : new int[][] {{2}, {0}, {1}, {0, 1, 2}}) {
            for (boolean keepDims : new boolean[] {false, true}) {
                GradCheck.Result r =
                        GradCheck.check(
                                v ->
                                        Fused.elementwiseSum(
                                                        gaussian(),
                                                        axes,
                                                        keepDims,
                                                        v.toArray(new Variable[0]))
                                                .tanh()
                                                .sumAll(),
                                in,
                                1e-7,
                                1e-6);
                assertThat(r.passed())
                        .as(
                                "axes %s keepDims %s: %s",
                                java.util.Arrays.toString(axes), keepDims, r.detail())
                        .isTrue();
            }
        }
        GradCheck.Result whole =
                GradCheck.check(
                        v ->
                                Fused.elementwise(gaussian(), v.toArray(new Variable[0]))
                                        .tanh()
                                        .sumAll(),
                        in,
                        1e-7,
                        1e-6);
        assertThat(whole.passed())
                .as("broadcast inputs of elementwise: %s", whole.detail())
                .isTrue();
    }

    @Test
    void anInputReadAloneGetsItsGradientTimesTheTermsItWasSpreadOver() {
        Elementwise.Builder b = Elementwise.builder(2);
        Elementwise e = b.build(b.input(0).tanh().add(b.input(1).mul(2)));
        Rng rng = Rng.seeded(4);
        List<Tensor> in =
                List.of(
                        B.fromDoubles(rng.normals(12), Shape.of(4, 3)),
                        B.fromDoubles(rng.normals(3), Shape.of(3)));
        GradCheck.Result r =
                GradCheck.check(
                        v ->
                                Fused.elementwiseSum(e, new int[] {0}, false, v.get(0), v.get(1))
                                        .tanh()
                                        .sumAll(),
                        in,
                        1e-7,
                        1e-6);
        assertThat(r.passed()).as(r.detail()).isTrue();
    }

    @Test
    void aConstantInputGetsNoGradientAndLeavesTheOthersAlone() {
        List<Tensor> in = inputs(3);
        int[] axes = {2};
        Variable[] all = leaves(in);
        Variable[] one = {
            Variable.constant(in.get(0)),
            Variable.leaf(in.get(1), "mu"),
            Variable.constant(in.get(2))
        };
        Gradients gAll =
                Autograd.gradients(Fused.elementwiseSum(gaussian(), axes, false, all).sumAll());
        Gradients gOne =
                Autograd.gradients(Fused.elementwiseSum(gaussian(), axes, false, one).sumAll());
        assertThat(gOne.get(one[1]).shape()).isEqualTo(Shape.of(3, 5));
        assertThat(gOne.get(one[1]).value().toDoubles())
                .containsExactly(gAll.get(all[1]).value().toDoubles(), within(1e-12));
        assertThat(one[0].requiresGrad()).isFalse();
    }

    private static List<Tensor> inputs(long seed) {
        Rng rng = Rng.seeded(seed);
        return SHAPES.stream().map(s -> B.fromDoubles(rng.normals((int) s.size()), s)).toList();
    }

    private static Variable[] leaves(List<Tensor> in) {
        return in.stream().map(t -> Variable.leaf(t, "in")).toArray(Variable[]::new);
    }
}
