package org.vae4j.core.model;

import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;

/**
 * How a decoder's raw network output becomes the distribution p(x|z): how many outputs it needs per
 * data feature, and which distribution they parameterise. {@link Likelihoods} has the built-in
 * families; implement this to add one.
 */
public interface Likelihood {

    /** Returns the name that configs and checkpoints record, for example {@code bernoulli}. */
    String name();

    /** Returns how many raw outputs the network produces per data feature. */
    int outputsPerFeature();

    /** Returns p(x|z) from raw outputs of shape {@code [..., outputsPerFeature * features]}. */
    Distribution distribution(Variable raw);
}
