package org.vae4j.core.data;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The contents of one IDX file: the element type, the dimensions and the elements as the file
 * stores them (big-endian, row-major). For {@link IdxType#UNSIGNED_BYTE}, the common case, {@link
 * #data()} are the values themselves; {@link #toFloats()} and {@link #toInts()} decode any type.
 *
 * <p>{@code data} is held, not copied, so that a 47 MB image file is not duplicated; treat it as
 * read-only.
 *
 * @param type the element type
 * @param dims the dimensions, 1 to 4 of them, each {@code >= 0}
 * @param data the raw element bytes, {@code product(dims) * type.byteSize()} of them
 */
public record IdxArray(IdxType type, int[] dims, byte[] data) {
    /**
     * Checks that the data length matches the dimensions.
     *
     * @throws IllegalArgumentException if it does not
     */
    public IdxArray {
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        Objects.requireNonNull(data, "data");
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "Negative dimension in " + Arrays.toString(dims));
            }
            n = Math.min(n * d, Integer.MAX_VALUE + 1L); // exact up to what an array holds
        }
        if (n * type.byteSize() != data.length) {
            throw new IllegalArgumentException(
                    "Dimensions "
                            + Arrays.toString(dims)
                            + " of "
                            + type
                            + " need "
                            + n * type.byteSize()
                            + " bytes, but data has "
                            + data.length);
        }
    }

    /** Returns a copy of the dimensions. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Returns the number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Returns one dimension. */
    public int dim(int axis) {
        return dims[axis];
    }

    /** Returns the number of elements. */
    public int size() {
        return data.length / type.byteSize();
    }

    /** Returns the elements as floats (doubles are rounded; bytes are not scaled). */
    public float[] toFloats() {
        float[] f = new float[size()];
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < f.length; i++) {
            f[i] =
                    switch (type) {
                        case UNSIGNED_BYTE -> data[i] & 0xFF;
                        case SIGNED_BYTE -> data[i];
                        case SHORT -> b.getShort(2 * i);
                        case INT -> b.getInt(4 * i);
                        case FLOAT -> b.getFloat(4 * i);
                        case DOUBLE -> (float) b.getDouble(8 * i);
                    };
        }
        return f;
    }

    /**
     * Returns the elements as ints.
     *
     * @throws IllegalStateException if the type is {@link IdxType#FLOAT} or {@link IdxType#DOUBLE}
     */
    public int[] toInts() {
        if (!type.isInteger()) {
            throw new IllegalStateException("IDX elements of type " + type + " are not integers");
        }
        int[] v = new int[size()];
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < v.length; i++) {
            v[i] =
                    switch (type) {
                        case UNSIGNED_BYTE -> data[i] & 0xFF;
                        case SIGNED_BYTE -> data[i];
                        case SHORT -> b.getShort(2 * i);
                        default -> b.getInt(4 * i);
                    };
        }
        return v;
    }

    /** Compares type, dimensions and data by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a
                && type == a.type
                && Arrays.equals(dims, a.dims)
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(dims)) + Arrays.hashCode(data);
    }

    /**
     * Returns the type and dimensions, for example {@code IdxArray[UNSIGNED_BYTE [60000, 28, 28]]}.
     */
    @Override
    public String toString() {
        return "IdxArray[" + type + " " + Arrays.toString(dims) + "]";
    }
}
