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
 * reaches only {@code conv1d} to {@code conv3d}). Without dilation, {@code conv_transpose2d} is one
 * PyTorch {@code conv2d} by phases: output row {@code t} with {@code t + pad = q * stride + r} sums
 * {@code x[q - j] * weight[j * stride + r]} over {@code j}, a stride-1 convolution of {@code x}
 * with the kernel's taps of phase {@code r}, so all {@code stride^2} phases are one convolution
 * with that many times the output channels, interleaved afterwards (a pixel shuffle) and cropped.
 * It does the transposed convolution's multiply-adds and no more. With dilation it is the input
 * gradient of {@code conv2d} through PyTorch's autograd, after one forward convolution whose result
 * is discarded.
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
        if (x.getShape().get(1) == 0) {
            return zeros(x.getManager(), out, x);
        }
        if (spec.dilationH() == 1 && spec.dilationW() == 1) {
            return byPhases(x, weight, spec, out);
        }
        return throughAutograd(x, weight, spec, out);
    }

    /** The transposed convolution as one stride-1 convolution over its phases (class comment). */
    private static PtNDArray byPhases(PtNDArray x, PtNDArray weight, Conv2dSpec spec, Shape out) {
        long sH = spec.strideH();
        long sW = spec.strideW();
        long tapsH = ceilDiv(weight.getShape().get(2), sH);
        long tapsW = ceilDiv(weight.getShape().get(3), sW);
        long n = x.getShape().get(0);
        long o = out.dim(1);
        Conv2dSpec full =
                new Conv2dSpec(1, 1, (int) tapsH - 1, (int) tapsW - 1, 1, 1, 0, 0); // every overlap
        try (PtNDArray kernel = phaseKernel(x.getManager(), weight, sH, sW, tapsH, tapsW);
                PtNDArray phases = convolve(x, kernel, full)) {
            long qH = phases.getShape().get(2);
            long qW = phases.getShape().get(3);
            try (PtNDArray split = JniUtils.reshape(phases, new long[] {n, sH, sW, o, qH, qW});
                    PtNDArray moved = JniUtils.permute(split, new long[] {0, 3, 4, 1, 5, 2});
                    PtNDArray shuffled =
                            JniUtils.reshape(moved, new long[] {n, o, qH * sH, qW * sW});
                    PtNDArray tall = padToCover(shuffled, 2, spec.padH() + out.dim(2));
                    PtNDArray wide = padToCover(tall, 3, spec.padW() + out.dim(3));
                    PtNDArray rows =
                            JniUtils.slice(wide, 2, spec.padH(), spec.padH() + out.dim(2), 1);
                    PtNDArray cropped =
                            JniUtils.slice(rows, 3, spec.padW(), spec.padW() + out.dim(3), 1)) {
                return JniUtils.clone(cropped);
            }
        }
    }

    /**
     * The convolution kernel {@code [sH * sW * o, c, tapsH, tapsW]} of all phases from a transposed
     * kernel {@code [c, o, kH, kW]}: for phase {@code (rH, rW)} the taps {@code rH, rH + sH, ...}
     * (and likewise across), zero-filled to {@code tapsH x tapsW}, flipped (a convolution in
     * PyTorch's sense correlates), with the channel axes swapped.
     */
    private static PtNDArray phaseKernel(
            PtNDManager m, PtNDArray weight, long sH, long sW, long tapsH, long tapsW) {
        PtNDArray[] parts = new PtNDArray[(int) (sH * sW)];
        try {
            for (int rH = 0; rH < sH; rH++) {
                for (int rW = 0; rW < sW; rW++) {
                    parts[(int) (rH * sW + rW)] = phase(m, weight, rH, rW, sH, sW, tapsH, tapsW);
                }
            }
            return JniUtils.cat(parts, 0);
        } finally {
            for (PtNDArray p : parts) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    private static PtNDArray phase(
            PtNDManager m,
            PtNDArray weight,
            int rH,
            int rW,
            long sH,
            long sW,
            long tapsH,
            long tapsW) {
        long c = weight.getShape().get(0);
        long o = weight.getShape().get(1);
        long kH = weight.getShape().get(2);
        long kW = weight.getShape().get(3);
        if (rH >= kH || rW >= kW) { // a stride larger than the kernel: this phase has no taps
            return JniUtils.createZerosNdArray(
                    m,
                    new ai.djl.ndarray.types.Shape(o, c, tapsH, tapsW),
                    weight.getDataType(),
                    m.getDevice(),
                    SparseFormat.DENSE);
        }
        try (PtNDArray rows = JniUtils.slice(weight, 2, rH, kH, sH);
                PtNDArray taps = JniUtils.slice(rows, 3, rW, kW, sW);
                PtNDArray full =
                        JniUtils.pad(
                                taps,
                                new long[] {
                                    0,
                                    tapsW - taps.getShape().get(3),
                                    0,
                                    tapsH - taps.getShape().get(2)
                                },
                                0);
                PtNDArray flipped = JniUtils.flip(full, new long[] {2, 3});
                PtNDArray swapped = JniUtils.permute(flipped, new long[] {1, 0, 2, 3})) {
            return JniUtils.clone(swapped);
        }
    }

    /**
     * {@code a} with zeros appended along {@code axis} (2 or 3) up to {@code size}, or a view of it
     * where it is long enough already.
     */
    private static PtNDArray padToCover(PtNDArray a, int axis, long size) {
        long missing = size - a.getShape().get(axis);
        if (missing <= 0) {
            return JniUtils.slice(a, axis, 0, a.getShape().get(axis), 1);
        }
        long[] pads = axis == 3 ? new long[] {0, missing} : new long[] {0, 0, 0, missing};
        return JniUtils.pad(a, pads, 0);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * The transposed convolution as the input gradient of {@code conv2d}, by PyTorch's autograd.
     */
    private static PtNDArray throughAutograd(
            PtNDArray x, PtNDArray weight, Conv2dSpec spec, Shape out) {
        PtNDManager m = x.getManager();
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
