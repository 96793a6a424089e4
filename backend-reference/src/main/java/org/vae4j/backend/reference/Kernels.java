package org.vae4j.backend.reference;

import org.vae4j.api.ops.Op;

/** The scalar math of the elementwise ops, in float64, exactly as the {@link Op} Javadoc says. */
final class Kernels {
    private Kernels() {}

    /** Applies a unary op to one value. */
    static double unary(Op op, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x > 0 ? x : 0.0;
            case SOFTPLUS -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            default -> throw new IllegalArgumentException(op + " is not a unary op");
        };
    }

    /** Applies a binary op to one pair of values. */
    static double binary(Op op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAXIMUM -> Math.max(a, b);
            case POW -> Math.pow(a, b);
            case GREATER -> a > b ? 1.0 : 0.0;
            default -> throw new IllegalArgumentException(op + " is not a binary op");
        };
    }

    /** {@code 1 / (1 + e^-x)}, exponentiating only non-positive numbers so nothing overflows. */
    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
