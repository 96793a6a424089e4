/**
 * Probability distributions with reparameterised sampling, log-densities summed over events and
 * entropies ({@link org.vae4j.core.distributions.DiagonalGaussian}, {@link
 * org.vae4j.core.distributions.StandardNormal}, {@link org.vae4j.core.distributions.Bernoulli},
 * {@link org.vae4j.core.distributions.ContinuousBernoulli}, {@link
 * org.vae4j.core.distributions.Laplace}), and the registry of analytic KL divergences, {@link
 * org.vae4j.core.distributions.Kl}.
 */
package org.vae4j.core.distributions;
