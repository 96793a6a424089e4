package org.vae4j.backend.djl;

import ai.djl.pytorch.engine.PtNDArray;
import org.vae4j.api.support.AbstractTensor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * A tensor of the DJL backend: it holds one contiguous {@link PtNDArray} that is the only handle on
 * its storage, so its values are its memory in row-major order, writing it in place changes no
 * other tensor, and {@link #close()} frees the storage.
 */
final class DjlTensor extends AbstractTensor {
    private final PtNDArray array;

    /** Wraps an array the new tensor takes ownership of; registers it with the innermost scope. */
    DjlTensor(DjlBackend backend, PtNDArray array, Shape shape, DType dtype) {
        super(backend, shape, dtype);
        this.array = array;
    }

    /** Returns the array, to read in an op; it must not escape into another tensor. */
    PtNDArray array() {
        return array;
    }

    @Override
    protected float[] copyFloats() {
        checkBackendOpen();
        return DjlArrays.toFloats(array, dtype(), shape().sizeAsInt());
    }

    @Override
    protected double[] copyDoubles() {
        checkBackendOpen();
        return DjlArrays.toDoubles(array, dtype(), shape().sizeAsInt());
    }

    /** Closing the backend closes its NDManager, which freed every array it still held. */
    private void checkBackendOpen() {
        if (backend().isClosed()) {
            throw new IllegalStateException(
                    this + " belongs to a closed backend, which freed its memory");
        }
    }

    @Override
    protected void release() {
        array.close();
    }
}
