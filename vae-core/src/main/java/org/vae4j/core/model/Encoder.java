package org.vae4j.core.model;

import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;

/** The inference network: maps a batch of data {@code x} to the approximate posterior q(z|x). */
@FunctionalInterface
public interface Encoder {

    /** Returns q(z|x) for a batch {@code x [batch, features]}. */
    Distribution encode(Variable x);
}
