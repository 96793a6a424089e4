package org.vae4j.api.ops;

import java.util.Arrays;
import java.util.List;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * Result shapes of the primitive ops, and the argument checks every backend shares, so that a bad
 * call fails the same way, with the same message, on every backend.
 *
 * <p>Each method throws {@link IllegalArgumentException} naming the op and the shapes or dtypes
 * that do not fit.
 */
public final class OpShapes {
    private OpShapes() {}

    /** Checks that {@code op} belongs to {@code kind}. */
    public static void requireKind(Op op, Op.Kind kind) {
        if (op.kind() != kind) {
            throw new IllegalArgumentException(
                    op + " is a " + op.kind() + " op, not " + kind + "; call the matching method");
        }
    }

    /** Returns the NumPy broadcast of two shapes. */
    public static Shape broadcast(Object op, Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromRight(a, rank - 1 - i);
            int db = dimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(
                        op
                                + ": cannot broadcast shapes "
                                + a
                                + " and "
                                + b
                                + " (axis "
                                + (i - rank)
                                + " has sizes "
                                + da
                                + " and "
                                + db
                                + "; sizes must match or one must be 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    private static int dimFromRight(Shape s, int fromRight) {
        int axis = s.rank() - 1 - fromRight;
        return axis < 0 ? 1 : s.dim(axis);
    }

    /**
     * Checks an elementwise expression's inputs (as many as it takes, one dtype) and returns their
     * broadcast shape.
     */
    public static Shape elementwise(Elementwise expression, Tensor... inputs) {
        if (inputs.length != expression.inputs()) {
            throw new IllegalArgumentException(
                    "elementwise: the expression takes "
                            + expression.inputs()
                            + " inputs, got "
                            + inputs.length);
        }
        sameDType("elementwise", inputs);
        Shape out = inputs[0].shape();
        for (int k = 1; k < inputs.length; k++) {
            out = broadcast("elementwise", out, inputs[k].shape());
        }
        return out;
    }

    /** Checks a binary op's dtypes and returns the broadcast shape. */
    public static Shape binary(Op op, Tensor a, Tensor b) {
        requireKind(op, Op.Kind.BINARY);
        sameDType(op, a, b);
        return broadcast(op, a.shape(), b.shape());
    }

    /** Checks WHERE's dtypes and returns the shape the three inputs broadcast to. */
    public static Shape where(Tensor condition, Tensor ifTrue, Tensor ifFalse) {
        sameDType(Op.WHERE, condition, ifTrue, ifFalse);
        return broadcast(
                Op.WHERE, condition.shape(), broadcast(Op.WHERE, ifTrue.shape(), ifFalse.shape()));
    }

    /**
     * Returns whether {@code from} broadcasts to exactly {@code to}: its rank is not larger and
     * each of its sizes, matched from the last axis, equals the target's or is 1.
     */
    public static boolean broadcastsTo(Shape from, Shape to) {
        boolean ok = from.rank() <= to.rank();
        for (int i = 0; ok && i < from.rank(); i++) {
            int d = from.dim(from.rank() - 1 - i);
            ok = d == 1 || d == to.dim(to.rank() - 1 - i);
        }
        return ok;
    }

    /** Checks that {@code from} broadcasts to exactly {@code to}. */
    public static Shape broadcastTo(Shape from, Shape to) {
        if (!broadcastsTo(from, to)) {
            throw new IllegalArgumentException(
                    Op.BROADCAST_TO
                            + ": cannot broadcast shape "
                            + from
                            + " to "
                            + to
                            + "; each size must equal the target's or be 1, and the rank must not"
                            + " exceed the target's");
        }
        return to;
    }

    /**
     * Validates reduction axes and returns them normalised (non-negative) and sorted.
     *
     * @throws IllegalArgumentException for an axis out of range, a repeated axis, or MAX over an
     *     empty axis
     */
    public static int[] reductionAxes(Op op, Shape shape, int[] axes) {
        requireKind(op, Op.Kind.REDUCTION);
        int[] norm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = shape.axis(axes[i]);
        }
        Arrays.sort(norm);
        for (int i = 1; i < norm.length; i++) {
            if (norm[i] == norm[i - 1]) {
                throw new IllegalArgumentException(
                        op
                                + ": axis "
                                + norm[i]
                                + " is named twice in "
                                + Arrays.toString(axes)
                                + " for shape "
                                + shape);
            }
        }
        if (op == Op.MAX) {
            for (int a : norm) {
                if (shape.dim(a) == 0) {
                    throw new IllegalArgumentException(
                            "MAX over axis " + a + " of shape " + shape + ", which is empty");
                }
            }
        }
        return norm;
    }

