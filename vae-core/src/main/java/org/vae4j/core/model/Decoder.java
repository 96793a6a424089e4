package org.vae4j.core.model;

import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;

/**
 * The generative network: maps latent codes {@code z} (and, for a conditional model, a condition
 * {@code c}) to the likelihood p(x|z) or p(x|z, c).
 */
@FunctionalInterface
public interface Decoder {

    /**
     * Returns p(x|z) for codes {@code z [..., latent]}; leading axes (samples, batch) carry
     * through.
     */
    Distribution decode(Variable z);

    /**
     * Returns p(x|z, c) for codes {@code z [..., batch, latent]} and conditions {@code c [batch,
     * conditions]}, repeated over z's leading sample axes. A null condition means {@link
     * #decode(Variable)}; an unconditional decoder refuses any other.
     */
    default Distribution decode(Variable z, Variable c) {
        if (c != null) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + " is not conditional; call decode(z) or build a conditional model");
        }
        return decode(z);
    }
}
