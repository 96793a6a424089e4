package org.vae4j.core.distributions;

import org.vae4j.core.autograd.Variable;

/**
 * An analytic {@code KL(q || p)} for one pair of distribution types, summed over the event axes.
 *
 * @param <Q> the type of q
 * @param <P> the type of p
 */
@FunctionalInterface
public interface KlFunction<Q extends Distribution, P extends Distribution> {

    /** Returns {@code KL(q || p)} per batch entry. */
    Variable divergence(Q q, P p);
}
