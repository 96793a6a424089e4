package org.vae4j.core.distributions;

import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;

/**
 * Independent Bernoulli variables parameterised by logits: the likelihood {@code p(x|z)} for binary
 * (or grey, in [0, 1]) pixels. {@code log p(x) = x * l - softplus(l)}, the stable form of binary
 * cross-entropy with logits, which stays finite for any logit.
 */
public final class Bernoulli extends Factorized {
    private final Variable logits;

    private Bernoulli(Variable logits, int eventRank, boolean validate) {
        super(logits.shape(), eventRank);
        if (validate) {
            Validation.finite("Bernoulli", "logits", logits);
        }
        this.logits = logits;
    }

    @Override
    public Bernoulli elementwise() {
        return new Bernoulli(logits, 0, false);
    }

    /** Bernoullis with the given logits; the last axis is the event. */
    public static Bernoulli ofLogits(Variable logits) {
        return new Bernoulli(logits, 1, true);
    }

    /** Bernoullis with the given logits and event rank. */
    public static Bernoulli ofLogits(Variable logits, int eventRank) {
        return new Bernoulli(logits, eventRank, true);
    }

    /** Bernoullis with the given probabilities, converted to logits {@code log p - log(1-p)}. */
    public static Bernoulli ofProbs(Variable probs) {
        return new Bernoulli(probs.log().sub(probs.neg().log1p()), 1, true);
    }

    /** Returns the logits. */
    public Variable logits() {
        return logits;
    }

    /** Returns the probabilities of 1. */
    public Variable probs() {
        return logits.sigmoid();
    }

    /**
     * {@code sum(x * l - softplus(l))}; over a one-axis event with {@code x} broadcasting to the
     * logits, the backend's fused kernel ({@link Fused#bernoulliLogLikelihood}).
     */
    @Override
    public Variable logProb(Variable x) {
        if (eventRank() == 1 && OpShapes.broadcastsTo(x.shape(), logits.shape())) {
            return Fused.bernoulliLogLikelihood(logits, x);
        }
        return sumEvent(x.mul(logits).sub(logits.softplus()));
    }

    @Override
    public Variable mean() {
        return probs();
    }

    /** {@code sum(softplus(l) - l * sigmoid(l))}. */
    @Override
    public Variable entropy() {
        return sumEvent(logits.softplus().sub(logits.mul(logits.sigmoid())));
    }

    /** Draws 0/1 values: 1 where a uniform draw falls below the probability. */
    @Override
    public Tensor sample(Shape sampleShape, Rng rng) {
        try (NoGrad off = NoGrad.enter()) {
            Variable u =
                    Variable.constant(
                            rng.uniform(logits.backend(), extended(sampleShape), logits.dtype()));
            return probs().greater(u).value();
        }
    }
}
