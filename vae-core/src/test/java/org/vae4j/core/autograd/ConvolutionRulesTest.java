package org.vae4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;

/**
 * The kernel gradient of both convolutions is differentiable in turn: {@code d/dx <dL/dk, r>},
 * taken through the recorded backward pass, matches central differences of the first gradient, in
 * float64 on the reference backend. Both of its inputs (the layer's input and the output gradient,
 * which depends on x here) carry a gradient.
 */
class ConvolutionRulesTest {
    private static final Backend B = ReferenceBackend.create();
    private static final double EPS = 1e-6;

    @AfterAll
    static void close() {
        B.close();
    }

    @ParameterizedTest(name = "transposed {0}")
    @ValueSource(booleans = {false, true})
    void theKernelGradientsSecondDerivativeMatchesFiniteDifferences(boolean transposed) {
        Rng rng = Rng.seeded(transposed ? 2 : 1);
        Shape xs = Shape.of(2, 2, 5, 4);
        Shape ks = transposed ? Shape.of(2, 3, 3, 2) : Shape.of(3, 2, 3, 2);
        Conv2dSpec spec = Conv2dSpec.of(2, 1);
        double[] x0 = random(rng, (int) xs.size());
        Tensor k = B.fromDoubles(random(rng, (int) ks.size()), ks);
        Tensor r = B.fromDoubles(random(rng, (int) ks.size()), ks);
        BiFunction<Variable, Variable, Variable> layer =
                (x, kernel) ->
                        transposed ? x.convTranspose2d(kernel, spec) : x.conv2d(kernel, spec);

        Variable x = Variable.leaf(B.fromDoubles(x0, xs), "x");
        Variable kernel = Variable.leaf(k, "k");
        Variable loss = layer.apply(x, kernel).square().sumAll();
        Variable dk = Autograd.gradients(loss, loss.scalar(1), true).get(kernel);
        double[] analytic =
                dk.mul(Variable.constant(r)).sumAll().backward().get(x).value().toDoubles();

        for (int i = 0; i < x0.length; i += 3) {
            double up = projected(layer, x0, i, EPS, xs, k, r);
            double down = projected(layer, x0, i, -EPS, xs, k, r);
            assertThat(analytic[i])
                    .as("element %d", i)
                    .isCloseTo((up - down) / (2 * EPS), within(1e-6));
        }
    }

    /** {@code <dL/dk, r>} with element i of x moved by delta. */
    private static double projected(
            BiFunction<Variable, Variable, Variable> layer,
            double[] x0,
            int i,
            double delta,
            Shape xs,
            Tensor k,
            Tensor r) {
        double[] moved = x0.clone();
        moved[i] += delta;
        Variable kernel = Variable.leaf(k, "k");
        Variable loss =
                layer.apply(Variable.constant(B.fromDoubles(moved, xs)), kernel).square().sumAll();
        double[] dk = loss.backward().get(kernel).value().toDoubles();
        double[] rv = r.toDoubles();
        double sum = 0;
        for (int j = 0; j < dk.length; j++) {
            sum += dk[j] * rv[j];
        }
        return sum;
    }

    private static double[] random(Rng rng, int n) {
        Tensor t = rng.normal(B, Shape.of(n), DType.FLOAT64);
        return t.toDoubles();
    }
}
