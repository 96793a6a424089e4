package org.vae4j.api.ops;

/**
 * The closed set of primitive tensor ops every backend implements.
 *
 * <p>Composite math (log-sum-exp, the KL terms, losses) is built from these in vae-core; the
 * autodiff tape records these ops and its backward rules are keyed by them, and the ONNX exporter
 * lowers each of them to ONNX nodes. Adding an op is an SPI change.
 */
public enum Op {
    /** {@code -x}. */
    NEG(Kind.UNARY),
    /** {@code e^x}. */
    EXP(Kind.UNARY),
    /** Natural logarithm. */
    LOG(Kind.UNARY),
    /** {@code log(1 + x)}, accurate for small x. */
    LOG1P(Kind.UNARY),
    /** Square root. */
    SQRT(Kind.UNARY),
    /** {@code x * x}. */
    SQUARE(Kind.UNARY),
    /** {@code |x|}. */
    ABS(Kind.UNARY),
    /** Hyperbolic tangent. */
    TANH(Kind.UNARY),
    /** {@code 1 / (1 + e^-x)}, computed without overflow. */
    SIGMOID(Kind.UNARY),
    /** {@code max(x, 0)}. */
    RELU(Kind.UNARY),
    /** {@code log(1 + e^x)}, computed as {@code max(x, 0) + log1p(e^-|x|)}. */
    SOFTPLUS(Kind.UNARY),

    /** {@code a + b}, broadcasting. */
    ADD(Kind.BINARY),
    /** {@code a - b}, broadcasting. */
    SUB(Kind.BINARY),
    /** {@code a * b}, broadcasting. */
    MUL(Kind.BINARY),
    /** {@code a / b}, broadcasting. */
    DIV(Kind.BINARY),
    /** Elementwise {@code max(a, b)}, broadcasting. */
    MAXIMUM(Kind.BINARY),
    /** {@code a^b}, broadcasting; NaN where a is negative and b not an integer. */
    POW(Kind.BINARY),
    /** 1 where {@code a > b}, else 0, in the inputs' dtype; broadcasting. */
    GREATER(Kind.BINARY),

    /** {@code condition != 0 ? a : b}, all three broadcast together. */
    WHERE(Kind.TERNARY),

    /** Sum over axes. */
    SUM(Kind.REDUCTION),
    /** Maximum over axes; an empty axis is an error. */
    MAX(Kind.REDUCTION),

    /** Matrix product of two rank-2 tensors, either of them optionally transposed. */
    MATMUL(Kind.LINEAR_ALGEBRA),

    /**
     * 2-D cross-correlation of NCHW images with a kernel {@code [out, in, kH, kW]}, no bias (see
     * {@link Conv2dSpec}).
     */
    CONV2D(Kind.CONVOLUTION),
    /**
     * The transpose of {@link #CONV2D} with a kernel {@code [in, out, kH, kW]}: each input pixel
     * adds the kernel, scaled by its value, to the output at stride steps.
     */
    CONV_TRANSPOSE2D(Kind.CONVOLUTION),

    /** Same elements, new shape of the same size. */
    RESHAPE(Kind.MOVEMENT),
    /** Reorders the axes. */
    PERMUTE(Kind.MOVEMENT),
    /** Repeats size-1 (or missing leading) axes up to a larger shape. */
    BROADCAST_TO(Kind.MOVEMENT),
    /** Joins tensors along one axis. */
    CONCAT(Kind.MOVEMENT),
    /** A contiguous range {@code [start, end)} of one axis. */
    SLICE(Kind.MOVEMENT),
    /** Rows (entries of axis 0) picked by index, repeats allowed. */
    TAKE(Kind.MOVEMENT),
    /** Converts to another dtype. */
    CAST(Kind.MOVEMENT);

    /** The families of ops, which share shape rules. */
    public enum Kind {
        /** One input, same shape out. */
        UNARY,
        /** Two inputs broadcast together. */
        BINARY,
        /** Three inputs broadcast together. */
        TERNARY,
        /** Reduces axes, optionally keeping them as size 1. */
        REDUCTION,
        /** Matrix products. */
        LINEAR_ALGEBRA,
        /** Convolutions of images with a kernel. */
        CONVOLUTION,
        /** Moves or selects elements without arithmetic. */
        MOVEMENT
    }

    private final Kind kind;

    Op(Kind kind) {
        this.kind = kind;
    }

    /** Returns the family this op belongs to. */
    public Kind kind() {
        return kind;
    }
}
