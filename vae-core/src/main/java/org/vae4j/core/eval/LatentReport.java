package org.vae4j.core.eval;

/**
 * How the model uses its latent space on a dataset.
 *
 * @param activeUnits the number of dimensions u with {@code Cov_x(E_q[z_u|x]) > threshold} (Burda
 *     et al. 2016): dimensions whose posterior mean moves with the data
 * @param threshold the activity threshold, 0.01 by convention
 * @param meanVariance per dimension, the variance over the data of the posterior mean
 * @param klPerDimension per dimension, the mean over the data of {@code KL(q(z_u|x) || p(z_u))}
 */
public record LatentReport(
        int activeUnits, double threshold, double[] meanVariance, double[] klPerDimension) {

    /** Copies the arrays. */
    public LatentReport {
        meanVariance = meanVariance.clone();
        klPerDimension = klPerDimension.clone();
    }

    @Override
    public double[] meanVariance() {
        return meanVariance.clone();
    }

    @Override
    public double[] klPerDimension() {
        return klPerDimension.clone();
    }
}
