package org.vae4j.core.objectives;

import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Kl;
import org.vae4j.core.model.Vae;

/**
 * The importance-weighted bound of Burda, Grosse &amp; Salakhutdinov, <i>Importance Weighted
 * Autoencoders</i> (ICLR 2016): {@code L_K(x) = log 1/K sum_k p(x, z_k) / q(z_k|x)}, {@code z_k ~
 * q(z|x)}, computed with a stable log-sum-exp. K = 1 is the ELBO; the bound tightens as K grows.
 * The reported reconstruction and KL are the sample means of {@code -log p(x|z_k)} and the KL
 * (analytic when known), for information.
 */
public final class IwaeBound implements Objective {
    private final int samples;

    /** The bound with K importance samples. */
    public IwaeBound(int samples) {
        if (samples <= 0) {
            throw new IllegalArgumentException("IWAE samples must be > 0, but was " + samples);
        }
        this.samples = samples;
    }

    /** Returns K. */
    public int samples() {
        return samples;
    }

    @Override
    public LossTerms compute(Vae vae, Variable x, Rng rng, int epoch) {
        return compute(vae, x, null, rng, epoch);
    }

    @Override
    public LossTerms compute(Vae vae, Variable x, Variable c, Rng rng, int epoch) {
        Weights w = weights(vae, x, c, rng);
        Variable bound = w.logW().logSumExp(new int[] {0}, false).sub(Math.log(samples));
        Variable kl =
                Kl.hasAnalytic(w.q(), w.prior())
                        ? Kl.divergence(w.q(), w.prior())
                        : w.logQz().sub(w.logPz()).mean(0);
        Variable negBound = bound.neg();
        return new LossTerms(negBound.meanAll(), negBound, w.logPxz().mean(0).neg(), kl);
    }

    /**
     * Returns the log importance weights {@code log p(x, z_k) - log q(z_k|x)} of K draws {@code z_k
     * ~ q(z|x)}, shape {@code [K, batch]}: the terms whose log-mean-exp is the bound, for
     * evaluations that combine them themselves (several K from the same draws).
     */
    public Variable logWeights(Vae vae, Variable x, Variable c, Rng rng) {
        return weights(vae, x, c, rng).logW();
    }

    private Weights weights(Vae vae, Variable x, Variable c, Rng rng) {
        Distribution q = vae.encoder().encode(x, c);
        Distribution prior = vae.prior();
        Variable z = q.rsample(Shape.of(samples), rng);
        Variable logPxz = vae.decoder().decode(z, c).logProb(x);
        Variable logPz = prior.logProb(z);
        Variable logQz = q.logProb(z);
        Variable logW = logPxz.add(logPz).sub(logQz);
        return new Weights(q, prior, logPxz, logPz, logQz, logW);
    }

    /** The posterior, the prior and the log densities of one set of draws. */
    private record Weights(
            Distribution q,
            Distribution prior,
            Variable logPxz,
            Variable logPz,
            Variable logQz,
            Variable logW) {}
}
