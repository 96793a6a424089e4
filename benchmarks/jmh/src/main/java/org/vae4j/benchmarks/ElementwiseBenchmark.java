package org.vae4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.DiagonalGaussian;

/**
 * The two elementwise chains of the ELBO, forward only, as each training step runs them through
 * vae-core's distributions: built from the networks' outputs, with the finiteness check of their
 * parameters that validation makes by default (one sum and one read per parameter), and then used.
 */
public class ElementwiseBenchmark extends BackendBenchmark {
    private Variable logits;
    private Variable images;
    private Variable mean;
    private Variable logVar;
    private Rng noise;

    @Override
    void prepare() {
        int features = MODEL.features();
        int latent = MODEL.latent();
        Rng rng = Rng.seeded(42);
        logits = Variable.constant(normal(rng, BATCH, features));
        images = Variable.constant(own(rng.uniform(ops, Shape.of(BATCH, features), DType.FLOAT32)));
        mean = Variable.constant(normal(rng, BATCH, latent));
        logVar = Variable.constant(normal(rng, BATCH, latent));
        noise = Rng.seeded(2);
    }

    /**
     * The Bernoulli log-likelihood of 128 images, {@code sum(x * l - softplus(l))} over 784 pixels:
     * three kernels on [128, 784] and a row sum, after the check of the logits.
     */
    @Benchmark
    public Tensor bernoulliLogProb() {
        try (Scope scope = ops.openScope()) {
            return Bernoulli.ofLogits(logits).logProb(images).value();
        }
    }

    /**
     * The reparameterised posterior sample {@code mu + exp(logVar / 2) * eps} on [128, 20], after
     * the checks of both parameters and the limit on the log-variance, with eps drawn in Java
     * (Philox) and uploaded: tensors so small that the cost of each call shows.
     */
    @Benchmark
    public Tensor reparameterise() {
        try (Scope scope = ops.openScope()) {
            return new DiagonalGaussian(mean, logVar).rsample(Shape.of(), noise).value();
        }
    }
}
