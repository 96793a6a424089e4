package org.vae4j.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The contents of one {@code .npy} file: the element type, the shape and the elements as the file
 * stores them (C order). {@code data} is held, not copied.
 *
 * @param dtype the element type
 * @param shape the dimensions
 * @param data the raw element bytes, {@code product(shape) * dtype.byteSize()} of them
 */
record NpyArray(Dtype dtype, int[] shape, byte[] data) {
    /** The element types that image and label files may hold, by NumPy's {@code descr}. */
    enum Dtype {
        /** {@code |u1}: unsigned byte. */
        UINT8("|u1", 1),
        /** {@code <f4}: little-endian float32. */
        FLOAT32("<f4", 4),
        /** {@code <i4}: little-endian int32. */
        INT32("<i4", 4),
        /** {@code <i8}: little-endian int64. */
        INT64("<i8", 8);

        private final String descr;
        private final int byteSize;

        Dtype(String descr, int byteSize) {
            this.descr = descr;
            this.byteSize = byteSize;
        }

        /** Returns NumPy's name for the type, such as {@code <f4}. */
        String descr() {
            return descr;
        }

        int byteSize() {
            return byteSize;
        }

        /** Returns the type NumPy names {@code descr}, or {@code null} if it is not supported. */
        static Dtype of(String descr) {
            for (Dtype d : values()) {
                if (d.descr.equals(descr)) {
                    return d;
                }
            }
            return null;
        }

        /** Returns the supported names, for messages. */
        static String names() {
            return Arrays.stream(values()).map(Dtype::descr).toList().toString();
        }
    }

    NpyArray {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the elements as floats.
     *
     * @throws IllegalStateException if they are not float32
     */
    float[] toFloats() {
        if (dtype != Dtype.FLOAT32) {
            throw new IllegalStateException(dtype.descr() + " elements are not float32");
        }
        float[] f = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /**
     * Returns the elements as longs.
     *
     * @throws IllegalStateException if the elements are floats
     */
    long[] toLongs() {
        long[] v = new long[data.length / dtype.byteSize()];
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            v[i] =
                    switch (dtype) {
                        case UINT8 -> data[i] & 0xFF;
                        case INT32 -> b.getInt(4 * i);
                        case INT64 -> b.getLong(8 * i);
                        case FLOAT32 ->
                                throw new IllegalStateException(
                                        "float32 elements are not integers");
                    };
        }
        return v;
    }

    /** Returns the type and shape, for example {@code |u1 [60000, 28, 28]}. */
    @Override
    public String toString() {
        return dtype.descr() + " " + Arrays.toString(shape);
    }
}
