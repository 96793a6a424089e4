package org.vae4j.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.support.AbstractTensor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * A tensor of the ND4J backend: it holds one dense, row-major {@link INDArray} whose values are its
 * buffer in order. A reshape holds the same buffer in another shape ({@link Nd4jStorage} counts the
 * holders); {@link #close()} frees the buffer, or on the CPU build gives it to {@link
 * Nd4jArrayPool}, once no tensor holds it.
 */
final class Nd4jTensor extends AbstractTensor {
    private INDArray array;
    private Nd4jStorage storage;

    /** Wraps an array the new tensor takes ownership of; registers it with the innermost scope. */
    Nd4jTensor(Nd4jBackend backend, INDArray array, Shape shape, DType dtype) {
        this(backend, array, shape, dtype, new Nd4jStorage(array));
    }

    private Nd4jTensor(
            Nd4jBackend backend, INDArray array, Shape shape, DType dtype, Nd4jStorage storage) {
        super(backend, shape, dtype);
        this.array = array;
        this.storage = storage;
    }

    /**
     * Returns a new tensor of the same non-empty values in another shape of the same size, holding
     * this tensor's buffer; registers it with the innermost scope.
     */
    Nd4jTensor reshaped(Nd4jBackend backend, Shape shape) {
        Nd4jStorage shared = storage.share();
        try {
            return new Nd4jTensor(
                    backend,
                    Nd4j.create(array.data(), shape.toLongArray()),
                    shape,
                    dtype(),
                    shared);
        } catch (RuntimeException e) {
            shared.release(); // a sealed scope refused the tensor
            throw e;
        }
    }

    /** Returns the array, to read in an op; it must not escape into another tensor. */
    INDArray array() {
        return array;
    }

    /**
     * Returns the array to overwrite in place: first a copy of its own, if another tensor holds the
     * buffer too.
     */
    INDArray writable() {
        if (storage.shared()) {
            INDArray copy = array.dup('c');
            storage.release();
            storage = new Nd4jStorage(copy);
            array = copy;
        }
        return array;
    }

    @Override
    protected float[] copyFloats() {
        return shape().size() == 0 ? new float[0] : array.data().asFloat();
    }

    @Override
    protected double[] copyDoubles() {
        return shape().size() == 0 ? new double[0] : array.data().asDouble();
    }

    @Override
    protected void release() {
        storage.release();
    }
}