    /** Returns the result shape of a reduction over normalised, sorted axes. */
    public static Shape reduced(Shape shape, int[] sortedAxes, boolean keepDims) {
        int[] dims = shape.dims();
        int kept = 0;
        int[] out = new int[dims.length];
        for (int i = 0, j = 0; i < dims.length; i++) {
            boolean reduced = j < sortedAxes.length && sortedAxes[j] == i;
            if (reduced) {
                j++;
                if (keepDims) {
                    out[kept++] = 1;
                }
            } else {
                out[kept++] = dims[i];
            }
        }
        return Shape.of(Arrays.copyOf(out, kept));
    }

    /** Checks a matrix product and returns {@code [m, n]}. */
    public static Shape matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        sameDType(Op.MATMUL, a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        if (sa.rank() != 2 || sb.rank() != 2) {
            throw new IllegalArgumentException(
                    "MATMUL needs two rank-2 tensors, but got shapes "
                            + sa
                            + " and "
                            + sb
                            + "; reshape batches of matrices to rank 2");
        }
        int m = transposeA ? sa.dim(1) : sa.dim(0);
        int ka = transposeA ? sa.dim(0) : sa.dim(1);
        int kb = transposeB ? sb.dim(1) : sb.dim(0);
        int n = transposeB ? sb.dim(0) : sb.dim(1);
        if (ka != kb) {
            throw new IllegalArgumentException(
                    "MATMUL: inner sizes differ for shapes "
                            + sa
                            + (transposeA ? "^T" : "")
                            + " and "
                            + sb
                            + (transposeB ? "^T" : "")
                            + " ("
                            + ka
                            + " vs "
                            + kb
                            + ")");
        }
        return Shape.of(m, n);
    }

    /**
     * Checks the fused dense layer {@code x @ weight^T + bias}: {@code x [n, in]}, {@code weight
     * [out, in]}, {@code bias [out]} or null; returns {@code [n, out]}.
     */
    public static Shape linear(Tensor x, Tensor weight, Tensor bias) {
        Shape out = matmul(x, weight, false, true);
        if (bias != null) {
            sameDType("linear", x, bias);
            if (!bias.shape().equals(Shape.of(out.dim(1)))) {
                throw new IllegalArgumentException(
                        "linear: bias shape "
                                + bias.shape()
                                + " does not match weight "
                                + weight.shape()
                                + "; expected ["
                                + out.dim(1)
                                + "]");
            }
        }
        return out;
    }

    /**
     * Checks the fused Bernoulli log-likelihood's arguments and returns its shape: {@code logits}
     * without its last axis.
     */
    public static Shape bernoulliLogLikelihood(Tensor logits, Tensor x) {
        String op = "bernoulliLogLikelihood";
        sameDType(op, logits, x);
        Shape l = logits.shape();
        if (l.rank() == 0) {
            throw new IllegalArgumentException(
                    op + ": logits must have at least one axis (the event), but are a scalar");
        }
        if (!broadcastsTo(x.shape(), l)) {
            throw new IllegalArgumentException(
                    op
                            + ": x of shape "
                            + x.shape()
                            + " does not broadcast to the logits' shape "
                            + l
                            + "; give x the logits' shape or trailing part of it");
        }
        return Shape.of(Arrays.copyOf(l.dims(), l.rank() - 1));
    }

