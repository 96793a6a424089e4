package org.vae4j.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.support.AbstractTensor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * A tensor of the ND4J backend: it holds one dense, row-major {@link INDArray} that is never a view
 * of another, so its values are its buffer in order; {@link #close()} frees that buffer or, on the
 * CPU build, gives it to {@link Nd4jArrayPool} for the next result of its shape.
 */
final class Nd4jTensor extends AbstractTensor {
    private final INDArray array;

    /** Wraps an array the new tensor takes ownership of; registers it with the innermost scope. */
    Nd4jTensor(Nd4jBackend backend, INDArray array, Shape shape, DType dtype) {
        super(backend, shape, dtype);
        this.array = array;
    }

    /** Returns the array, to read in an op; it must not escape into another tensor. */
    INDArray array() {
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
        Nd4jArrays.recycle(array);
    }
}
