package org.vae4j.api.ops;

/**
 * The geometry of a 2-D convolution ({@link Op#CONV2D}) or its transpose ({@link
 * Op#CONV_TRANSPOSE2D}) over NCHW tensors, per spatial axis (height, then width): the stride, the
 * zero padding on each side, the dilation of the kernel, and, for the transpose only, the output
 * padding: rows and columns added at the bottom and right of its output, which picks one of the
 * input sizes that a strided convolution maps onto the same output size. PyTorch's arguments of the
 * same names mean the same.
 *
 * <pre>{@code
 * Conv2dSpec.of(2, 1)                          // stride 2, padding 1, dilation 1
 * Conv2dSpec.of(2, 1).withOutputPadding(1, 1)  // for the transpose, one more row and column
 * }</pre>
 *
 * @param strideH vertical stride, at least 1
 * @param strideW horizontal stride, at least 1
 * @param padH zero rows added above and below the input, at least 0
 * @param padW zero columns added left and right of the input, at least 0
 * @param dilationH spacing of the kernel's rows, at least 1
 * @param dilationW spacing of the kernel's columns, at least 1
 * @param outPadH rows added below a transposed convolution's output, at least 0
 * @param outPadW columns added right of a transposed convolution's output, at least 0
 */
public record Conv2dSpec(
        int strideH,
        int strideW,
        int padH,
        int padW,
        int dilationH,
        int dilationW,
        int outPadH,
        int outPadW) {

    /** Stride 1, no padding, no dilation. */
    public static final Conv2dSpec DEFAULT = of(1, 0);

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException if a stride or dilation is below 1, or a padding below 0
     */
    public Conv2dSpec {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException(
                    "convolution: stride and dilation must be at least 1, got stride "
                            + strideH
                            + "x"
                            + strideW
                            + " and dilation "
                            + dilationH
                            + "x"
                            + dilationW);
        }
        if (padH < 0 || padW < 0 || outPadH < 0 || outPadW < 0) {
            throw new IllegalArgumentException(
                    "convolution: padding must be at least 0, got padding "
                            + padH
                            + "x"
                            + padW
                            + " and output padding "
                            + outPadH
                            + "x"
                            + outPadW);
        }
    }

    /** Returns the same stride and padding on both axes, dilation 1 and no output padding. */
    public static Conv2dSpec of(int stride, int padding) {
        return new Conv2dSpec(stride, stride, padding, padding, 1, 1, 0, 0);
    }

    /** Returns this geometry with another dilation. */
    public Conv2dSpec withDilation(int h, int w) {
        return new Conv2dSpec(strideH, strideW, padH, padW, h, w, outPadH, outPadW);
    }

    /** Returns this geometry with another output padding (for the transpose). */
    public Conv2dSpec withOutputPadding(int h, int w) {
        return new Conv2dSpec(strideH, strideW, padH, padW, dilationH, dilationW, h, w);
    }

    /** Returns whether any output padding is set. */
    public boolean hasOutputPadding() {
        return outPadH != 0 || outPadW != 0;
    }

    /**
     * Returns a convolution's output size along one axis (0 height, 1 width): {@code floor((in + 2
     * pad - dilation (kernel - 1) - 1) / stride) + 1}, which is below 1 when the padded input is
     * smaller than the dilated kernel.
     */
    public int convOutput(int axis, int in, int kernel) {
        int span = in + 2 * pad(axis) - dilation(axis) * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride(axis) + 1;
    }

    /**
     * Returns a transposed convolution's output size along one axis (0 height, 1 width): {@code (in
     * - 1) stride - 2 pad + dilation (kernel - 1) + outPad + 1}.
     */
    public int transposedOutput(int axis, int in, int kernel) {
        return (in - 1) * stride(axis)
                - 2 * pad(axis)
                + dilation(axis) * (kernel - 1)
                + outPad(axis)
                + 1;
    }

    /** Returns the stride along an axis (0 height, 1 width). */
    public int stride(int axis) {
        return axis == 0 ? strideH : strideW;
    }

    /** Returns the padding along an axis (0 height, 1 width). */
    public int pad(int axis) {
        return axis == 0 ? padH : padW;
    }

    /** Returns the dilation along an axis (0 height, 1 width). */
    public int dilation(int axis) {
        return axis == 0 ? dilationH : dilationW;
    }

    /** Returns the output padding along an axis (0 height, 1 width). */
    public int outPad(int axis) {
        return axis == 0 ? outPadH : outPadW;
    }

    @Override
    public String toString() {
        return "stride "
                + strideH
                + "x"
                + strideW
                + ", padding "
                + padH
                + "x"
                + padW
                + ", dilation "
                + dilationH
                + "x"
                + dilationW
                + (hasOutputPadding() ? ", output padding " + outPadH + "x" + outPadW : "");
    }
}