    /** Checks a convolution's arguments (see {@link TensorOps#conv2d}) and returns its shape. */
    public static Shape conv2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        return convolution(Op.CONV2D, x, weight, spec);
    }

    /**
     * Checks a transposed convolution's arguments (see {@link TensorOps#convTranspose2d}) and
     * returns its shape.
     */
    public static Shape convTranspose2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        return convolution(Op.CONV_TRANSPOSE2D, x, weight, spec);
    }

    /**
     * Checks a convolution's kernel gradient's arguments (see {@link
     * TensorOps#conv2dKernelGradient}) and returns its shape {@code [o, c, kernelH, kernelW]}.
     */
    public static Shape conv2dKernelGradient(
            Tensor x, Tensor grad, Conv2dSpec spec, int kernelH, int kernelW) {
        String op = "conv2dKernelGradient";
        Shape xs = x.shape();
        Shape gs = grad.shape();
        if (x.dtype() != grad.dtype()) {
            throw new IllegalArgumentException(
                    op + ": input is " + x.dtype() + " but gradient is " + grad.dtype());
        }
        if (xs.rank() != 4 || gs.rank() != 4 || xs.dim(0) != gs.dim(0)) {
            throw new IllegalArgumentException(
                    op
                            + ": input "
                            + xs
                            + " and gradient "
                            + gs
                            + " must both be [n, channels, height, width] with the same n");
        }
        if (kernelH < 1 || kernelW < 1 || spec.hasOutputPadding()) {
            throw new IllegalArgumentException(
                    op
                            + ": the kernel window "
                            + kernelH
                            + "x"
                            + kernelW
                            + " must be non-empty and the spec without output padding ("
                            + spec
                            + ")");
        }
        int[] kernel = {kernelH, kernelW};
        for (int axis = 0; axis < 2; axis++) {
            int most = spec.convOutput(axis, xs.dim(2 + axis), kernel[axis]);
            if (gs.dim(2 + axis) > most) {
                throw new IllegalArgumentException(
                        op
                                + ": gradient "
                                + gs
                                + " reaches past the "
                                + most
                                + " output positions the input "
                                + xs
                                + " gives a "
                                + kernelH
                                + "x"
                                + kernelW
                                + " kernel with "
                                + spec);
            }
        }
        return Shape.of(gs.dim(1), xs.dim(1), kernelH, kernelW);
    }

    private static Shape convolution(Op op, Tensor x, Tensor weight, Conv2dSpec spec) {
        sameDType(op, x, weight);
        Shape xs = x.shape();
        Shape ws = weight.shape();
        boolean transposed = op == Op.CONV_TRANSPOSE2D;
        String kernelLayout = transposed ? "[in, out, kH, kW]" : "[out, in, kH, kW]";
        if (xs.rank() != 4 || ws.rank() != 4) {
            throw new IllegalArgumentException(
                    op
                            + ": input "
                            + xs
                            + " and kernel "
                            + ws
                            + " must both have rank 4 (input [n, c, h, w], kernel "
                            + kernelLayout
                            + ")");
        }
        int channelsIn = ws.dim(transposed ? 0 : 1);
        if (xs.dim(1) != channelsIn || ws.dim(2) == 0 || ws.dim(3) == 0) {
            throw new IllegalArgumentException(
                    op
                            + ": input "
                            + xs
                            + " has "
                            + xs.dim(1)
                            + " channels but kernel "
                            + ws
                            + " ("
                            + kernelLayout
                            + ") expects "
                            + channelsIn
                            + " and a non-empty window");
        }
        int[] out = {xs.dim(0), ws.dim(transposed ? 1 : 0), 0, 0};
        for (int axis = 0; axis < 2; axis++) {
            int in = xs.dim(2 + axis);
            int k = ws.dim(2 + axis);
            if (transposed) {
                int limit = Math.max(spec.stride(axis), spec.dilation(axis));
                if (spec.outPad(axis) >= limit) {
                    throw new IllegalArgumentException(
                            op
                                    + ": output padding "
                                    + spec.outPad(axis)
                                    + " must be smaller than the stride or the dilation ("
                                    + spec
                                    + ")");
                }
                out[2 + axis] = in == 0 ? 0 : spec.transposedOutput(axis, in, k);
            } else {
                if (spec.hasOutputPadding()) {
                    throw new IllegalArgumentException(
                            op
                                    + ": output padding is for the transposed convolution ("
                                    + spec
                                    + ")");
                }
                out[2 + axis] = spec.convOutput(axis, in, k);
            }
            if (out[2 + axis] < 1 && in > 0) {
                throw new IllegalArgumentException(
                        op
                                + ": input "
                                + xs
                                + " is too small for kernel "
                                + ws
                                + " with "
                                + spec
                                + "; the output would be empty");
            }
        }
        return Shape.of(out);
    }

    /** Checks that a reshape keeps the number of elements. */
    public static Shape reshape(Shape from, Shape to) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException(
                    "RESHAPE: cannot reshape "
                            + from
                            + " ("
                            + from.size()
                            + " elements) to "
                            + to
                            + " ("
                            + to.size()
                            + " elements)");
        }
        return to;
    }

    /** Checks that {@code axes} is a permutation of the axes and returns the permuted shape. */
    public static Shape permute(Shape shape, int[] axes) {
        int r = shape.rank();
        boolean[] seen = new boolean[r];
        boolean ok = axes.length == r;
        for (int i = 0; ok && i < r; i++) {
            ok = axes[i] >= 0 && axes[i] < r && !seen[axes[i]];
            if (ok) {
                seen[axes[i]] = true;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    "PERMUTE: "
                            + Arrays.toString(axes)
                            + " is not a permutation of the axes of shape "
                            + shape
                            + "; give each of 0.."
                            + (r - 1)
                            + " once");
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = shape.dim(axes[i]);
        }
        return Shape.of(out);
    }

    /** Checks a concatenation and returns the joined shape. */
    public static Shape concat(List<? extends Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("CONCAT needs at least one tensor");
        }
        Tensor first = parts.get(0);
        Shape s0 = first.shape();
        if (s0.rank() == 0) {
            throw new IllegalArgumentException("CONCAT cannot join rank-0 tensors; reshape to [1]");
        }
        int ax = s0.axis(axis);
        int total = 0;
        for (Tensor t : parts) {
            sameDType(Op.CONCAT, first, t);
            Shape s = t.shape();
            boolean ok = s.rank() == s0.rank();
            for (int i = 0; ok && i < s.rank(); i++) {
                ok = i == ax || s.dim(i) == s0.dim(i);
            }
            if (!ok) {
                throw new IllegalArgumentException(
                        "CONCAT along axis "
                                + ax
                                + ": shapes "
                                + s0
                                + " and "
                                + s
                                + " differ outside that axis");
            }
            total += s.dim(ax);
        }
        return s0.withDim(ax, total);
    }

    /** Checks a slice and returns its shape. */
    public static Shape slice(Shape shape, int axis, int start, int end) {
        int ax = shape.axis(axis);
        if (start < 0 || start > end || end > shape.dim(ax)) {
            throw new IllegalArgumentException(
                    "SLICE ["
                            + start
                            + ", "
                            + end
                            + ") is out of range for axis "
                            + ax
                            + " of shape "
                            + shape
                            + "; need 0 <= start <= end <= "
                            + shape.dim(ax));
        }
        return shape.withDim(ax, end - start);
    }

    /** Checks row indices for TAKE and returns the result shape. */
    public static Shape take(Shape shape, int[] indices) {
        if (shape.rank() == 0) {
            throw new IllegalArgumentException("TAKE needs rank >= 1, but the shape is " + shape);
        }
        int rows = shape.dim(0);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= rows) {
                throw new IllegalArgumentException(
                        "TAKE: index "
                                + indices[i]
                                + " (position "
                                + i
                                + ") is out of range for axis 0 of shape "
                                + shape
                                + "; need 0 <= index < "
                                + rows);
            }
        }
        return shape.withDim(0, indices.length);
    }

    /** Checks that creation data fills the shape exactly. */
    public static void dataLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException(
                    "Data of length "
                            + length
                            + " does not fill shape "
                            + shape
                            + ", which holds "
                            + shape.size()
                            + " elements");
        }
    }

    /** Checks that all tensors share the first one's dtype. */
    public static void sameDType(Object op, Tensor... tensors) {
        DType d = tensors[0].dtype();
        for (Tensor t : tensors) {
            if (t.dtype() != d) {
                throw new IllegalArgumentException(
                        op
                                + ": dtypes differ ("
                                + d
                                + " "
                                + tensors[0].shape()
                                + " vs "
                                + t.dtype()
                                + " "
                                + t.shape()
                                + "); cast one of them first");
            }
        }
    }

    /** Checks that all tensors have the first one's shape and dtype (for in-place updates). */
    public static void sameShapeAndDType(Object op, Tensor... tensors) {
        sameDType(op, tensors);
        Shape s = tensors[0].shape();
        for (Tensor t : tensors) {
            if (!t.shape().equals(s)) {
                throw new IllegalArgumentException(
                        op + ": shapes differ (" + s + " vs " + t.shape() + "); they must match");
            }
        }
    }
}
