package org.vae4j.api.support;

import java.util.concurrent.atomic.AtomicBoolean;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The base of a backend's tensor handle: shape, dtype, idempotent close, and membership of the
 * innermost scope open on the creating thread (the constructor registers the new tensor there). A
 * subclass holds the native array and frees it in {@link #release()}.
 */
public abstract class AbstractTensor implements Tensor {
    private final AbstractBackend<?> backend;
    private final Shape shape;
    private final DType dtype;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The scope that frees this tensor, or null; confined to the scope's thread. */
    TrackingScope owner;

    /**
     * Registers the new tensor with its backend's live count and innermost scope.
     *
     * @throws IllegalStateException if the innermost scope is sealed
     */
    protected AbstractTensor(AbstractBackend<?> backend, Shape shape, DType dtype) {
        this.backend = backend;
        this.shape = shape;
        this.dtype = dtype;
        backend.register(this);
    }

    @Override
    public final AbstractBackend<?> backend() {
        return backend;
    }

    @Override
    public final Shape shape() {
        return shape;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final float[] toFloats() {
        checkOpen();
        return copyFloats();
    }

    @Override
    public final double[] toDoubles() {
        checkOpen();
        return copyDoubles();
    }

    /** Copies the values out as floats; the tensor is open. */
    protected abstract float[] copyFloats();

    /** Copies the values out as doubles; the tensor is open. */
    protected abstract double[] copyDoubles();

    /** Frees the native memory; called once, by {@link #close()}. */
    protected abstract void release();

    @Override
    public final boolean isClosed() {
        return closed.get();
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                release();
            } finally {
                backend.unregister();
            }
        }
    }

    /** Throws {@link IllegalStateException} naming this tensor if it is closed. */
    public final void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(
                    this + " is closed; keep it out of its scope with Scope.keep to use it later");
        }
    }

    /** Returns for example {@code Tensor[nd4j cpu, float32, [2, 3]]}. */
    @Override
    public String toString() {
        return "Tensor["
                + backend.name()
                + " "
                + backend.device()
                + ", "
                + dtype
                + ", "
                + shape
                + (closed.get() ? ", closed" : "")
                + "]";
    }
}
