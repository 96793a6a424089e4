package org.vae4j.host;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The fused Bernoulli log-likelihood {@code sum_j (x l - softplus(l))} over the last axis, for
 * dense row-major float32 or float64 arrays in host memory, instead of the composite's four ops and
 * two full-size temporaries. With {@code softplus(l) = max(l, 0) + log(1 + e^-|l|)}, a row's sum is
 * {@code sum_j (x l - max(l, 0)) - log(prod_j (1 + e^-|l|))}: one exp per element and one log per
 * row instead of a log per element. Float32 is one pass over the logits, its exps by {@link
 * FloatMath}; float64 through {@link Math#exp}. Sums and products run in double; each factor is at
 * most 2, so a product of {@link #PIECE} factors cannot overflow. The rows are cut into pieces over
 * cores ({@link ElementCut#rows}). The importance-sampled evaluation computes this for millions of
 * logits per chunk.
 */
public final class HostBernoulli {
    /** Factors multiplied before a log is taken: {@code 2^1000} fits in a double. */
    private static final int PIECE = 1000;

    private HostBernoulli() {}

    /**
     * Returns whether {@link #logLikelihood} computes these shapes: non-empty logits, and x of rank
     * at least 1 equal to the logits' trailing axes, so that it repeats whole over the rows.
     */
    public static boolean takes(long[] logits, long[] x) {
        int lr = logits.length;
        int xr = x.length;
        if (xr == 0 || xr > lr) {
            return false;
        }
        long size = 1;
        for (long d : logits) {
            size *= d;
        }
        if (size == 0) {
            return false;
        }
        for (int i = 1; i <= xr; i++) {
            if (x[xr - i] != logits[lr - i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the log-likelihood of each row of {@code logits} into {@code z} (the logits' shape
     * without its last axis), for shapes {@link #takes} accepts.
     */
    public static void logLikelihood(HostArray logits, HostArray x, HostArray z, ElementCut cut) {
        long[] shape = logits.shape();
        int n = (int) logits.length();
        int d = (int) shape[shape.length - 1];
        int rows = n / d;
        int xn = (int) x.length();
        if (logits.isFloat()) {
            FloatBuffer ls = logits.floats();
            FloatBuffer xs = x.floats();
            FloatBuffer zs = z.floats();
            cut.forWork(HostElementwise.MATH_COST)
                    .rows(rows, d, (from, to) -> rows(ls, xs, xn, zs, d, (int) from, (int) to));
        } else {
            DoubleBuffer ls = logits.doubles();
            DoubleBuffer xs = x.doubles();
            DoubleBuffer zs = z.doubles();
            cut.forWork(HostElementwise.MATH_COST)
                    .rows(rows, d, (from, to) -> rows(ls, xs, xn, zs, d, (int) from, (int) to));
        }
    }

    /**
     * Rows {@code [from, to)} of float32 logits, {@code e = e^-|l|} computed per piece by {@link
     * FloatMath}. A loop over each piece, which the JIT vectorises, leaves the linear terms in
     * {@code l} and the factors {@code u = 1 + e} in {@code e}; {@code u}'s rounding error {@code c
     * = e - (u - 1)} (exact, as {@code e <= 1}) enters the linear term as {@code -c / u}, since
     * {@code log(1 + e) = log u + log1p(c / u)}. The second sums and multiplies in double, in four
     * independent chains.
     */
    private static void rows(
            FloatBuffer ls, FloatBuffer xs, int xn, FloatBuffer zs, int d, int from, int to) {
        float[][] s = HostScratch.floats();
        float[] l = s[0];
        float[] e = s[1];
        float[] x = s[2];
        for (int r = from; r < to; r++) {
            int base = r * d;
            int xBase = base % xn;
            double linear = 0;
            double logProduct = 0;
            for (int j = 0; j < d; j += PIECE) {
                int len = Math.min(PIECE, d - j);
                ls.get(base + j, l, 0, len);
                xs.get(xBase + j, x, 0, len);
                for (int i = 0; i < len; i++) {
                    e[i] = -Math.abs(l[i]);
                }
                FloatMath.exp(e, len);
                for (int i = 0; i < len; i++) {
                    float u = 1f + e[i];
                    l[i] = (x[i] * l[i] - Math.max(l[i], 0f)) - (e[i] - (u - 1f)) / u;
                    e[i] = u;
                }
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                double p0 = 1;
                double p1 = 1;
                double p2 = 1;
                double p3 = 1;
                int i = 0;
                for (; i + 3 < len; i += 4) {
                    s0 += l[i];
                    s1 += l[i + 1];
                    s2 += l[i + 2];
                    s3 += l[i + 3];
                    p0 *= e[i];
                    p1 *= e[i + 1];
                    p2 *= e[i + 2];
                    p3 *= e[i + 3];
                }
                for (; i < len; i++) {
                    s0 += l[i];
                    p0 *= e[i];
                }
                linear += (s0 + s1) + (s2 + s3);
                logProduct += Math.log((p0 * p1) * (p2 * p3));
            }
            zs.put(r, (float) (linear - logProduct));
        }
    }

    /** Rows of float64 logits, {@code e^-|l|} by {@link Math#exp}. */
    private static void rows(
            DoubleBuffer ls, DoubleBuffer xs, int xn, DoubleBuffer zs, int d, int from, int to) {
        double[][] s = HostScratch.doubles();
        double[] l = s[0];
        double[] e = s[1];
        double[] x = s[2];
        for (int r = from; r < to; r++) {
            int base = r * d;
            int xBase = base % xn;
            double linear = 0;
            double logProduct = 0;
            for (int j = 0; j < d; j += PIECE) {
                int len = Math.min(PIECE, d - j);
                ls.get(base + j, l, 0, len);
                xs.get(xBase + j, x, 0, len);
                for (int i = 0; i < len; i++) {
                    e[i] = Math.exp(-Math.abs(l[i]));
                    double u = 1 + e[i];
                    l[i] = (x[i] * l[i] - Math.max(l[i], 0)) - (e[i] - (u - 1)) / u;
                    e[i] = u;
                }
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                double p0 = 1;
                double p1 = 1;
                double p2 = 1;
                double p3 = 1;
                int i = 0;
                for (; i + 3 < len; i += 4) {
                    s0 += l[i];
                    s1 += l[i + 1];
                    s2 += l[i + 2];
                    s3 += l[i + 3];
                    p0 *= e[i];
                    p1 *= e[i + 1];
                    p2 *= e[i + 2];
                    p3 *= e[i + 3];
                }
                for (; i < len; i++) {
                    s0 += l[i];
                    p0 *= e[i];
                }
                linear += (s0 + s1) + (s2 + s3);
                logProduct += Math.log((p0 * p1) * (p2 * p3));
            }
            zs.put(r, linear - logProduct);
        }
    }
}
