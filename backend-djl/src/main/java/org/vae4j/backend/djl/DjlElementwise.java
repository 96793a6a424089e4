package org.vae4j.backend.djl;

import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;

/**
 * The elementwise ops on non-empty arrays, each returning a new array; PyTorch broadcasts as NumPy
 * does. Two ops are composed here: DJL's JNI has no {@code log1p}, and PyTorch's {@code softplus}
 * returns {@code x} itself above its threshold of 20, which is off by {@code e^-x} (up to 2e-9,
 * relative 1e-10: beyond float64's tolerance).
 */
final class DjlElementwise {
    /** PyTorch's softplus returns x unchanged above this input. */
    private static final double SOFTPLUS_THRESHOLD = 20;

    private DjlElementwise() {}

    /** Applies a unary op. */
    static PtNDArray unary(Op op, PtNDArray x, DType dtype) {
        return switch (op) {
            case NEG -> JniUtils.neg(x);
            case EXP -> JniUtils.exp(x);
            case LOG -> JniUtils.log(x);
            case LOG1P -> log1p(x, dtype);
            case SQRT -> JniUtils.sqrt(x);
            case SQUARE -> JniUtils.square(x);
            case ABS -> JniUtils.abs(x);
            case TANH -> JniUtils.tanh(x);
            case SIGMOID -> JniUtils.sigmoid(x);
            case RELU -> JniUtils.relu(x);
            case SOFTPLUS -> softplus(x, dtype);
            default -> throw new IllegalArgumentException(op + " is not a unary op");
        };
    }

    /**
     * {@code log1p(x) = log(u) - ((u - 1) - x) / u} with {@code u = 1 + x} rounded: the correction
     * restores what rounding {@code u} lost, so tiny x come out exactly. At x = -1 and x = +inf the
     * correction is 0/0 or inf - inf; it is 0 there, and NaN inputs stay NaN through {@code log}.
     */
    private static PtNDArray log1p(PtNDArray x, DType dtype) {
        PtNDManager m = x.getManager();
        try (PtNDArray one = DjlArrays.scalar(m, 1, dtype);
                PtNDArray zero = DjlArrays.scalar(m, 0, dtype);
                PtNDArray u = JniUtils.add(x, one);
                PtNDArray raw = JniUtils.sub(u, one)) {
            JniUtils.subi(raw, x);
            JniUtils.divi(raw, u);
            try (PtNDArray undefined = JniUtils.isNaN(raw);
                    PtNDArray correction = JniUtils.where(undefined, zero, raw)) {
                PtNDArray y = JniUtils.log(u);
                JniUtils.subi(y, correction);
                return y;
            }
        }
    }

    /**
     * PyTorch's {@code log1p(e^x)}, with {@code x + e^-x} where x exceeds PyTorch's threshold: the
     * correction {@code log1p(e^-x) - e^-x} is below 2e-18 there. The slow path runs only when the
     * largest input exceeds the threshold.
     */
    private static PtNDArray softplus(PtNDArray x, DType dtype) {
        PtNDArray y = JniUtils.softPlus(x);
        double largest;
        try (PtNDArray max = JniUtils.max(x)) {
            largest = DjlArrays.toDoubles(max, dtype, 1)[0];
        }
        if (!(largest > SOFTPLUS_THRESHOLD)) {
            return y;
        }
        PtNDManager m = x.getManager();
        try (y;
                PtNDArray threshold = DjlArrays.scalar(m, SOFTPLUS_THRESHOLD, dtype);
                PtNDArray above = JniUtils.gt(x, threshold);
                PtNDArray negated = JniUtils.neg(x);
                PtNDArray tail = JniUtils.exp(negated)) {
            JniUtils.addi(tail, x);
            return JniUtils.where(above, tail, y);
        }
    }

    /** Applies a binary op, broadcasting. */
    static PtNDArray binary(Op op, PtNDArray a, PtNDArray b, DType dtype) {
        return switch (op) {
            case ADD -> JniUtils.add(a, b);
            case SUB -> JniUtils.sub(a, b);
            case MUL -> JniUtils.mul(a, b);
            case DIV -> JniUtils.div(a, b);
            case MAXIMUM -> JniUtils.max(a, b);
            case POW -> JniUtils.pow(a, b);
            case GREATER -> {
                try (PtNDArray mask = JniUtils.gt(a, b)) {
                    yield JniUtils.to(mask, DjlArrays.of(dtype), mask.getManager().getDevice());
                }
            }
            default -> throw new IllegalArgumentException(op + " is not a binary op");
        };
    }

    /** Picks {@code a} where {@code condition != 0}, else {@code b}; all three broadcast. */
    static PtNDArray where(PtNDArray condition, PtNDArray a, PtNDArray b, DType dtype) {
        try (PtNDArray zero = DjlArrays.scalar(condition.getManager(), 0, dtype);
                PtNDArray mask = JniUtils.neq(condition, zero)) {
            return JniUtils.where(mask, a, b);
        }
    }
}
