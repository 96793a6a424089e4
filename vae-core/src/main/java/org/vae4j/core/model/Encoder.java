package org.vae4j.core.model;

import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;

/**
 * The inference network: maps a batch of data {@code x} (and, for a conditional model, a condition
 * {@code c} per example) to the approximate posterior q(z|x) or q(z|x, c).
 */
@FunctionalInterface
public interface Encoder {

    /** Returns q(z|x) for a batch {@code x [batch, features]}. */
    Distribution encode(Variable x);

    /**
     * Returns q(z|x, c) for a batch and its conditions {@code c [batch, conditions]} (a one-hot
     * label or any vector per example). A null condition means {@link #encode(Variable)}; an
     * unconditional encoder refuses any other.
     */
    default Distribution encode(Variable x, Variable c) {
        if (c != null) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + " is not conditional; call encode(x) or build a conditional model");
        }
        return encode(x);
    }
}
