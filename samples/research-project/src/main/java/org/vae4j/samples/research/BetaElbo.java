package org.vae4j.samples.research;

import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Kl;
import org.vae4j.core.model.Vae;
import org.vae4j.core.objectives.LossTerms;
import org.vae4j.core.objectives.Objective;

/**
 * A custom objective, the beta-VAE of Higgins et al. (2017): {@code -E_q[log p(x|z)] + beta *
 * KL(q(z|x) || p(z))} with one reparameterised sample per example. The KL comes from the registry,
 * analytic for a Gaussian posterior and the standard normal prior.
 */
// snippet:objective
public record BetaElbo(double beta) implements Objective {
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
// end:objective
