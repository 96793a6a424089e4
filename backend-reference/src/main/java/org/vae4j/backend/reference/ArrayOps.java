package org.vae4j.backend.reference;

import java.util.List;
import org.vae4j.api.ops.Op;

/**
 * The reference ops that are not elementwise, on row-major {@code double[]} data whose shapes the
 * caller has already validated. Sums accumulate in float64 in index order.
 */
final class ArrayOps {
    private ArrayOps() {}

    /** SUM or MAX of {@code x} (dimensions {@code dims}) over sorted, distinct axes. */
    static double[] reduce(Op op, double[] x, int[] dims, int[] axes) {
        int[] strides = Strides.of(dims);
        int reducedCount = axes.length;
        int[] keptDims = new int[dims.length - reducedCount];
        int[] keptStrides = new int[keptDims.length];
        int[] reducedDims = new int[reducedCount];
        int[] reducedStrides = new int[reducedCount];
        for (int i = 0, r = 0, k = 0; i < dims.length; i++) {
            if (r < reducedCount && axes[r] == i) {
                reducedDims[r] = dims[i];
                reducedStrides[r++] = strides[i];
            } else {
                keptDims[k] = dims[i];
                keptStrides[k++] = strides[i];
            }
        }
        int[] outer = Strides.offsets(keptDims, keptStrides);
        int[] inner = Strides.offsets(reducedDims, reducedStrides);
        double[] out = new double[outer.length];
        for (int o = 0; o < outer.length; o++) {
            double acc = op == Op.SUM ? 0.0 : Double.NEGATIVE_INFINITY;
            for (int offset : inner) {
                double v = x[outer[o] + offset];
                acc = op == Op.SUM ? acc + v : Math.max(acc, v);
            }
            out[o] = acc;
        }
        return out;
    }

    /**
     * The product {@code op(a) @ op(b)}: {@code a} has dimensions {@code da}, {@code b} has {@code
     * db}, and the result is {@code [m, n]}.
     */
    static double[] matmul(
            double[] a, int[] da, double[] b, int[] db, boolean transposeA, boolean transposeB) {
        double[] rowsA = transposeA ? transpose(a, da[0], da[1]) : a;
        double[] rowsB = transposeB ? b : transpose(b, db[0], db[1]);
        int m = transposeA ? da[1] : da[0];
        int k = transposeA ? da[0] : da[1];
        int n = transposeB ? db[0] : db[1];
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0.0;
                for (int p = 0, ia = i * k, jb = j * k; p < k; p++) {
                    acc += rowsA[ia + p] * rowsB[jb + p];
                }
                out[i * n + j] = acc;
            }
        }
        return out;
    }

    /** The transpose of a row-major {@code [rows, cols]} matrix. */
    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }

    /** Joins parts along {@code axis} into an array of dimensions {@code out}. */
    static double[] concat(List<ReferenceTensor> parts, int axis, int[] out) {
        int[] outStrides = Strides.of(out);
        double[] result = new double[Strides.size(out)];
        int start = 0;
        for (ReferenceTensor part : parts) {
            int[] dims = part.shape().dims();
            int[] at = Strides.offsets(dims, outStrides);
            Strides.shifted(at, start * outStrides[axis]);
            double[] values = part.data();
            for (int i = 0; i < at.length; i++) {
                result[at[i]] = values[i];
            }
            start += dims[axis];
        }
        return result;
    }

    /** Indices {@code [start, start + out[axis])} of {@code axis}. */
    static double[] slice(double[] x, int[] dims, int axis, int start, int[] out) {
        int[] strides = Strides.of(dims);
        int[] at = Strides.shifted(Strides.offsets(out, strides), start * strides[axis]);
        return Strides.gather(x, at);
    }

    /** The rows of axis 0 at {@code indices}, in order. */
    static double[] take(double[] x, int[] dims, int[] indices) {
        int row = 1;
        for (int i = 1; i < dims.length; i++) {
            row *= dims[i];
        }
        double[] out = new double[indices.length * row];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * row, out, i * row, row);
        }
        return out;
    }
}
