package org.vae4j.host;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A dense row-major array of float32 or float64 values in host memory: its elements as a {@link
 * FloatBuffer} or {@link DoubleBuffer} (a backend's native storage, or the Java heap), indexed from
 * 0, and its shape.
 *
 * @param data the elements, at least as many as the shape holds
 * @param shape the sizes of the axes, outermost first ({} for a scalar)
 */
public record HostArray(Buffer data, long[] shape) {
    /**
     * Checks the buffer type and size.
     *
     * @throws IllegalArgumentException if {@code data} is neither a float nor a double buffer, or
     *     holds fewer elements than {@code shape}
     */
    public HostArray {
        if (!(data instanceof FloatBuffer) && !(data instanceof DoubleBuffer)) {
            throw new IllegalArgumentException(
                    "host arrays hold a FloatBuffer or a DoubleBuffer, not " + data);
        }
        if (data.capacity() < length(shape)) {
            throw new IllegalArgumentException(
                    "a buffer of " + data.capacity() + " elements for " + length(shape));
        }
    }

    /** Returns a new array of {@code shape} on the Java heap, float32 or float64. */
    public static HostArray allocate(boolean float32, long[] shape) {
        int n = Math.toIntExact(length(shape));
        return new HostArray(
                float32 ? FloatBuffer.allocate(n) : DoubleBuffer.allocate(n), shape.clone());
    }

    /** Returns whether the elements are float32. */
    public boolean isFloat() {
        return data instanceof FloatBuffer;
    }

    /** Returns the float32 elements. */
    public FloatBuffer floats() {
        return (FloatBuffer) data;
    }

    /** Returns the float64 elements. */
    public DoubleBuffer doubles() {
        return (DoubleBuffer) data;
    }

    /** Returns the number of elements the shape holds. */
    public long length() {
        return length(shape);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
