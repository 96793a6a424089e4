package org.vae4j.backend.djl;

import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;

/**
 * The two convolutions on validated arguments whose result is not empty, without bias, each
 * returning a new array. {@code conv2d} is PyTorch's own. DJL's PyTorch engine has no transposed
 * convolution (its {@code deconvolution} throws {@code UnsupportedOperationException}, and its JNI
 * reaches only {@code conv1d} to {@code conv3d}), so {@code conv_transpose2d} is taken as what it
 * is, the input gradient of {@code conv2d}, through PyTorch's autograd: PyTorch's input-gradient
 * kernel does the work of its transposed convolution, after one forward convolution whose result is
 * discarded.
 */
final class DjlConvolutions {
    private DjlConvolutions() {}

    /**
     * PyTorch's {@code conv2d} of {@code x [n, c, h, w]} with {@code weight [o, c, kH, kW]} into
     * {@code out}; no input channels give zeros, where PyTorch would return no output channels.
     */
    static PtNDArray conv2d(PtNDArray x, PtNDArray weight, Conv2dSpec spec, Shape out) {
        if (x.getShape().get(1) == 0) {
            return zeros(x.getManager(), out, x);
        }
        return convolve(x, weight, spec);
    }

    private static PtNDArray convolve(PtNDArray x, PtNDArray weight, Conv2dSpec spec) {
        return JniUtils.convolution(
                x,
                weight,
                null,
                new ai.djl.ndarray.types.Shape(spec.strideH(), spec.strideW()),
                new ai.djl.ndarray.types.Shape(spec.padH(), spec.padW()),
                new ai.djl.ndarray.types.Shape(spec.dilationH(), spec.dilationW()),
                1);
    }

    /**
     * {@code conv_transpose2d} of {@code x [n, c, h, w]} with {@code weight [c, o, kH, kW]} into
     * {@code out [n, o, hOut, wOut]}: the gradient with respect to {@code z} of {@code sum(x *
     * conv2d(z, weight))} for any {@code z} of the shape {@code out}. An output padding of at least
     * the stride (allowed below the dilation) makes {@code conv2d(z)} larger than {@code x} by
     * {@code outPad / stride} rows or columns, which take zeros. No input channels give zeros. Grad
     * mode is thread-local in PyTorch; it is on only for this call.
     */
    static PtNDArray convTranspose2d(PtNDArray x, PtNDArray weight, Conv2dSpec spec, Shape out) {
        PtNDManager m = x.getManager();
        if (x.getShape().get(1) == 0) {
            return zeros(m, out, x);
        }
        long extraH = spec.outPadH() / spec.strideH();
        long extraW = spec.outPadW() / spec.strideW();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (PtNDArray z = zeros(m, out, x)) {
            JniUtils.attachGradient(z, true);
            try (PtNDArray y = convolve(z, weight, spec);
                    PtNDArray padded =
                            extraH + extraW == 0
                                    ? null
                                    : JniUtils.pad(x, new long[] {0, extraW, 0, extraH}, 0)) {
                JniUtils.backward(y, padded == null ? x : padded, false, false);
            }
            return JniUtils.getGradient(z);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static PtNDArray zeros(PtNDManager m, Shape shape, PtNDArray like) {
        return JniUtils.createZerosNdArray(
                m, DjlArrays.of(shape), like.getDataType(), m.getDevice(), SparseFormat.DENSE);
    }
}
