package org.vae4j.core.distributions;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * Independent Laplace variables {@code Laplace(loc, exp(logScale))}: a heavy-tailed likelihood for
 * real-valued data (an L1 reconstruction loss with a learned scale). Parameterised by the log scale
 * so that network outputs can be used directly.
 *
 * <p>The log scale is held within {@code [-}{@link #LOG_SCALE_LIMIT}{@code , }{@link
 * #LOG_SCALE_LIMIT}{@code ]}, the range of scales {@link DiagonalGaussian} allows its standard
 * deviation, so that {@code exp} cannot overflow in float32. Values inside the range are used
 * unchanged, bit for bit; a value beyond it is replaced by the bound, and its gradient is the one
 * at the bound (passed straight through, not zeroed).
 */
public final class Laplace extends Factorized {
    /** The largest magnitude of a log scale: half {@link DiagonalGaussian#LOG_VAR_LIMIT}. */
    public static final double LOG_SCALE_LIMIT = DiagonalGaussian.LOG_VAR_LIMIT / 2;

    private static final double LOG_2 = Math.log(2);

    /** {@code -(|x - loc| / exp(logScale) + logScale + log 2)} over (x, loc, logScale). */
    private static final Elementwise LOG_DENSITY;

    static {
        Elementwise.Builder b = Elementwise.builder(3);
        Term s = b.input(2);
        LOG_DENSITY =
                b.build(
                        b.input(0)
                                .sub(b.input(1))
                                .abs()
                                .mul(s.neg().exp())
                                .add(s)
                                .add(LOG_2)
                                .neg());
    }

    private final Variable loc;
    private final Variable logScale;

    /** Laplace variables whose last axis is the event. */
    public Laplace(Variable loc, Variable logScale) {
        this(loc, logScale, 1);
    }

    /**
     * Laplace variables with the given event rank; {@code logScale} has the shape of {@code loc}.
     */
    public Laplace(Variable loc, Variable logScale, int eventRank) {
        this(loc, logScale, eventRank, true);
    }

    /** {@code fresh}: the parameters come from the caller, so validate and limit them. */
    private Laplace(Variable loc, Variable logScale, int eventRank, boolean fresh) {
        super(loc.shape(), eventRank);
        Validation.shape("Laplace", "logScale", logScale, loc.shape());
        if (fresh) {
            Validation.finite("Laplace", "loc", loc);
            Validation.finite("Laplace", "logScale", logScale);
        }
        this.loc = loc;
        this.logScale = fresh ? LogScaleLimit.apply(logScale, LOG_SCALE_LIMIT) : logScale;
    }

    @Override
    public Laplace elementwise() {
        return new Laplace(loc, logScale, 0, false);
    }

    /** Returns the log of the scale, held within {@code [-LOG_SCALE_LIMIT, LOG_SCALE_LIMIT]}. */
    public Variable logScale() {
        return logScale;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /**
     * {@code loc - scale * sign(u) * log(1 - 2|u|)} with {@code u} uniform in {@code (-1/2, 1/2)}:
     * the inverse CDF, differentiable in both parameters.
     */
    @Override
    public Variable rsample(Shape sampleShape, Rng rng) {
        Variable u =
                Variable.constant(rng.uniform(loc.backend(), extended(sampleShape), loc.dtype()))
                        .sub(0.5);
        Variable sign = u.greater(0).sub(u.neg().greater(0));
        Variable magnitude = u.abs().mul(-2).log1p();
        return loc.sub(logScale.exp().mul(sign).mul(magnitude));
    }

    /** {@code sum(-log 2 - logScale - |x - loc| / scale)}. */
    @Override
    public Variable logProb(Variable x) {
        return sumEventOf(LOG_DENSITY, x, loc, logScale);
    }

    @Override
    public Variable mean() {
        return loc;
    }

    /** {@code sum(1 + log 2 + logScale)}. */
    @Override
    public Variable entropy() {
        return sumEvent(logScale.add(1 + LOG_2));
    }
}
