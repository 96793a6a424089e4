package org.vae4j.core.eval;

import java.util.Arrays;
import java.util.Objects;

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
 *     <p>Two scores are equal when every number has the same bits (NaN equals NaN), so that tests
 *     can ask for exactly the same score.
 */
public record ExampleScore(
        double[] mu,
        double[] logVar,
        double elbo,
        double reconstruction,
        double kl,
        double logLikelihood) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ExampleScore s
                && Arrays.equals(mu, s.mu)
                && Arrays.equals(logVar, s.logVar)
                && Arrays.equals(
                        new double[] {elbo, reconstruction, kl, logLikelihood},
                        new double[] {s.elbo, s.reconstruction, s.kl, s.logLikelihood});
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(mu),
                Arrays.hashCode(logVar),
                elbo,
                reconstruction,
                kl,
                logLikelihood);
    }

    @Override
    public String toString() {
        return "ExampleScore[mu="
                + Arrays.toString(mu)
                + ", logVar="
                + Arrays.toString(logVar)
                + ", elbo="
                + elbo
                + ", reconstruction="
                + reconstruction
                + ", kl="
                + kl
                + ", logLikelihood="
                + logLikelihood
                + "]";
    }
}
