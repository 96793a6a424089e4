package org.vae4j.core.distributions;

import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * The standard normal {@code N(0, I)} over events of a given shape: the VAE's prior {@code p(z)}.
 * Its batch shape is empty, so it broadcasts against any batch of latent codes.
 */
public final class StandardNormal extends Factorized {
    private final Backend backend;
    private final DType dtype;
    private final Shape shape;

    /** The standard normal over vectors of {@code dim} elements. */
    public StandardNormal(Backend backend, DType dtype, int dim) {
        this(backend, dtype, Shape.of(dim));
    }

    /** The standard normal over events of the given shape. */
    public StandardNormal(Backend backend, DType dtype, Shape event) {
        this(backend, dtype, event, event.rank());
    }

    private StandardNormal(Backend backend, DType dtype, Shape shape, int eventRank) {
        super(shape, eventRank);
        this.backend = backend;
        this.dtype = dtype;
        this.shape = shape;
    }

    @Override
    public StandardNormal elementwise() {
        return new StandardNormal(backend, dtype, shape, 0);
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Variable rsample(Shape sampleShape, Rng rng) {
        return Variable.constant(rng.normal(backend, extended(sampleShape), dtype));
    }

    /** {@code -1/2 sum(log 2 pi + x^2)}. */
    @Override
    public Variable logProb(Variable x) {
        return sumEventOf(GaussianTerms.STANDARD_LOG_DENSITY, x);
    }

    @Override
    public Variable mean() {
        return Variable.constant(backend.zeros(shape, dtype));
    }

    @Override
    public Variable entropy() {
        double perElement = 0.5 * (1 + DiagonalGaussian.LOG_2PI);
        return Variable.constant(
                backend.full(batchShape(), perElement * eventShape().size(), dtype));
    }
}
