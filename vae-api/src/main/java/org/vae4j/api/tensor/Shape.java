package org.vae4j.api.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor: an immutable list of non-negative sizes, row-major.
 *
 * <p>A rank-0 shape ({@link #scalar()}) holds one element. Dimensions of size 0 are allowed and
 * make an empty tensor. Axes may be given from the end as negative numbers, as in NumPy: {@code -1}
 * is the last axis.
 *
 * <pre>{@code
 * Shape batch = Shape.of(128, 784);
 * batch.dim(-1);          // 784
 * batch.size();           // 100352
 * }</pre>
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * Returns the shape with the given dimensions.
     *
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException(
                        "Shape "
                                + Arrays.toString(dims)
                                + " has a negative size at axis "
                                + i
                                + "; sizes must be >= 0");
            }
        }
        return new Shape(dims.clone());
    }

    /** Returns the rank-0 shape of a single value. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Returns the number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /**
     * Returns the size of one axis; negative axes count from the end.
     *
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /** Returns a copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Returns every axis, {@code 0 .. rank-1}: what a reduction over the whole tensor takes. */
    public int[] axes() {
        int[] axes = new int[rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }

    /** Returns the number of elements, the product of the dimensions (1 for a scalar). */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * Returns the number of elements as an int, for allocating Java arrays.
     *
     * @throws IllegalArgumentException if the shape holds more than {@link Integer#MAX_VALUE}
     *     elements
     */
    public int sizeAsInt() {
        long n = size();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Shape " + this + " holds " + n + " elements, more than a Java array can hold");
        }
        return (int) n;
    }

    /**
     * Turns a possibly negative axis into its index in {@code [0, rank)}.
     *
     * @throws IllegalArgumentException if the axis is outside {@code [-rank, rank)}
     */
    public int axis(int axis) {
        int r = dims.length;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(
                    "Axis "
                            + axis
                            + " is out of range for shape "
                            + this
                            + " of rank "
                            + r
                            + "; use an axis in ["
                            + -r
                            + ", "
                            + r
                            + ")");
        }
        return axis < 0 ? axis + r : axis;
    }

    /** Returns this shape with one axis set to a new size. */
    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return of(d);
    }

    /** Returns the row-major strides, in elements, of a dense tensor of this shape. */
    public long[] strides() {
        long[] s = new long[dims.length];
        long stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= dims[i];
        }
        return s;
    }

    /** Returns the dimensions as longs, the form many native libraries take. */
    public long[] toLongArray() {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return l;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Returns the dimensions in brackets, for example {@code [128, 784]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
