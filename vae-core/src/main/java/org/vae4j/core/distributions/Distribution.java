package org.vae4j.core.distributions;

import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Variable;

/**
 * A batch of probability distributions with factorised events, after PyTorch's {@code
 * torch.distributions} contract. Parameters have shape {@code batchShape ++ eventShape}; a sample
 * of sample shape {@code S} has shape {@code S ++ batchShape ++ eventShape}; {@link #logProb} and
 * {@link #entropy} sum over the event axes.
 */
public interface Distribution {

    /** Returns the shape of the batch of independent distributions. */
    Shape batchShape();

    /** Returns the shape of one event (one draw of one distribution). */
    Shape eventShape();

    /** Returns whether {@link #rsample} is available (the reparameterisation trick). */
    default boolean hasRsample() {
        return false;
    }

    /**
     * Draws a differentiable sample {@code g(params, noise)} with noise from {@code rng} (Kingma
     * &amp; Welling 2014, section 2.4).
     *
     * @throws UnsupportedOperationException if {@link #hasRsample()} is false
     */
    default Variable rsample(Shape sampleShape, Rng rng) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName()
                        + " has no reparameterised sampler; use sample(), which is not"
                        + " differentiable");
    }

    /** Draws a sample without recording a graph. */
    Tensor sample(Shape sampleShape, Rng rng);

    /**
     * Returns {@code log p(x)} summed over the event axes; {@code x} broadcasts against the
     * parameters, so a sample with leading sample axes gives one value per sample and batch entry.
     */
    Variable logProb(Variable x);

    /** Returns the mean, of shape {@code batchShape ++ eventShape}. */
    Variable mean();

    /** Returns the entropy summed over the event axes, of shape {@code batchShape}. */
    Variable entropy();

    /**
     * Returns the same distribution with every element its own event (event rank 0), so that {@link
     * #logProb} and KL divergences come per element; free bits use it for per-dimension KL.
     *
     * @throws UnsupportedOperationException if the elements are not independent
     */
    default Distribution elementwise() {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " does not factorise into independent elements");
    }
}
