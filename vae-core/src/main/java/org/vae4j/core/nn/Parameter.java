package org.vae4j.core.nn;

import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Variable;

/**
 * A trainable tensor: it lives outside every scope (until its module is closed) and is updated in
 * place by optimizers, so its {@link #variable()} is the same leaf in every step and gradients can
 * be looked up by it.
 */
public final class Parameter implements AutoCloseable {
    private final Tensor value;
    private final Variable variable;

    /** Wraps a tensor that belongs to no scope; the parameter owns it from now on. */
    Parameter(String name, Tensor value) {
        this.value = value;
        this.variable = Variable.leaf(value, name);
    }

    /** Returns the tensor, updated in place by training. */
    public Tensor value() {
        return value;
    }

    /** Returns the leaf variable that stands for this parameter in computations. */
    public Variable variable() {
        return variable;
    }

    /** Returns the parameter's local name (for example {@code weight}). */
    public String name() {
        return variable.name();
    }

    /** Returns the shape. */
    public Shape shape() {
        return value.shape();
    }

    /** Frees the tensor. */
    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "Parameter[" + name() + ", " + value + "]";
    }
}
