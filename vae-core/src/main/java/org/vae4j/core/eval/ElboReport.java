package org.vae4j.core.eval;

/**
 * The ELBO on a dataset, as per-example means in nats.
 *
 * @param loss the negative ELBO, {@code reconstruction + kl}
 * @param reconstruction {@code -E_q[log p(x|z)]}
 * @param kl {@code KL(q(z|x) || p(z))}
 * @param examples how many examples the means are over
 */
public record ElboReport(double loss, double reconstruction, double kl, int examples) {

    /** Stands for an evaluation that was not run: NaN values over zero examples. */
    public static final ElboReport NOT_EVALUATED =
            new ElboReport(Double.NaN, Double.NaN, Double.NaN, 0);
}
