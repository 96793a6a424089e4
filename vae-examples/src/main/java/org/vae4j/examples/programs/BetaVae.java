package org.vae4j.examples.programs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Batching;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.Mnist;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Kl;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.objectives.LossTerms;
import org.vae4j.core.objectives.Objective;
import org.vae4j.core.optim.Adam;

/**
 * A beta-VAE (Higgins et al. 2017) written as a custom {@link Objective} and trained by a loop
 * written by hand, without the Trainer: one scope per step, so every temporary tensor of the step
 * is freed when it ends.
 *
 * <p>Arguments: the MNIST directory (default {@code data/mnist}), the number of steps (default
 * 1000) and beta (default 4).
 */
public final class BetaVae {
    private BetaVae() {}

    /** {@code -E_q[log p(x|z)] + beta * KL(q(z|x) || p(z))}, built from the distributions. */
    record BetaElbo(double beta) implements Objective {
        @Override
        public LossTerms compute(Vae vae, Variable x, Rng rng, int epoch) {
            Distribution q = vae.encoder().encode(x);
            Variable z = q.rsample(Shape.of(1), rng);
            Variable reconstruction = vae.decoder().decode(z).logProb(x).mean(0).neg();
            Variable kl = Kl.divergence(q, vae.prior());
            Variable loss = reconstruction.add(kl.mul(beta)).meanAll();
            return new LossTerms(loss, reconstruction.add(kl), reconstruction, kl);
        }
    }

    /** Trains and prints the loss and its parts every tenth of the run. */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "data/mnist");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        double beta = args.length > 2 ? Double.parseDouble(args[2]) : 4;
        Dataset train = Mnist.load(data).train();
        Objective objective = new BetaElbo(beta);
        Rng rng = Rng.seeded(1);
        try (Backend backend = Backends.open();
                Vae vae =
                        MlpVaeConfig.pytorchExample()
                                .build(Init.on(backend, DType.FLOAT32, rng.fork(0)));
                Adam adam = new Adam(vae.namedParameters(), 1e-3)) {
            List<int[]> batches = new Batching(128, true, true).epoch(train.size(), rng.fork(1));
            Rng noise = rng.fork(2);
            for (int step = 1; step <= steps; step++) {
                int[] batch = batches.get((step - 1) % batches.size());
                try (Scope scope = backend.openScope()) {
                    Variable x = Variable.constant(train.batch(backend, batch, DType.FLOAT32));
                    LossTerms terms = objective.compute(vae, x, noise, 0);
                    adam.step(terms.loss().backward());
                    if (step % Math.max(1, steps / 10) == 0 || step == steps) {
                        System.out.printf(
                                Locale.ROOT,
                                "step %d: loss %.2f, reconstruction %.2f, KL %.2f (beta %.1f)%n",
                                step,
                                terms.loss().item(),
                                terms.reconstruction().meanAll().item(),
                                terms.kl().meanAll().item(),
                                beta);
                    }
                }
            }
        }
    }
}
