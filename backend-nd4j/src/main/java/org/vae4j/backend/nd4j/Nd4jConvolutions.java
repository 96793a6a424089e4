package org.vae4j.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * Both convolutions by libnd4j's {@code conv2d} and {@code deconv2d} kernels (im2col or col2im
 * around a product), on validated NCHW arguments whose result is not empty, each returning a new
 * array. An input with no elements gives zeros without calling them: both crash the JVM on an input
 * of no channels (in {@code evalShapeForTensorDot}). Their integer arguments are the kernel size,
 * stride, padding and dilation per axis, then 0 for explicit padding, 0 for NCHW, and the weight
 * format 1: {@code [o, c, kH, kW]} for {@code conv2d} and {@code [c, o, kH, kW]} for {@code
 * deconv2d}, the layouts of the SPI, so the kernels are used as they are.
 */
final class Nd4jConvolutions {
    private Nd4jConvolutions() {}

    /** {@code x [n, c, h, w]} with {@code weight [o, c, kH, kW]}. */
    static INDArray conv2d(INDArray x, INDArray weight, Conv2dSpec s, Shape out, DType dt) {
        if (x.isEmpty()) {
            return Nd4jArrays.full(out, 0.0, dt); // no channels, or a window of padding only
        }
        INDArray z = Nd4jArrays.uninitialized(out, dt);
        exec("conv2d", x, weight, z, s, s.padH(), s.padW());
        return z;
    }

    /**
     * {@code x [n, c, h, w]} with {@code weight [c, o, kH, kW]}. {@code deconv2d} has no output
     * padding: it crops {@code pad} rows and columns from both sides of the full result and refuses
     * an output of any other size. With output padding it crops {@code max(0, pad - outPad)}
     * instead, into a temporary whose window from row and column {@code pad - max(0, pad - outPad)}
     * is the result, with zeros where the output padding reaches past all that the input touches.
     */
    static INDArray convTranspose2d(
            INDArray x, INDArray weight, Conv2dSpec s, Shape out, DType dt) {
        if (x.isEmpty()) {
            return Nd4jArrays.full(out, 0.0, dt); // no channels
        }
        int padH = Math.max(0, s.padH() - s.outPadH());
        int padW = Math.max(0, s.padW() - s.outPadW());
        int offH = s.padH() - padH;
        int offW = s.padW() - padW;
        long[] dims = out.toLongArray();
        long[] wide = {
            dims[0], dims[1], dims[2] + 2L * offH - s.outPadH(), dims[3] + 2L * offW - s.outPadW()
        };
        INDArray full = Nd4jArrays.uninitialized(x.dataType(), wide);
        exec("deconv2d", x, weight, full, s, padH, padW);
        if (!s.hasOutputPadding()) {
            return full; // of the result's shape
        }
        long rows = Math.min(dims[2], wide[2] - offH);
        long cols = Math.min(dims[3], wide[3] - offW);
        INDArray z = Nd4jArrays.uninitialized(out, dt).assign(0);
        z.get(window(0, rows, 0, cols)).assign(full.get(window(offH, rows, offW, cols)));
        Nd4jArrays.recycle(full);
        return z;
    }

    /** Runs {@code op} with {@code s}'s geometry but the given padding. */
    private static void exec(
            String op, INDArray x, INDArray w, INDArray z, Conv2dSpec s, int padH, int padW) {
        int[] args = {
            (int) w.size(2),
            (int) w.size(3),
            s.strideH(),
            s.strideW(),
            padH,
            padW,
            s.dilationH(),
            s.dilationW(),
            0, // explicit padding, not SAME
            0, // NCHW
            1 // weight format: channels first, then kH, kW
        };
        Nd4j.exec(
                DynamicCustomOp.builder(op)
                        .addInputs(x, w)
                        .addOutputs(z)
                        .addIntegerArguments(args)
                        .build());
    }

    private static INDArrayIndex[] window(long row, long rows, long col, long cols) {
        return new INDArrayIndex[] {
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.interval(row, row + rows),
            NDArrayIndex.interval(col, col + cols)
        };
    }
}
