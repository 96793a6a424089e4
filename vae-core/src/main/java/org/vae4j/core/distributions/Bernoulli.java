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
 *
 * <p>The logits' finiteness check ({@link Validation}) runs when they are first used. The fused
 * log-likelihood is not finite wherever a logit is not, so {@link #logProb} checks its own result,
 * one number a row, and reads the logits only when that is not finite: the importance-sampled
 * evaluation's logits are millions of numbers a chunk, and a whole pass over them went to the
 * check.
 */
public final class Bernoulli extends Factorized {
    private final Variable logits;
    private volatile boolean unchecked;

    private Bernoulli(Variable logits, int eventRank, boolean validate) {
        super(logits.shape(), eventRank);
        this.logits = logits;
        this.unchecked = validate;
    }

    /** The logits, checked first when their check is still owed. */
    private Variable checked() {
        if (unchecked) {
            Validation.finite("Bernoulli", "logits", logits);
            unchecked = false;
        }
        return logits;
    }

    @Override
    public Bernoulli elementwise() {
        return new Bernoulli(checked(), 0, false);
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
        return checked();
    }

    /** Returns the probabilities of 1. */
    public Variable probs() {
        return checked().sigmoid();
    }

    /**
     * {@code sum(x * l - softplus(l))}; over a one-axis event with {@code x} broadcasting to the
     * logits, the backend's fused kernel ({@link Fused#bernoulliLogLikelihood}).
     */
    @Override
    public Variable logProb(Variable x) {
        if (eventRank() == 1 && OpShapes.broadcastsTo(x.shape(), logits.shape())) {
            Variable logProb = Fused.bernoulliLogLikelihood(logits, x);
            if (unchecked && !Validation.allFinite(logProb)) {
                checked(); // names the first logit that is not finite, if one is
            }
            unchecked = false;
            return logProb;
        }
        Variable l = checked();
        return sumEvent(x.mul(l).sub(l.softplus()));
    }

    @Override
    public Variable mean() {
        return probs();
    }

    /** {@code sum(softplus(l) - l * sigmoid(l))}. */
    @Override
    public Variable entropy() {
        Variable l = checked();
        return sumEvent(l.softplus().sub(l.mul(l.sigmoid())));
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
