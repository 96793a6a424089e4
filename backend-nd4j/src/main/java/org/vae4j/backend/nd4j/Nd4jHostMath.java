package org.vae4j.backend.nd4j;

import org.vae4j.api.ops.Op;

/**
 * The unary ops that are not one IEEE operation (EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, SOFTPLUS) on
 * a chunk of values in place, for {@link Nd4jHostElementwise}. Float32 is the process's {@link
 * Nd4jFloatFunctions}; float64 is {@link Math}'s functions, as the reference backend computes them,
 * with {@code sigmoid(x) = 1 / (1 + e)} for {@code x >= 0}, else {@code e / (1 + e)}, {@code e =
 * e^-|x|}, and {@code softplus(x) = max(x, 0) + log1p(e^-|x|)}.
 */
final class Nd4jHostMath {
    private Nd4jHostMath() {}

    /** Returns whether {@code op} is computed here. */
    static boolean takes(Op op) {
        return switch (op) {
            case EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, SOFTPLUS -> true;
            default -> false;
        };
    }

    /** Replaces {@code x[0, n)} by {@code op(x)}; {@code n <= Nd4jHostKernels.CHUNK}. */
    static void apply(Op op, float[] x, int n) {
        Nd4jFloatFunctions.chosen().apply(op, x, n);
    }

    /** Replaces {@code x[0, n)} by {@code op(x)} in float64. */
    static void apply(Op op, double[] x, int n) {
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
