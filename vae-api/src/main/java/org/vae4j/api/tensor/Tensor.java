package org.vae4j.api.tensor;

import org.vae4j.api.Backend;

/**
 * An opaque handle to an n-dimensional array owned by a {@link Backend}.
 *
 * <p>A tensor is immutable through this interface (only {@link org.vae4j.api.ops.TensorOps#assign}
 * writes into one) and lives on its backend's device. It belongs to the innermost {@link
 * org.vae4j.api.memory.Scope} open on the creating thread, which frees it on close; with no scope
 * open it lives until {@link #close()}.
 *
 * <p>{@code close()} is idempotent. Any other call on a closed tensor throws {@link
 * IllegalStateException} naming the tensor.
 */
public interface Tensor extends AutoCloseable {

    /** Returns the dimensions. */
    Shape shape();

    /** Returns the element type. */
    DType dtype();

    /** Returns the backend that owns this tensor. */
    Backend backend();

    /** Returns the device the data lives on (the owning backend's device). */
    default Device device() {
        return backend().device();
    }

    /** Returns the number of dimensions. */
    default int rank() {
        return shape().rank();
    }

    /**
     * Copies the values out, row-major, converted to float.
     *
     * @throws UnsupportedOperationException if the backend's tensors hold no values (see {@link
     *     org.vae4j.api.Capability#READ_VALUES})
     */
    float[] toFloats();

    /**
     * Copies the values out, row-major, converted to double.
     *
     * @throws UnsupportedOperationException if the backend's tensors hold no values
     */
    double[] toDoubles();

    /**
     * Returns the single value of a tensor with one element.
     *
     * @throws IllegalArgumentException if the tensor has more or fewer than one element
     */
    default double item() {
        if (shape().size() != 1) {
            throw new IllegalArgumentException(
                    "item() needs a tensor with one element, but the shape is " + shape());
        }
        return toDoubles()[0];
    }

    /** Returns whether {@link #close()} has been called. */
    boolean isClosed();

    /** Frees the native memory now. Calling it again does nothing. */
    @Override
    void close();
}
