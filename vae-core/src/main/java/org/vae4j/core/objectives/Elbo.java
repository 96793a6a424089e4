package org.vae4j.core.objectives;

import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Kl;
import org.vae4j.core.model.Vae;

/**
 * The evidence lower bound of Kingma &amp; Welling, <i>Auto-Encoding Variational Bayes</i> (ICLR
 * 2014), estimator B: {@code ELBO(x) = 1/L sum_l log p(x|z_l) - KL(q(z|x) || p(z))} with {@code z_l
 * = mu + sigma * eps_l}, the KL analytic when {@link Kl} knows the pair and estimated from the same
 * samples otherwise. The training loss is the batch mean of {@code -reconstruction + w * KL} with
 * {@code w = beta * schedule(epoch)} (beta-VAE, Higgins et al. 2017; warm-up), and with free bits
 * (Kingma et al. 2016) each latent dimension's batch-mean KL counts as at least {@code freeBits}
 * nats.
 *
 * <pre>{@code
 * Objective elbo = Elbo.builder().samples(1).beta(4.0).warmupEpochs(10).build();
 * }</pre>
 */
public final class Elbo implements Objective {
    private final int samples;
    private final double beta;
    private final double freeBits;
    private final KlSchedule schedule;

    private Elbo(int samples, double beta, double freeBits, KlSchedule schedule) {
        if (samples <= 0) {
            throw new IllegalArgumentException("ELBO samples must be > 0, but was " + samples);
        }
        if (!(beta >= 0) || !(freeBits >= 0)) {
            throw new IllegalArgumentException(
                    "beta and freeBits must be >= 0, but were " + beta + " and " + freeBits);
        }
        this.samples = samples;
        this.beta = beta;
        this.freeBits = freeBits;
        this.schedule = schedule;
    }

    /** The plain ELBO with one sample per example. */
    public static Elbo standard() {
        return builder().build();
    }

    /** Returns a builder with the plain ELBO's settings. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public LossTerms compute(Vae vae, Variable x, Rng rng, int epoch) {
        return compute(vae, x, null, rng, epoch);
    }

    @Override
    public LossTerms compute(Vae vae, Variable x, Variable c, Rng rng, int epoch) {
        Distribution q = vae.encoder().encode(x, c);
        return compute(vae, x, c, q, q.rsample(Shape.of(samples), rng), epoch);
    }

    /**
     * Returns the terms for the posterior {@code q} of {@code x} (and {@code c}) and samples {@code
     * z} already drawn from it, shaped {@code [samples, batch, ...]}: what {@link #compute(Vae,
     * Variable, Variable, Rng, int)} returns when its draw is {@code z}.
     */
    public LossTerms compute(
            Vae vae, Variable x, Variable c, Distribution q, Variable z, int epoch) {
        Distribution prior = vae.prior();
        Variable logLikelihood = vae.decoder().decode(z, c).logProb(x);
        Variable reconstruction = logLikelihood.mean(0).neg();
        boolean analytic = Kl.hasAnalytic(q, prior);
        Variable kl =
                analytic ? Kl.divergence(q, prior) : q.logProb(z).sub(prior.logProb(z)).mean(0);
        Variable klTerm = freeBits > 0 ? freeBitsKl(q, prior, kl, analytic) : kl.meanAll();
        double weight = beta * schedule.weight(epoch);
        Variable loss = reconstruction.meanAll().add(klTerm.mul(weight));
        return new LossTerms(loss, reconstruction.add(kl), reconstruction, kl);
    }

    /** {@code sum_j max(freeBits, mean over the batch of KL_j)} over latent dimensions j. */
    private Variable freeBitsKl(Distribution q, Distribution prior, Variable kl, boolean analytic) {
        if (!analytic) {
            throw new UnsupportedOperationException(
                    "Free bits need an analytic per-dimension KL; register one with Kl.register"
                            + " or set freeBits to 0");
        }
        Variable perDim = Kl.divergence(q.elementwise(), prior.elementwise());
        return perDim.mean(0).maximum(freeBits).sumAll();
    }

    /** Settings of an {@link Elbo}. */
    public static final class Builder {
        private int samples = 1;
        private double beta = 1;
        private double freeBits = 0;
        private KlSchedule schedule = KlSchedule.constant();

        private Builder() {}

        /** Monte Carlo samples L per example (default 1). */
        public Builder samples(int l) {
            this.samples = l;
            return this;
        }

        /** The KL weight beta (default 1, the true ELBO). */
        public Builder beta(double b) {
            this.beta = b;
            return this;
        }

        /** Minimum nats of KL per latent dimension (default 0: off). */
        public Builder freeBits(double nats) {
            this.freeBits = nats;
            return this;
        }

        /** A linear KL warm-up over this many epochs (default 0: off). */
        public Builder warmupEpochs(int epochs) {
            this.schedule = KlSchedule.linearWarmup(epochs);
            return this;
        }

        /** Any KL schedule. */
        public Builder schedule(KlSchedule s) {
            this.schedule = s;
            return this;
        }

        /** Returns the objective. */
        public Elbo build() {
            return new Elbo(samples, beta, freeBits, schedule);
        }
    }
}
