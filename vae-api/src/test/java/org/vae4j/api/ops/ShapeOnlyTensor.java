package org.vae4j.api.ops;

import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/** A tensor with a shape and dtype but no data or backend, for testing shape rules. */
record ShapeOnlyTensor(Shape shape, DType dtype) implements Tensor {

    static Tensor f32(int... dims) {
        return new ShapeOnlyTensor(Shape.of(dims), DType.FLOAT32);
    }

    static Tensor f64(int... dims) {
        return new ShapeOnlyTensor(Shape.of(dims), DType.FLOAT64);
    }

    @Override
    public Backend backend() {
        throw new UnsupportedOperationException();
    }

    @Override
    public float[] toFloats() {
        throw new UnsupportedOperationException();
    }

    @Override
    public double[] toDoubles() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public void close() {}
}
