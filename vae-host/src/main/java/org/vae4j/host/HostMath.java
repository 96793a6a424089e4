package org.vae4j.host;

import org.vae4j.api.ops.Op;

/**
 * The unary ops that are not one IEEE operation (EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, SOFTPLUS) on
 * a chunk of values in place, for {@link HostElementwise}. Float32 is built on {@link FloatMath}'s
 * vectorised exp and log; float64 is {@link Math}'s functions, as the reference backend computes
 * them. The compound ones avoid overflow and cancellation the same way in both:
 *
 * <ul>
 *   <li>{@code sigmoid(x) = 1 / (1 + e)} for {@code x >= 0}, else {@code e / (1 + e)}, with {@code
 *       e = e^-|x|};
 *   <li>{@code softplus(x) = max(x, 0) + log1p(e^-|x|)};
 *   <li>float32 {@code log1p(x) = log(u) - ((u - 1) - x) / u} with {@code u = 1 + x} rounded: the
 *       correction restores what rounding u lost (0 where it is 0/0 or inf - inf);
 *   <li>float32 {@code tanh x = (1 - E) / (1 + E)} with {@code E = e^(-2c)}, {@code c} the input
 *       clamped to +-20 (where tanh rounds to +-1), and below {@code |x| = 0.1}, where {@code 1 -
 *       E} cancels, the Taylor series to {@code x^7} (truncation error below 3e-10 relative); both
 *       are computed and one kept by a 0/1 weight, so that the loop vectorises.
 * </ul>
 */
public final class HostMath {
    private static final float TANH_CLAMP = 20;
    private static final float TANH_SERIES_LIMIT = 0.1f;

    /** Makes any |x| above the series limit by one ulp of it give a weight of at least 1. */
    private static final float TANH_STEEP = 0x1p40f;

    private static final float C2 = 1f / 3;
    private static final float C4 = 2f / 15;
    private static final float C6 = -17f / 315;

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[2][FloatMath.CHUNK]);

    private HostMath() {}

    /** Returns whether {@code op} is computed here. */
    public static boolean takes(Op op) {
        return switch (op) {
            case EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, SOFTPLUS -> true;
            default -> false;
        };
    }

    /** Replaces {@code x[0, n)} by {@code op(x)}; {@code n <= FloatMath.CHUNK}. */
    public static void apply(Op op, float[] x, int n) {
        float[][] s = SCRATCH.get();
        float[] e = s[0];
        float[] u = s[1];
        switch (op) {
            case EXP -> FloatMath.exp(x, n);
            case LOG -> FloatMath.log(x, n);
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    x[i] = (float) Math.sqrt(x[i]);
                }
            }
            case SIGMOID -> {
                negatedMagnitude(x, e, n);
                FloatMath.exp(e, n);
                for (int i = 0; i < n; i++) {
                    // exactly 1 for x > 0 and 0 for x <= 0 (NaN stays NaN, as the result must), so
                    // the sum picks one term exactly, without a branch; at x = 0 both are 1/2
                    float positive = Math.min(Math.max(x[i] * 0x1p126f * 0x1p126f, 0f), 1f);
                    float r = 1f / (1f + e[i]);
                    x[i] = positive * r + (1f - positive) * (e[i] * r);
                }
            }
            case SOFTPLUS -> {
                negatedMagnitude(x, e, n);
                FloatMath.exp(e, n);
                for (int i = 0; i < n; i++) {
                    u[i] = 1f + e[i];
                }
                FloatMath.log(u, n);
                for (int i = 0; i < n; i++) {
                    float v = 1f + e[i];
                    x[i] = (u[i] - ((v - 1f) - e[i]) / v) + Math.max(x[i], 0f);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < n; i++) {
                    u[i] = 1f + x[i];
                }
                System.arraycopy(u, 0, e, 0, n);
                FloatMath.log(e, n);
                for (int i = 0; i < n; i++) {
                    float c = ((u[i] - 1f) - x[i]) / u[i];
                    x[i] = e[i] - (c == c ? c : 0f);
                }
            }
            case TANH -> tanh(x, e, n);
            default -> throw new IllegalArgumentException(op + " is not computed here");
        }
    }

    private static void negatedMagnitude(float[] x, float[] e, int n) {
        for (int i = 0; i < n; i++) {
            e[i] = -Math.abs(x[i]);
        }
    }

    private static void tanh(float[] x, float[] e, int n) {
        for (int i = 0; i < n; i++) {
            e[i] = -2f * Math.min(Math.max(x[i], -TANH_CLAMP), TANH_CLAMP);
        }
        FloatMath.exp(e, n);
        for (int i = 0; i < n; i++) {
            float c = Math.min(Math.max(x[i], -TANH_CLAMP), TANH_CLAMP);
            float v2 = c * c;
            float series = ((((v2 * C6 + C4) * v2 - C2) * v2) + 1f) * c;
            float w = Math.min(Math.max((Math.abs(x[i]) - TANH_SERIES_LIMIT) * TANH_STEEP, 0f), 1f);
            x[i] = w * ((1f - e[i]) / (1f + e[i])) + (1f - w) * series;
        }
    }

    /** Replaces {@code x[0, n)} by {@code op(x)} in float64. */
    public static void apply(Op op, double[] x, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            x[i] =
                    switch (op) {
                        case EXP -> Math.exp(v);
                        case LOG -> Math.log(v);
                        case LOG1P -> Math.log1p(v);
                        case SQRT -> Math.sqrt(v);
                        case TANH -> Math.tanh(v);
                        case SIGMOID -> sigmoid(v);
                        case SOFTPLUS -> Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
                        default -> throw new IllegalArgumentException(op + " is not computed here");
                    };
        }
    }

    private static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        double r = 1 / (1 + e);
        return x >= 0 ? r : e * r;
    }
}
