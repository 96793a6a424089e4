package org.vae4j.core.nn;

import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * Where and how new parameters are made: the backend, the dtype, and the random stream their
 * initial values come from. Values are drawn in Java, so one seed gives the same initial model on
 * every backend. Parameters are created outside every scope.
 *
 * <pre>{@code
 * Init init = Init.on(backend, DType.FLOAT32, Rng.seeded(42));
 * Linear fc = new Linear(init, 784, 400);
 * }</pre>
 *
 * @param backend where parameters live
 * @param dtype their element type
 * @param rng the stream initial values are drawn from (advanced as parameters are made)
 */
public record Init(Backend backend, DType dtype, Rng rng) {

    /** Returns an initialiser. */
    public static Init on(Backend backend, DType dtype, Rng rng) {
        return new Init(backend, dtype, rng);
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

    private Parameter own(String name, java.util.function.Supplier<Tensor> make) {
        try (Scope scope = backend.openScope()) {
            return new Parameter(name, scope.detach(make.get()));
        }
    }
}
