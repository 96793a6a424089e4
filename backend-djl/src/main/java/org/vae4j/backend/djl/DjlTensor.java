package org.vae4j.backend.djl;

import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicInteger;
import org.vae4j.api.support.AbstractTensor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * A tensor of the DJL backend: it holds one contiguous {@link PtNDArray}, so its values are its
 * memory in row-major order. A reshape holds a view of its source's storage in its own shape
 * (libtorch frees the storage when the last array over it closes); the tensors that share it count
 * themselves, and one about to be written in place while another holds its storage takes a copy
 * first ({@link #writable()}), so that no other tensor's values change.
 */
final class DjlTensor extends AbstractTensor {
    private PtNDArray array;
    private AtomicInteger holders;

    /** Wraps an array the new tensor takes ownership of; registers it with the innermost scope. */
    DjlTensor(DjlBackend backend, PtNDArray array, Shape shape, DType dtype) {
        this(backend, array, shape, dtype, new AtomicInteger(1));
    }

    private DjlTensor(
            DjlBackend backend, PtNDArray array, Shape shape, DType dtype, AtomicInteger holders) {
        super(backend, shape, dtype);
        this.array = array;
        this.holders = holders;
    }

    /**
     * Returns a new tensor of shape {@code shape} over {@code view}, a view of this tensor's
     * storage, which it takes ownership of; registers it with the innermost scope.
     */
    DjlTensor reshaped(DjlBackend backend, PtNDArray view, Shape shape) {
        holders.incrementAndGet();
        try {
            return new DjlTensor(backend, view, shape, dtype(), holders);
        } catch (RuntimeException e) { // a sealed scope refused the tensor
            holders.decrementAndGet();
            view.close();
            throw e;
        }
    }

    /**
     * Returns the array to overwrite in place: first a copy of its own, if another tensor holds the
     * storage too.
     */
    PtNDArray writable() {
        if (holders.get() > 1) {
            PtNDArray copy = JniUtils.clone(array);
            array.close();
            holders.decrementAndGet();
            holders = new AtomicInteger(1);
            array = copy;
        }
        return array;
    }

    /**
     * Returns the array, to read in an op; it must not escape into another tensor, nor be written
     * ({@link #writable}).
     */
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
        holders.decrementAndGet();
    }
}
