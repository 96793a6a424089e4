package org.vae4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.optim.Adam;

/**
 * vae-core's {@code Adam.step} over all ten parameters of the canonical model (652,824 values),
 * with the gradients of one ELBO backward pass on a random batch, reused by every step.
 */
public class AdamBenchmark extends BackendBenchmark {
    private Adam adam;
    private Gradients gradients;

    @Override
    void prepare() {
        Vae vae = canonicalModel();
        adam = own(new Adam(vae.namedParameters(), 1e-3));
        try (Scope scope = ops.openScope()) {
            Tensor x = Rng.seeded(2).uniform(ops, Shape.of(BATCH, MODEL.features()), DType.FLOAT32);
            gradients =
                    Elbo.standard()
                            .compute(vae, Variable.constant(x), Rng.seeded(3), 0)
                            .loss()
                            .backward();
            for (Parameter p : vae.parameters()) {
                own(scope.detach(gradients.get(p.variable()).value()));
            }
        }
    }

    /** One Adam step: the fused update of each parameter and its two moments, in place. */
    @Benchmark
    public void step() {
        adam.step(gradients);
    }
}
