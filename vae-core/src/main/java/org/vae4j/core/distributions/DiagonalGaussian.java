package org.vae4j.core.distributions;

import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * A Gaussian with diagonal covariance, {@code N(mean, diag(exp(logVar)))}: the approximate
 * posterior {@code q(z|x)} of Kingma &amp; Welling, <i>Auto-Encoding Variational Bayes</i> (ICLR
 * 2014), and a likelihood for real-valued data. Parameterised by the log-variance so that an
 * encoder's unconstrained output can be used directly. {@link #rsample} is the paper's
 * reparameterisation {@code z = mean + sigma * eps}, {@code eps ~ N(0, I)}.
 *
 * <p>The log-variance is held within {@code [-}{@link #LOG_VAR_LIMIT}{@code , }{@link
 * #LOG_VAR_LIMIT}{@code ]} (standard deviations from about 3e-7 to 3.3e6), so that a saturated
 * encoder output cannot overflow {@code exp} in float32 and make the KL or the log-density
 * infinite. Values inside the range are used unchanged, bit for bit; a value beyond it is replaced
 * by the bound, and its gradient is the one at the bound (passed straight through, not zeroed), so
 * training can pull it back.
 */
public final class DiagonalGaussian extends Factorized {
    static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * The largest magnitude of a log-variance: {@code exp(2 * 30)} times a million elements stays
     * far below float32's largest value, so sums of variances and their ratios stay finite.
     */
    public static final double LOG_VAR_LIMIT = 30;

    private final Variable mean;
    private final Variable logVar;

    /** A batch of Gaussians whose last axis is the event. */
    public DiagonalGaussian(Variable mean, Variable logVar) {
        this(mean, logVar, 1);
    }

    /**
     * A batch of Gaussians.
     *
     * @param mean the means
     * @param logVar the log-variances, same shape as {@code mean}
     * @param eventRank how many trailing axes form one event
     */
    public DiagonalGaussian(Variable mean, Variable logVar, int eventRank) {
        this(mean, logVar, eventRank, true);
    }

    /** {@code fresh}: the parameters come from the caller, so validate and limit them. */
    private DiagonalGaussian(Variable mean, Variable logVar, int eventRank, boolean fresh) {
        super(mean.shape(), eventRank);
        Validation.shape("DiagonalGaussian", "logVar", logVar, mean.shape());
        if (fresh) {
            Validation.finite("DiagonalGaussian", "mean", mean);
            Validation.finite("DiagonalGaussian", "logVar", logVar);
        }
        this.mean = mean;
        this.logVar = fresh ? LogScaleLimit.apply(logVar, LOG_VAR_LIMIT) : logVar;
    }

    @Override
    public DiagonalGaussian elementwise() {
        return new DiagonalGaussian(mean, logVar, 0, false);
    }

    /** Returns the log-variance, held within {@code [-LOG_VAR_LIMIT, LOG_VAR_LIMIT]}. */
    public Variable logVar() {
        return logVar;
    }

    /** Returns the standard deviation {@code exp(logVar / 2)}. */
    public Variable stddev() {
        return logVar.mul(0.5).exp();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Variable rsample(Shape sampleShape, Rng rng) {
        return reparameterize(
                Variable.constant(rng.normal(mean.backend(), extended(sampleShape), mean.dtype())));
    }

    /**
     * Returns {@code mean + stddev * eps}: the samples {@link #rsample} makes of standard normal
     * noise {@code eps} drawn elsewhere (shaped sample shape, then the parameters' shape), for
     * callers that draw each example's noise from a stream of its own.
     */
    public Variable reparameterize(Variable eps) {
        return GaussianTerms.reparameterized(mean, logVar, eps);
    }

    /** {@code -1/2 sum(log 2 pi + logVar + (x - mean)^2 / exp(logVar))}. */
    @Override
    public Variable logProb(Variable x) {
        return sumEventOf(GaussianTerms.LOG_DENSITY, x, mean, logVar);
    }

    @Override
    public Variable mean() {
        return mean;
    }

    /** {@code 1/2 sum(1 + log 2 pi + logVar)}. */
    @Override
    public Variable entropy() {
        return sumEvent(logVar.add(1 + LOG_2PI).mul(0.5));
    }
}
