package org.vae4j.core.eval;

import java.util.Arrays;

/**
 * How the model uses its latent space on a dataset. Two reports are equal when their values are.
 *
 * @param activeUnits the number of dimensions u with {@code Cov_x(E_q[z_u|x]) > threshold} (Burda
 *     et al. 2016): dimensions whose posterior mean moves with the data
 * @param threshold the activity threshold, {@link #ACTIVITY_THRESHOLD} by convention
 * @param meanVariance per dimension, the variance over the data of the posterior mean
 * @param klPerDimension per dimension, the mean over the data of {@code KL(q(z_u|x) || p(z_u))}
 */
public record LatentReport(
        int activeUnits, double threshold, double[] meanVariance, double[] klPerDimension) {

    /** Burda et al.'s threshold on the variance of a dimension's posterior mean: 0.01. */
    public static final double ACTIVITY_THRESHOLD = 0.01;

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

    /** Whether dimension {@code d} is active: its posterior mean's variance is above threshold. */
    public boolean active(int d) {
        return meanVariance[d] > threshold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentReport r
                && activeUnits == r.activeUnits
                && Double.compare(threshold, r.threshold) == 0
                && Arrays.equals(meanVariance, r.meanVariance)
                && Arrays.equals(klPerDimension, r.klPerDimension);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(activeUnits) + Arrays.hashCode(meanVariance))
                + Arrays.hashCode(klPerDimension);
    }

    @Override
    public String toString() {
        return "LatentReport[activeUnits="
                + activeUnits
                + ", threshold="
                + threshold
                + ", meanVariance="
                + Arrays.toString(meanVariance)
                + ", klPerDimension="
                + Arrays.toString(klPerDimension)
                + "]";
    }
}
