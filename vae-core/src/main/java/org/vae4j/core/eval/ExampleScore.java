package org.vae4j.core.eval;

/**
 * One example's embedding and scores, in nats, as {@link ExampleScorer} computes them.
 *
 * @param mu the posterior mean {@code E_q[z|x]}, one value per latent dimension
 * @param logVar the posterior log-variance, one value per latent dimension
 * @param elbo the one-sample ELBO, {@code -(reconstruction + kl)}
 * @param reconstruction {@code -log p(x|z)} at the ELBO's sample {@code z ~ q(z|x)}
 * @param kl {@code KL(q(z|x) || p(z))}
 * @param logLikelihood the importance-sampled estimate of {@code log p(x)}, or NaN when no
 *     importance samples were asked for
 */
public record ExampleScore(
        double[] mu,
        double[] logVar,
        double elbo,
        double reconstruction,
        double kl,
        double logLikelihood) {}
