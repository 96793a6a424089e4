package org.vae4j.core.distributions;

import java.util.List;
import java.util.function.Function;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * One registry of example distributions (after PyTorch's {@code EXAMPLES}), which the generic tests
 * iterate over: two batch entries, events of three elements, float64.
 */
final class DistributionExamples {
    private DistributionExamples() {}

    /** A named way to build an example on a backend. */
    record Example(String name, Function<Backend, Distribution> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Variable param(Backend b, double... values) {
        return Variable.constant(b.fromDoubles(values, Shape.of(2, 3)));
    }

    static final List<Example> ALL =
            List.of(
                    new Example(
                            "DiagonalGaussian",
                            b ->
                                    new DiagonalGaussian(
                                            param(b, 0.5, -1, 2, 0, 0.3, -0.7),
                                            param(b, -0.5, 0.2, 0.1, -1.5, 0.8, 0))),
                    new Example("StandardNormal", b -> new StandardNormal(b, DType.FLOAT64, 3)),
                    new Example(
                            "Bernoulli",
                            b -> Bernoulli.ofLogits(param(b, -2, 0.5, 3, 0, -0.1, 1.2))),
                    new Example(
                            "ContinuousBernoulli",
                            b -> new ContinuousBernoulli(param(b, -3, 0.05, 2.5, 0, -0.5, 8))),
                    new Example(
                            "Laplace",
                            b ->
                                    new Laplace(
                                            param(b, 0, 1, -2, 0.5, 0.2, -0.3),
                                            param(b, -0.3, 0.4, 0, -1, 0.2, 0.1))));
}
