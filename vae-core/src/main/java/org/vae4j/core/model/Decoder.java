package org.vae4j.core.model;

import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;

/** The generative network: maps latent codes {@code z} to the likelihood p(x|z). */
@FunctionalInterface
public interface Decoder {

    /**
     * Returns p(x|z) for codes {@code z [..., latent]}; leading axes (samples, batch) carry
     * through.
     */
    Distribution decode(Variable z);
}
