package org.vae4j.examples.pictures;

/**
 * Latent coordinates for a 2-D manifold plot, as in Kingma &amp; Welling, <i>Auto-Encoding
 * Variational Bayes</i> (ICLR 2014), Fig. 4: a G x G grid of evenly spaced quantiles {@code (i +
 * 0.5) / G} mapped through the inverse CDF of the standard normal prior, so each cell covers the
 * same prior mass.
 *
 * <pre>{@code
 * double[][] z = Manifold.gridPoints(20); // z[row * 20 + col] = {x, y}
 * // decode each z, then ImageGrid.of(pixels, 400, 28, 28).columns(20).render()
 * }</pre>
 */
public final class Manifold {
    // Acklam's rational approximation (relative error 1.15e-9 before refinement).
    private static final double[] A = {
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    private static final double[] B = {
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01
    };
    private static final double[] C = {
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    private static final double[] D = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    private static final double P_LOW = 0.02425;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Manifold() {}

    /**
     * The {@code g * g} latent points of a manifold grid in row-major order: entry {@code row * g +
     * col} is {@code {x, y}} with {@code x = Φ⁻¹((col + 0.5) / g)} growing left to right and {@code
     * y = Φ⁻¹(1 - (row + 0.5) / g)} falling top to bottom, as in a picture.
     *
     * @throws IllegalArgumentException if {@code g < 1}
     */
    public static double[][] gridPoints(int g) {
        if (g < 1) {
            throw new IllegalArgumentException("Grid size must be at least 1, got " + g);
        }
        double[] quantiles = new double[g];
        for (int i = 0; i < g; i++) {
            int mirror = g - 1 - i; // the grid is exactly symmetric about the origin
            quantiles[i] =
                    i < mirror
                            ? inverseNormalCdf((i + 0.5) / g)
                            : i == mirror ? 0.0 : -quantiles[mirror];
        }
        double[][] points = new double[g * g][];
        for (int row = 0; row < g; row++) {
            for (int col = 0; col < g; col++) {
                points[row * g + col] = new double[] {quantiles[col], 0.0 - quantiles[row]};
            }
        }
        return points;
    }

    /**
     * The standard normal quantile Φ⁻¹(p): Acklam's rational approximation refined by one Halley
     * step, accurate to about 1e-15 relative. Infinite at 0 and 1, NaN for NaN.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public static double inverseNormalCdf(double p) {
        if (Double.isNaN(p)) {
            return Double.NaN;
        }
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("Probability must be in [0, 1], got " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (p > 0.5) {
            return -inverseNormalCdf(1 - p);
        }
        return refine(acklam(p), p);
    }

    private static double acklam(double p) {
        if (p < P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            return poly(C, q) / (poly(D, q) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return poly(A, r) * q / (poly(B, r) * r + 1);
    }

    /** One Halley step on Φ(x) - p = 0, with Φ from an accurate erfc. */
    private static double refine(double x, double p) {
        double e = 0.5 * Erfc.erfc(-x / Math.sqrt(2)) - p;
        double u = e * SQRT_2PI * Math.exp(x * x / 2);
        return Double.isFinite(u) ? x - u / (1 + x * u / 2) : x;
    }

    /** Horner's rule: c[0] t^(n-1) + ... + c[n-1]. */
    private static double poly(double[] c, double t) {
        double v = c[0];
        for (int i = 1; i < c.length; i++) {
            v = v * t + c[i];
        }
        return v;
    }
}
