package org.vae4j.backend.djl;

import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * Reductions, matrix products and movement on validated arguments whose result is not empty, each
 * returning a new array. PyTorch's movement ops return views of their input; each view is copied
 * (or, for a permutation, flattened into a copy) so that no two tensors share storage.
 */
final class DjlStructural {
    private DjlStructural() {}

    /** SUM or MAX over sorted, distinct axes; no axes is a copy. */
    static PtNDArray reduce(Op op, PtNDArray x, int[] axes, boolean keepDims, Shape out) {
        if (axes.length == 0) {
            return JniUtils.clone(x);
        }
        if (op == Op.SUM) {
            return JniUtils.sum(x, toLongs(axes), keepDims);
        }
        if (axes.length == 1) {
            return JniUtils.max(x, axes[0], keepDims);
        }
        return maxOverAxes(x, axes, keepDims, out);
    }

    /**
     * MAX over several axes, one at a time from the last (DJL's JNI reduces one axis per call),
     * keeping the reduced axes so that the remaining indices stay valid.
     */
    private static PtNDArray maxOverAxes(PtNDArray x, int[] axes, boolean keepDims, Shape out) {
        PtNDArray current = x;
        try {
            for (int i = axes.length - 1; i >= 0; i--) {
                PtNDArray next = JniUtils.max(current, axes[i], true);
                if (current != x) {
                    current.close();
                }
                current = next;
            }
            if (keepDims) {
                PtNDArray result = current;
                current = x;
                return result;
            }
            return JniUtils.reshape(current, out.toLongArray()); // a view of `current` alone
        } finally {
            if (current != x) {
                current.close();
            }
        }
    }

    /**
     * {@code op(a) @ op(b)}: the transposes are views, which PyTorch hands to BLAS as transpose
     * flags, so nothing is copied; an inner size of 0 gives zeros.
     */
    static PtNDArray matmul(PtNDArray a, PtNDArray b, boolean ta, boolean tb) {
        try (PtNDArray at = ta ? JniUtils.transpose(a, 0, 1) : null;
                PtNDArray bt = tb ? JniUtils.transpose(b, 0, 1) : null) {
            return JniUtils.matmul(ta ? at : a, tb ? bt : b);
        }
    }

    /** {@code x @ weight^T + bias} by PyTorch's fused {@code linear} (one {@code addmm}). */
    static PtNDArray linear(PtNDArray x, PtNDArray weight, PtNDArray bias) {
        return JniUtils.linear(x, weight, bias);
    }

    /** The same elements in another shape. */
    static PtNDArray reshape(PtNDArray x, Shape out) {
        try (PtNDArray view = JniUtils.reshape(x, out.toLongArray())) {
            return JniUtils.clone(view);
        }
    }

    /**
     * Result axis {@code i} is input axis {@code axes[i]}. A permutation that keeps the order of
     * the axes longer than 1 moves no element and is a reshape; any other is flattened, which
     * copies the permuted view into new row-major storage, and reshaped into a view of that
     * storage.
     */
    static PtNDArray permute(PtNDArray x, Shape in, int[] axes, Shape out) {
        if (keepsMemoryOrder(in, axes)) {
            return reshape(x, out);
        }
        try (PtNDArray view = JniUtils.permute(x, toLongs(axes));
                PtNDArray flat = JniUtils.reshape(view, new long[] {-1})) {
            return JniUtils.reshape(flat, out.toLongArray());
        }
    }

    private static boolean keepsMemoryOrder(Shape in, int[] axes) {
        int last = -1;
        for (int axis : axes) {
            if (in.dim(axis) != 1) {
                if (axis < last) {
                    return false;
                }
                last = axis;
            }
        }
        return true;
    }

    /** Repeats size-1 and missing leading axes; the copy of the expanded view is row-major. */
    static PtNDArray broadcastTo(PtNDArray x, Shape out) {
        try (PtNDArray view = JniUtils.broadcast(x, DjlArrays.of(out))) {
            return JniUtils.clone(view);
        }
    }

    /** Joins along an axis; PyTorch's {@code cat} always writes new storage. */
    static PtNDArray concat(List<PtNDArray> parts, int axis) {
        if (parts.size() == 1) {
            return JniUtils.clone(parts.get(0));
        }
        return JniUtils.cat(parts.toArray(PtNDArray[]::new), axis);
    }

    /** Indices {@code [start, end)} of one axis. */
    static PtNDArray slice(PtNDArray x, int axis, int start, int end) {
        try (PtNDArray view = JniUtils.slice(x, axis, start, end, 1)) {
            return JniUtils.clone(view);
        }
    }

    /**
     * Entries of axis 0 by index: an embedding lookup (PyTorch's {@code index_select} on rows) in
     * the input viewed as a matrix of one row per entry.
     */
    static PtNDArray take(PtNDArray x, Shape in, int[] indices, Shape out) {
        long rows = in.dim(0);
        long rest = 1;
        for (int i = 1; i < in.rank(); i++) {
            rest *= in.dim(i);
        }
        try (PtNDArray index = DjlArrays.indices(x.getManager(), indices);
                PtNDArray matrix = JniUtils.reshape(x, new long[] {rows, rest});
                PtNDArray picked = JniUtils.embedding(index, matrix, false)) {
            return JniUtils.reshape(picked, out.toLongArray());
        }
    }

    /** A copy in another (or the same) dtype, rounding to nearest when narrowing. */
    static PtNDArray cast(PtNDArray x, DType from, DType to) {
        if (from == to) {
            return JniUtils.clone(x);
        }
        return JniUtils.to(x, DjlArrays.of(to), x.getManager().getDevice());
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
