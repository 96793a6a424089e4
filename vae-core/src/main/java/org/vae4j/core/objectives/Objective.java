package org.vae4j.core.objectives;

import org.vae4j.api.random.Rng;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.model.Vae;

/** A training objective for a VAE: the loss to minimise and its parts, per example. */
public interface Objective {

    /**
     * Computes the loss for a batch.
     *
     * @param vae the model
     * @param x a batch {@code [batch, features]}
     * @param rng the stream for the reparameterisation noise
     * @param epoch the 0-based training epoch, for schedules such as KL warm-up
     */
    LossTerms compute(Vae vae, Variable x, Rng rng, int epoch);

    /**
     * Computes the loss for a batch of a conditional model, {@code c [batch, conditions]} its
     * conditions; a null {@code c} means {@link #compute(Vae, Variable, Rng, int)}. An objective
     * written for unconditional models refuses a condition; the built-in ones take it.
     */
    default LossTerms compute(Vae vae, Variable x, Variable c, Rng rng, int epoch) {
        if (c != null) {
            throw new UnsupportedOperationException(
                    getClass().getSimpleName()
                            + " does not take a condition; override compute(vae, x, c, rng,"
                            + " epoch) to train a conditional model with it");
        }
        return compute(vae, x, rng, epoch);
    }
}
