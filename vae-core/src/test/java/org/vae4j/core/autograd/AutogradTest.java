package org.vae4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;

/** Small exact cases of the backward pass, on the plain-Java reference backend. */
class AutogradTest {
    private static final Backend B = ReferenceBackend.create();

    @AfterAll
    static void close() {
        B.close();
    }

    private static Variable leaf(double[] v, int... dims) {
        return Variable.leaf(B.fromDoubles(v, Shape.of(dims)), "x");
    }

    private static Variable constant(double[] v, int... dims) {
        return Variable.constant(B.fromDoubles(v, Shape.of(dims)));
    }

    @Test
    void aBroadcastInputGetsTheSumOverTheBroadcastAxes() {
        Variable x = leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Variable b = leaf(new double[] {10, 20, 30}, 3);
        Gradients g = x.add(b).mul(x).sumAll().backward();
        // d/db sum((x + b) * x) = sum over rows of x
        assertThat(g.get(b).value().toDoubles()).containsExactly(5, 7, 9);
        // d/dx = 2x + b
        assertThat(g.get(x).value().toDoubles()).containsExactly(12, 24, 36, 18, 30, 42);
    }

    @Test
    void aValueUsedTwiceAccumulates() {
        Variable x = leaf(new double[] {3}, 1);
        Gradients g = x.mul(x).add(x).sumAll().backward();
        assertThat(g.get(x).value().toDoubles()).containsExactly(7);
    }

    @Test
    void anUnusedLeafGetsZeros() {
        Variable x = leaf(new double[] {1, 2}, 2);
        Variable unused = leaf(new double[] {5, 5, 5}, 3);
        Gradients g = x.square().sumAll().backward();
        assertThat(g.contains(unused)).isFalse();
        assertThat(g.get(unused).value().toDoubles()).containsExactly(0, 0, 0);
    }

    @Test
    void aNonScalarRootNeedsASeed() {
        Variable x = leaf(new double[] {1, 2}, 2);
        assertThatThrownBy(() -> x.exp().backward())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one-element root")
                .hasMessageContaining("[2]");
        Variable seed = constant(new double[] {1, 0}, 2);
        Gradients g = Autograd.gradients(x.square(), seed, false);
        assertThat(g.get(x).value().toDoubles()).containsExactly(2, 0);
    }

    @Test
    void aRootWithoutGradientsIsAnError() {
        Variable c = constant(new double[] {1}, 1);
        assertThatThrownBy(() -> c.exp().sumAll().backward())
                .hasMessageContaining("does not depend on any variable that requires a gradient");
    }

