package org.vae4j.backend.reference;

import org.vae4j.api.tensor.Shape;

/**
 * Row-major index arithmetic shared by the reference ops: an op reads its input at the offsets that
 * a set of strides gives for each position of the output, so broadcasting (stride 0), permutation
 * (reordered strides), slicing and reduction are all one walk.
 */
final class Strides {
    private Strides() {}

    /** Returns the row-major strides of a dense array with these dimensions. */
    static int[] of(int[] dims) {
        int[] s = new int[dims.length];
        int stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= dims[i];
        }
        return s;
    }

    /**
     * Returns the strides that read a dense tensor of shape {@code in} as if broadcast to {@code
     * out}: axes aligned at the right, stride 0 on axes that are missing or of size 1.
     */
    static int[] broadcast(Shape in, Shape out) {
        int[] inStrides = of(in.dims());
        int[] s = new int[out.rank()];
        int shift = out.rank() - in.rank();
        for (int i = 0; i < in.rank(); i++) {
            s[i + shift] = in.dim(i) == 1 ? 0 : inStrides[i];
        }
        return s;
    }

    /** Returns the strides of {@code dims} reordered so that result axis i is input axis p[i]. */
    static int[] permuted(int[] dims, int[] p) {
        int[] s = of(dims);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = s[p[i]];
        }
        return out;
    }

    /** Returns the number of elements of an array with these dimensions. */
    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * Returns, for each position of an array with dimensions {@code dims} in row-major order, the
     * offset {@code sum(index[i] * strides[i])}. A rank-0 walk has one position, offset 0.
     */
    static int[] offsets(int[] dims, int[] strides) {
        int n = size(dims);
        int[] out = new int[n];
        int[] index = new int[dims.length];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            out[i] = offset;
            for (int ax = dims.length - 1; ax >= 0; ax--) {
                index[ax]++;
                offset += strides[ax];
                if (index[ax] < dims[ax]) {
                    break;
                }
                offset -= strides[ax] * dims[ax];
                index[ax] = 0;
            }
        }
        return out;
    }

    /** Returns {@code offsets} with {@code base} added to each. */
    static int[] shifted(int[] offsets, int base) {
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] += base;
        }
        return offsets;
    }

    /** Returns {@code values} read at the given offsets. */
    static double[] gather(double[] values, int[] offsets) {
        double[] out = new double[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            out[i] = values[offsets[i]];
        }
        return out;
    }
}
