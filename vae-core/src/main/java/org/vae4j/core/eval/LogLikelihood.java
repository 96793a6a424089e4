package org.vae4j.core.eval;

/**
 * The importance-sampled estimate of the mean test log-likelihood, {@code log p(x) ~ log 1/K sum_k
 * p(x, z_k) / q(z_k|x)} with {@code z_k ~ q(z|x)} (Burda et al. 2016, appendix), in nats.
 *
 * @param mean the mean over examples of the per-example estimate
 * @param standardError the standard error of that mean over examples (sample standard deviation
 *     over {@code sqrt(examples)}); it does not include the estimator's own bias, which shrinks as
 *     K grows
 * @param samples K, the importance samples per example
 * @param examples how many examples were evaluated
 */
public record LogLikelihood(double mean, double standardError, int samples, int examples) {}
