package org.vae4j.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * A tensor's contents on the Java heap: dtype, shape, and the elements row-major as little-endian
 * bytes, which is exactly how {@link Safetensors} stores them.
 *
 * <p>The byte array is shared, not copied: treat it as read-only. {@link #equals} and {@link
 * #hashCode} compare contents bit for bit.
 *
 * <pre>{@code
 * HostArray saved = HostArray.fromTensor(weight);   // copy out of the backend
 * Tensor restored = saved.toTensor(backend);        // copy into a backend, same dtype
 * }</pre>
 *
 * @param dtype the element type
 * @param shape the dimensions
 * @param data {@code shape.size() * dtype.byteSize()} bytes, little-endian
 */
public record HostArray(DType dtype, Shape shape, byte[] data) {

    /**
     * Checks that the data fills the shape exactly.
     *
     * @throws IllegalArgumentException if the byte count does not match dtype and shape
     */
    public HostArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long needed = byteCount(dtype, shape);
        if (needed != data.length) {
            throw new IllegalArgumentException(
                    "HostArray of "
                            + dtype
                            + " "
                            + shape
                            + " needs "
                            + (needed < 0 ? "more than 2^63" : needed)
                            + " bytes, but got "
                            + data.length);
        }
    }

    /** Returns a float32 array holding a copy of {@code values}, which must fill the shape. */
    public static HostArray ofFloats(float[] values, Shape shape) {
        byte[] bytes = new byte[Math.multiplyExact(values.length, Float.BYTES)];
        little(bytes).asFloatBuffer().put(values);
        return new HostArray(DType.FLOAT32, shape, bytes);
    }

    /** Returns a float64 array holding a copy of {@code values}, which must fill the shape. */
    public static HostArray ofDoubles(double[] values, Shape shape) {
        byte[] bytes = new byte[Math.multiplyExact(values.length, Double.BYTES)];
        little(bytes).asDoubleBuffer().put(values);
        return new HostArray(DType.FLOAT64, shape, bytes);
    }

    /**
     * Copies a tensor's values to the host, keeping its dtype.
     *
     * @throws UnsupportedOperationException if the tensor's backend holds no values (it lacks
     *     {@link org.vae4j.api.Capability#READ_VALUES})
     */
    public static HostArray fromTensor(Tensor tensor) {
        return switch (tensor.dtype()) {
            case FLOAT32 -> ofFloats(tensor.toFloats(), tensor.shape());
            case FLOAT64 -> ofDoubles(tensor.toDoubles(), tensor.shape());
        };
    }

    /**
     * Creates a tensor of the same dtype, shape and values with {@code ops} (usually a {@link
     * org.vae4j.api.Backend}).
     *
     * @throws UnsupportedOperationException if the backend does not offer this dtype
     */
    public Tensor toTensor(TensorOps ops) {
        return switch (dtype) {
            case FLOAT32 -> ops.fromFloats(toFloats(), shape);
            case FLOAT64 -> ops.fromDoubles(toDoubles(), shape);
        };
    }

    /** Returns the values as floats (float64 values are rounded). */
    public float[] toFloats() {
        if (dtype == DType.FLOAT32) {
            float[] values = new float[data.length / Float.BYTES];
            little(data).asFloatBuffer().get(values);
            return values;
        }
        double[] doubles = toDoubles();
        float[] values = new float[doubles.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) doubles[i];
        }
        return values;
    }

    /** Returns the values as doubles (exact for both dtypes). */
    public double[] toDoubles() {
        if (dtype == DType.FLOAT64) {
            double[] values = new double[data.length / Double.BYTES];
            little(data).asDoubleBuffer().get(values);
            return values;
        }
        float[] floats = toFloats();
        double[] values = new double[floats.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = floats[i];
        }
        return values;
    }

    /**
     * Returns the number of bytes a dense array of this dtype and shape takes, or -1 if that
     * overflows a long.
     */
    static long byteCount(DType dtype, Shape shape) {
        int[] dims = shape.dims();
        for (int d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        long n = dtype.byteSize();
        for (int d : dims) {
            if (d > Long.MAX_VALUE / n) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    private static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Returns whether the other array has the same dtype, shape and bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HostArray other
                && dtype == other.dtype
                && shape.equals(other.shape)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, shape, Arrays.hashCode(data));
    }

    /** Returns dtype and shape, for example {@code HostArray[float32 [2, 3]]}. */
    @Override
    public String toString() {
        return "HostArray[" + dtype + " " + shape + "]";
    }
}