    @Test
    void detachAndNoGradCutTheGraph() {
        Variable x = leaf(new double[] {2}, 1);
        Gradients g = x.mul(x.detach()).sumAll().backward();
        assertThat(g.get(x).value().toDoubles()).containsExactly(2);
        try (NoGrad off = NoGrad.enter()) {
            Variable y = x.mul(x);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.node()).isNull();
            assertThat(NoGrad.recording()).isFalse();
        }
        assertThat(NoGrad.recording()).isTrue();
    }

    @Test
    void greaterIsNotDifferentiable() {
        Variable x = leaf(new double[] {1, -1}, 2);
        assertThat(x.greater(0).requiresGrad()).isFalse();
    }

    @Test
    void customFunctionsUseTheirOwnRule() {
        CustomFunction cube =
                new CustomFunction() {
                    @Override
                    protected Variable forward(Context ctx, Variable... in) {
                        ctx.save(in[0]);
                        return in[0].square().mul(in[0]);
                    }

                    @Override
                    protected Variable[] backward(Context ctx, Variable grad) {
                        return new Variable[] {grad.mul(ctx.saved(0).square().mul(3))};
                    }
                };
        Variable x = leaf(new double[] {2, -1}, 2);
        Variable y = cube.apply(x);
        assertThat(y.value().toDoubles()).containsExactly(8, -1);
        assertThat(y.sumAll().backward().get(x).value().toDoubles()).containsExactly(12, 3);
    }

    @Test
    void aRuleReturningTheWrongNumberOfGradientsIsCaught() {
        CustomFunction broken =
                new CustomFunction() {
                    @Override
                    protected Variable forward(Context ctx, Variable... in) {
                        return in[0].add(in[1]);
                    }

                    @Override
                    protected Variable[] backward(Context ctx, Variable grad) {
                        return new Variable[] {grad};
                    }

                    @Override
                    protected String name() {
                        return "BROKEN";
                    }
                };
        Variable a = leaf(new double[] {1}, 1);
        Variable b = leaf(new double[] {1}, 1);
        assertThatThrownBy(() -> broken.apply(a, b).sumAll().backward())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The backward rule for BROKEN returned 1 gradients for 2 inputs");
    }

    @Test
    void logSumExpIsStableAndHandlesMinusInfinity() {
        Variable x = leaf(new double[] {1000, 1000, Double.NEGATIVE_INFINITY, -5}, 2, 2);
        Variable lse = x.logSumExp(new int[] {1}, false);
        double[] v = lse.value().toDoubles();
        assertThat(v[0]).isCloseTo(1000 + Math.log(2), within(1e-12));
        assertThat(v[1]).isCloseTo(-5, within(1e-12));
        Variable allInf =
                constant(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2)
                        .logSumExp(new int[] {0}, false);
        assertThat(allInf.item()).isEqualTo(Double.NEGATIVE_INFINITY);
        // the gradient of log-sum-exp is the softmax
        double[] g = lse.sumAll().backward().get(x).value().toDoubles();
        assertThat(g).containsExactly(new double[] {0.5, 0.5, 0, 1}, within(1e-12));
    }

    @Test
    void logSumExpDropsTermsBelowTheDtypesRounding() {
        // float64 keeps terms up to 60 nats below the maximum, float32 up to 40
        Variable x = leaf(new double[] {0, -59, -61}, 3);
        double[] g = x.logSumExp(new int[] {0}, false).backward().get(x).value().toDoubles();
        assertThat(g[1]).isCloseTo(Math.exp(-59), within(1e-30)).isPositive();
        assertThat(g[2]).isZero();
        Variable y = Variable.leaf(B.fromFloats(new float[] {0, -39, -41, -90}, Shape.of(4)), "y");
        Variable lse = y.logSumExp(new int[] {0}, false);
        float[] g32 = lse.backward().get(y).value().toFloats();
        assertThat(lse.item()).isZero();
        assertThat(g32[1]).isCloseTo((float) Math.exp(-39), within(1e-22f));
        // exp(-90) in float32 is subnormal: it would slow every product the gradient reaches
        assertThat(g32[2]).isZero();
        assertThat(g32[3]).isZero();
        Variable nan = constant(new double[] {Double.NaN, 0, -100}, 3);
        assertThat(nan.logSumExp(new int[] {0}, false).item()).isNaN();
    }

    @Test
    void fusedLinearMatchesTheComposite() {
        try (Scope s = B.openScope()) {
            Variable x = leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Variable w = leaf(new double[] {1, 0, -1, 2, 1, 0}, 2, 3);
            Variable b = leaf(new double[] {0.5, -0.5}, 2);
            Variable fused = Fused.linear(x, w, b);
            Variable composite = x.matmul(w, false, true).add(b);
            assertThat(fused.value().toDoubles()).containsExactly(composite.value().toDoubles());
            GradCheck.Result r =
                    GradCheck.check(
                            v -> Fused.linear(v.get(0), v.get(1), v.get(2)),
                            List.of(x.value(), w.value(), b.value()),
                            1e-8,
                            1e-6);
            assertThat(r.passed()).as(r.detail()).isTrue();
            GradCheck.Result noBias =
                    GradCheck.check(
                            v -> Fused.linear(v.get(0), v.get(1), null),
                            List.of(x.value(), w.value()),
                            1e-8,
                            1e-6);
            assertThat(noBias.passed()).as(noBias.detail()).isTrue();
        }
    }

    @Test
    void gradCheckCatchesAWrongRule() {
        CustomFunction wrong =
                new CustomFunction() {
                    @Override
                    protected Variable forward(Context ctx, Variable... in) {
                        return in[0].square();
                    }

                    @Override
                    protected Variable[] backward(Context ctx, Variable grad) {
                        return new Variable[] {grad};
                    }
                };
        Variable x = leaf(new double[] {1.5, -2}, 2);
        GradCheck.Result r =
                GradCheck.check(v -> wrong.apply(v.get(0)), List.of(x.value()), 1e-8, 1e-6);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("analytic").contains("numeric");
    }
}
