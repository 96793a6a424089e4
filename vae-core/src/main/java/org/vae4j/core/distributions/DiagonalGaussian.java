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
 */
public final class DiagonalGaussian extends Factorized {
    static final double LOG_2PI = Math.log(2 * Math.PI);

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

    private DiagonalGaussian(Variable mean, Variable logVar, int eventRank, boolean validate) {
        super(mean.shape(), eventRank);
        Validation.shape("DiagonalGaussian", "logVar", logVar, mean.shape());
        if (validate) {
            Validation.finite("DiagonalGaussian", "mean", mean);
            Validation.finite("DiagonalGaussian", "logVar", logVar);
        }
        this.mean = mean;
        this.logVar = logVar;
    }

    @Override
    public DiagonalGaussian elementwise() {
        return new DiagonalGaussian(mean, logVar, 0, false);
    }

    /** Returns the log-variance. */
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
        Variable eps =
                Variable.constant(rng.normal(mean.backend(), extended(sampleShape), mean.dtype()));
        return mean.add(stddev().mul(eps));
    }

    /** {@code -1/2 sum(log 2 pi + logVar + (x - mean)^2 / exp(logVar))}. */
    @Override
    public Variable logProb(Variable x) {
        Variable scaled = x.sub(mean).square().mul(logVar.neg().exp());
        return sumEvent(scaled.add(logVar).add(LOG_2PI).mul(-0.5));
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
