package org.vae4j.core.nn;

import java.util.Objects;
import java.util.function.Supplier;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * Where and how new parameters are made: the backend, the dtype, the random stream their initial
 * values come from, and the scheme layers draw their weights and biases by. Values are drawn in
 * Java, so one seed gives the same initial model on every backend. Parameters are created outside
 * every scope.
 *
 * <pre>{@code
 * Init init = Init.on(backend, DType.FLOAT32, Rng.seeded(42)).with(InitScheme.GLOROT);
 * Linear fc = new Linear(init, 784, 400);
 * }</pre>
 *
 * @param backend where parameters live
 * @param dtype their element type
 * @param rng the stream initial values are drawn from (advanced as parameters are made)
 * @param scheme how layers draw their weights and biases
 */
public record Init(Backend backend, DType dtype, Rng rng, InitScheme scheme) {

    /** Requires a scheme. */
    public Init {
        Objects.requireNonNull(scheme, "scheme");
    }

    /** Returns an initialiser with PyTorch's layer defaults ({@link InitScheme#TORCH}). */
    public static Init on(Backend backend, DType dtype, Rng rng) {
        return new Init(backend, dtype, rng, InitScheme.TORCH);
    }

    /** Returns this initialiser with another scheme, drawing from the same stream. */
    public Init with(InitScheme other) {
        return new Init(backend, dtype, rng, other);
    }

    /**
     * A layer's weight of the given shape ({@code [out, in]}, {@code [out, in, k, k]}, ...), drawn
     * by the {@link #scheme()}.
     */
    public Parameter weight(String name, Shape shape) {
        return scheme.weight(this, name, shape);
    }

    /** The bias of {@code size} outputs for a weight of shape {@code weight}, by the scheme. */
    public Parameter bias(String name, int size, Shape weight) {
        return scheme.bias(this, name, size, weight);
    }

    /** A parameter drawn uniformly from {@code [-bound, bound)}. */
    public Parameter uniform(String name, Shape shape, double bound) {
        double[] u = rng.uniforms(shape.sizeAsInt());
        for (int i = 0; i < u.length; i++) {
            u[i] = (2 * u[i] - 1) * bound;
        }
        return fromDoubles(name, shape, u);
    }

    /** A parameter drawn from a normal distribution with mean 0. */
    public Parameter normal(String name, Shape shape, double std) {
        double[] z = rng.normals(shape.sizeAsInt());
        for (int i = 0; i < z.length; i++) {
            z[i] *= std;
        }
        return fromDoubles(name, shape, z);
    }

    /** A parameter filled with one value. */
    public Parameter constant(String name, Shape shape, double value) {
        return own(name, () -> backend.full(shape, value, dtype));
    }

    /**
     * Glorot/Xavier uniform for a {@code [out, in]} weight: bound {@code sqrt(6 / (in + out))}
     * (Glorot &amp; Bengio 2010).
     */
    public Parameter glorotUniform(String name, int in, int out) {
        return uniform(name, Shape.of(out, in), Math.sqrt(6.0 / (in + out)));
    }

    private Parameter fromDoubles(String name, Shape shape, double[] values) {
        if (dtype == DType.FLOAT64) {
            return own(name, () -> backend.fromDoubles(values, shape));
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return own(name, () -> backend.fromFloats(f, shape));
    }

    private Parameter own(String name, Supplier<Tensor> make) {
        try (Scope scope = backend.openScope()) {
            return new Parameter(name, scope.detach(make.get()));
        }
    }
}
