package org.vae4j.core.distributions;

import java.util.List;
import org.vae4j.core.autograd.Variable;

/** The closed-form KL divergences vae4j registers with {@link Kl}, each summed over the event. */
final class AnalyticKl {
    private AnalyticKl() {}

    static void registerAll() {
        Kl.register(DiagonalGaussian.class, StandardNormal.class, AnalyticKl::gaussianToStandard);
        Kl.register(DiagonalGaussian.class, DiagonalGaussian.class, AnalyticKl::gaussians);
        Kl.register(StandardNormal.class, DiagonalGaussian.class, AnalyticKl::standardToGaussian);
        Kl.register(StandardNormal.class, StandardNormal.class, AnalyticKl::zero);
        Kl.register(Bernoulli.class, Bernoulli.class, AnalyticKl::bernoullis);
        Kl.register(Laplace.class, Laplace.class, AnalyticKl::laplaces);
        Kl.register(ContinuousBernoulli.class, ContinuousBernoulli.class, AnalyticKl::continuous);
        registerSupportMismatches();
    }

    /**
     * {@code -1/2 sum(1 + logVar - mean^2 - exp(logVar))} (Kingma &amp; Welling 2014, appendix B).
     */
    static Variable gaussianToStandard(DiagonalGaussian q, StandardNormal p) {
        return q.sumEventOf(GaussianTerms.KL_TO_STANDARD, q.mean(), q.logVar());
    }

    /** {@code 1/2 sum(lv_p - lv_q + (exp(lv_q) + (mu_q - mu_p)^2) / exp(lv_p) - 1)}. */
    static Variable gaussians(DiagonalGaussian q, DiagonalGaussian p) {
        Variable spread = q.logVar().exp().add(q.mean().sub(p.mean()).square());
        Variable ratio = spread.mul(p.logVar().neg().exp());
        return q.sumEvent(p.logVar().sub(q.logVar()).add(ratio).sub(1).mul(0.5));
    }

    /** {@code 1/2 sum(lv_p + (1 + mu_p^2) / exp(lv_p) - 1)}. */
    static Variable standardToGaussian(StandardNormal q, DiagonalGaussian p) {
        Variable ratio = p.mean().square().add(1).mul(p.logVar().neg().exp());
        return p.sumEvent(p.logVar().add(ratio).sub(1).mul(0.5));
    }

    /** {@code sum(sigmoid(l_q) (l_q - l_p) - softplus(l_q) + softplus(l_p))}. */
    static Variable bernoullis(Bernoulli q, Bernoulli p) {
        Variable lq = q.logits();
        Variable lp = p.logits();
        return q.sumEvent(lq.sigmoid().mul(lq.sub(lp)).sub(lq.softplus()).add(lp.softplus()));
    }

    /**
     * {@code sum(ls_p - ls_q + |mu_q - mu_p| / b_p + exp(ls_q - ls_p - |mu_q - mu_p| / b_q) - 1)}.
     */
    static Variable laplaces(Laplace q, Laplace p) {
        Variable d = q.mean().sub(p.mean()).abs();
        Variable term = q.logScale().sub(p.logScale()).sub(d.mul(q.logScale().neg().exp())).exp();
        return q.sumEvent(
                p.logScale()
                        .sub(q.logScale())
                        .add(d.mul(p.logScale().neg().exp()))
                        .add(term)
                        .sub(1));
    }

    /** {@code sum((l_q - l_p) mean_q + N(l_q) - N(l_p))}, {@code N(l) = log C(l) - softplus(l)}. */
    static Variable continuous(ContinuousBernoulli q, ContinuousBernoulli p) {
        Variable nq = q.logNormalizer().sub(q.logits().softplus());
        Variable np = p.logNormalizer().sub(p.logits().softplus());
        return q.sumEvent(q.logits().sub(p.logits()).mul(q.mean()).add(nq).sub(np));
    }

    /**
     * Pairs where q puts mass where p has none: real-valued q against p on {@code [0, 1]} or {@code
     * {0, 1}}, and continuous against discrete.
     */
    private static void registerSupportMismatches() {
        List<Class<? extends Factorized>> real =
                List.of(DiagonalGaussian.class, StandardNormal.class, Laplace.class);
        for (Class<? extends Factorized> q : real) {
            Kl.register(q, Bernoulli.class, AnalyticKl::infinite);
            Kl.register(q, ContinuousBernoulli.class, AnalyticKl::infinite);
        }
        Kl.register(ContinuousBernoulli.class, Bernoulli.class, AnalyticKl::infinite);
        Kl.register(Bernoulli.class, ContinuousBernoulli.class, AnalyticKl::infinite);
        for (Class<? extends Factorized> p : real) {
            Kl.register(Bernoulli.class, p, AnalyticKl::infinite);
        }
    }

    private static Variable infinite(Factorized q, Distribution p) {
        return constant(q, Double.POSITIVE_INFINITY);
    }

    private static Variable zero(Factorized q, Distribution p) {
        return constant(q, 0);
    }

    private static Variable constant(Factorized q, double value) {
        Variable m = q.mean();
        return Variable.constant(m.backend().full(q.batchShape(), value, m.dtype()));
    }
}
