package org.vae4j.backend.reference;

import org.vae4j.api.Capability;
import org.vae4j.api.support.AbstractTensor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * A tensor of the {@link ReferenceBackend}: row-major {@code double[]} storage. A float32 tensor's
 * values are rounded to float when it is made (and by {@link #overwrite}), so every float32 result
 * behaves as if it had been stored in single precision.
 */
public final class ReferenceTensor extends AbstractTensor {
    private final ReferenceBackend owner;
    private final double[] data;

    /** Takes ownership of {@code values}, rounding them to float for float32. */
    ReferenceTensor(ReferenceBackend backend, Shape shape, DType dtype, double[] values) {
        super(backend, shape, dtype);
        this.owner = backend;
        this.data = values;
        if (dtype == DType.FLOAT32) {
            roundToFloat(data);
        }
        owner.allocated(bytes());
    }

    /** The storage itself, for the backend's ops; never handed out. */
    double[] data() {
        return data;
    }

    /** Replaces the values with those of another tensor of the same shape and dtype. */
    void overwrite(ReferenceTensor value) {
        System.arraycopy(value.data, 0, data, 0, data.length);
    }

    private long bytes() {
        return (long) data.length * dtype().byteSize();
    }

    @Override
    protected float[] copyFloats() {
        requireReadable();
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    @Override
    protected double[] copyDoubles() {
        requireReadable();
        return data.clone();
    }

    private void requireReadable() {
        if (!owner.supports(Capability.READ_VALUES)) {
            throw new UnsupportedOperationException(
                    "this " + owner + " was made without Capability.READ_VALUES");
        }
    }

    @Override
    protected void release() {
        owner.allocated(-bytes());
    }

    /** Rounds every value to the nearest float, in place. */
    static void roundToFloat(double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) values[i];
        }
    }
}
