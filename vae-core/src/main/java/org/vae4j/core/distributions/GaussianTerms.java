package org.vae4j.core.distributions;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.Variable;

/**
 * The Gaussians' elementwise terms as expressions ({@link Fused#elementwise}, summed over the event
 * axes by {@link Factorized#sumEventOf}): one pass over memory each instead of one per op, the same
 * ops in the same order as written out, so the same values.
 */
final class GaussianTerms {
    /** {@code -1/2 (log 2 pi + logVar + (x - mean)^2 / exp(logVar))} over (x, mean, logVar). */
    static final Elementwise LOG_DENSITY;

    /** {@code -1/2 (log 2 pi + x^2)} over x. */
    static final Elementwise STANDARD_LOG_DENSITY;

    /** {@code mean + exp(logVar / 2) * eps} over (mean, logVar, eps). */
    private static final Elementwise REPARAMETERIZED;

    /** {@code -1/2 (1 + logVar - mean^2 - exp(logVar))} over (mean, logVar). */
    static final Elementwise KL_TO_STANDARD;

    static {
        Elementwise.Builder b = Elementwise.builder(3);
        Term lv = b.input(2);
        LOG_DENSITY =
                b.build(
                        b.input(0)
                                .sub(b.input(1))
                                .square()
                                .mul(lv.neg().exp())
                                .add(lv)
                                .add(DiagonalGaussian.LOG_2PI)
                                .mul(-0.5));
        b = Elementwise.builder(1);
        STANDARD_LOG_DENSITY = b.build(b.input(0).square().add(DiagonalGaussian.LOG_2PI).mul(-0.5));
        b = Elementwise.builder(3);
        REPARAMETERIZED = b.build(b.input(0).add(b.input(1).mul(0.5).exp().mul(b.input(2))));
        b = Elementwise.builder(2);
        Term logVar = b.input(1);
        KL_TO_STANDARD =
                b.build(logVar.add(1).sub(b.input(0).square()).sub(logVar.exp()).mul(-0.5));
    }

    private GaussianTerms() {}

    static Variable reparameterized(Variable mean, Variable logVar, Variable eps) {
        return Fused.elementwise(REPARAMETERIZED, mean, logVar, eps);
    }
}
