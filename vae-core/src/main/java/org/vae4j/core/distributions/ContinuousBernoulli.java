package org.vae4j.core.distributions;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;

/**
 * The continuous Bernoulli distribution on {@code [0, 1]} (Loaiza-Ganem &amp; Cunningham, <i>The
 * continuous Bernoulli: fixing a pervasive error in variational autoencoders</i>, NeurIPS 2019):
 * the properly normalised likelihood for grey pixels, {@code p(x) = C(l) e^{x l} / (1 + e^l)} with
 * logits {@code l} and normalising constant {@code C(l) = l / tanh(l/2)}.
 *
 * <p>Near {@code l = 0} the closed forms cancel catastrophically, so inside {@code |l| < }{@link
 * #TAYLOR_CUT} they are replaced by their Taylor series; the closed forms are evaluated at a safe
 * input there, so that neither branch produces NaN values or gradients.
 */
public final class ContinuousBernoulli extends Factorized {
    /** Below this |logit|, Taylor series replace the closed forms. */
    public static final double TAYLOR_CUT = 0.1;

    /** Below minus this logit, the mean is {@code -1/l} (its closed form would overflow). */
    public static final double SATURATION_CUT = 50;

    private static final double LOG_2 = Math.log(2);

    /**
     * {@code x l - softplus(l) + log C(l)} over (x, l) as one elementwise expression: the ops of
     * {@link #logNormalizer} and of the linear terms, in their order, in one pass.
     */
    private static final Elementwise LOG_DENSITY;

    static {
        Elementwise.Builder b = Elementwise.builder(2);
        Term l = b.input(1);
        Term near = l.abs().greater(TAYLOR_CUT).neg().add(1);
        Term safe = b.where(near, b.constant(TAYLOR_CUT), l);
        Term exact = safe.abs().log().sub(safe.mul(0.5).tanh().abs().log());
        Term l2 = l.square();
        Term taylor = l2.mul(1.0 / 12).sub(l2.square().mul(7.0 / 1440)).add(LOG_2);
        Term logC = b.where(near, taylor, exact);
        LOG_DENSITY = b.build(b.input(0).mul(l).sub(l.softplus()).add(logC));
    }

    private final Variable logits;

    /** Continuous Bernoullis with the given logits; the last axis is the event. */
    public ContinuousBernoulli(Variable logits) {
        this(logits, 1);
    }

    /** Continuous Bernoullis with the given logits and event rank. */
    public ContinuousBernoulli(Variable logits, int eventRank) {
        this(logits, eventRank, true);
    }

    private ContinuousBernoulli(Variable logits, int eventRank, boolean validate) {
        super(logits.shape(), eventRank);
        if (validate) {
            Validation.finite("ContinuousBernoulli", "logits", logits);
        }
        this.logits = logits;
    }

    @Override
    public ContinuousBernoulli elementwise() {
        return new ContinuousBernoulli(logits, 0, false);
    }

    /** Returns the logits. */
    public Variable logits() {
        return logits;
    }

    private Variable nearZero() {
        return logits.abs().greater(TAYLOR_CUT).neg().add(1);
    }

    /** The logits with the near-zero entries replaced by the cut, for the closed forms. */
    private Variable safeLogits(Variable nearZero) {
        return Variable.where(nearZero, logits.scalar(TAYLOR_CUT), logits);
    }

    /**
     * {@code log C(l) = log|l| - log|tanh(l/2)|}, or {@code log 2 + l^2/12 - 7 l^4/1440} near 0.
     */
    public Variable logNormalizer() {
        Variable near = nearZero();
        Variable safe = safeLogits(near);
        Variable exact = safe.abs().log().sub(safe.mul(0.5).tanh().abs().log());
        Variable l2 = logits.square();
        Variable taylor = l2.mul(1.0 / 12).sub(l2.square().mul(7.0 / 1440)).add(LOG_2);
        return Variable.where(near, taylor, exact);
    }

    /** {@code sum(x l - softplus(l) + log C(l))}. */
    @Override
    public Variable logProb(Variable x) {
        return sumEventOf(LOG_DENSITY, x, logits);
    }

    /**
     * {@code 1 / (1 - e^{-l}) - 1 / l}, or {@code 1/2 + l/12 - l^3/720} near 0, or {@code -1/l}
     * below {@code -}{@link #SATURATION_CUT}, where the first term (about {@code -e^l}) is below
     * 1e-21 of the second and {@code e^{-l}} would overflow float32 and make the gradient NaN.
     */
    @Override
    public Variable mean() {
        Variable near = nearZero();
        Variable safe = safeLogits(near);
        Variable one = logits.scalar(1);
        Variable bounded = safe.maximum(-SATURATION_CUT);
        Variable exact = one.div(bounded.neg().exp().neg().add(1)).sub(one.div(bounded));
        Variable tail = one.div(safe.neg().maximum(SATURATION_CUT));
        Variable taylor =
                logits.mul(1.0 / 12).sub(logits.square().mul(logits).mul(1.0 / 720)).add(0.5);
        Variable saturated = logits.neg().greater(SATURATION_CUT);
        return Variable.where(near, taylor, Variable.where(saturated, tail, exact));
    }

    /** {@code -sum(l * mean - softplus(l) + log C(l))}. */
    @Override
    public Variable entropy() {
        return sumEvent(logits.mul(mean()).sub(logits.softplus()).add(logNormalizer()).neg());
    }

    /**
     * Draws by the inverse CDF: {@code 1 + log(u + (1-u) e^{-l}) / l} for positive logits, {@code
     * log(1 - u + u e^l) / l} for negative ones (both free of overflow), and {@code u + u (1-u) l /
     * 2} near 0.
     */
    @Override
    public Tensor sample(Shape sampleShape, Rng rng) {
        try (NoGrad off = NoGrad.enter()) {
            Variable u =
                    Variable.constant(
                            rng.uniform(logits.backend(), extended(sampleShape), logits.dtype()));
            Variable near = nearZero();
            Variable safe = safeLogits(near);
            Variable positive = safe.greater(0);
            Variable oneMinusU = u.neg().add(1);
            Variable up = u.add(oneMinusU.mul(safe.neg().exp())).log().div(safe).add(1);
            Variable down = oneMinusU.add(u.mul(safe.exp())).log().div(safe);
            Variable exact = Variable.where(positive, up, down);
            Variable taylor = u.add(u.mul(oneMinusU).mul(logits).mul(0.5));
            return Variable.where(near, taylor, exact).value();
        }
    }
}
