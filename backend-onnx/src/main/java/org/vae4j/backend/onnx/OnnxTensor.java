package org.vae4j.backend.onnx;

import org.vae4j.api.support.AbstractTensor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * A symbolic tensor of the {@link OnnxBackend}: the name of a value in the recorded graph, with the
 * shape and dtype the value has at the example batch size. It holds no numbers, so {@link
 * #toFloats()} and {@link #toDoubles()} throw.
 */
final class OnnxTensor extends AbstractTensor {
    private final String valueName;

    OnnxTensor(OnnxBackend backend, String valueName, Shape shape, DType dtype) {
        super(backend, shape, dtype);
        this.valueName = valueName;
    }

    /** Returns the name of the graph value this tensor stands for. */
    String valueName() {
        return valueName;
    }

    @Override
    protected float[] copyFloats() {
        throw noValues();
    }

    @Override
    protected double[] copyDoubles() {
        throw noValues();
    }

    private UnsupportedOperationException noValues() {
        return new UnsupportedOperationException(
                this
                        + " is symbolic and holds no values: the onnx backend records a graph"
                        + " instead of computing (it lacks Capability.READ_VALUES); run the"
                        + " exported model with OnnxRunner to get numbers");
    }

    @Override
    protected void release() {
        // Nothing to free: the graph keeps what it recorded.
    }
}
