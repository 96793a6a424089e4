package org.vae4j.core.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.model.Likelihoods;

/**
 * The limit on log-variances and log scales: inside it nothing changes, bit for bit; beyond it the
 * value is the bound and the gradient passes straight through. (That every term stays finite at
 * saturated inputs, on every backend, is vae-testkit's {@code SaturationTests}.)
 */
class LogScaleLimitTest {
    private static final Backend B = ReferenceBackend.create();

    @AfterAll
    static void close() {
        B.close();
    }

    private static Variable leaf(double... values) {
        return Variable.leaf(B.fromDoubles(values, Shape.of(values.length)), "raw");
    }

    @Test
    void logVariancesInsideTheLimitGiveTheUnlimitedKlAndGradientBitForBit() {
        double[] raw = {-29.99, -7.3, -1e-300, 0.1234567, 3.5, 29.99};
        Variable mean = leaf(0.3, -1.2, 0, 2.5, 1e-3, -0.7);
        Variable lv = leaf(raw);
        DiagonalGaussian q = new DiagonalGaussian(mean, lv);
        assertThat(q.logVar().value().toDoubles()).containsExactly(raw);

        Variable kl = Kl.divergence(q, new StandardNormal(B, DType.FLOAT64, raw.length));
        Variable unlimited = lv.add(1).sub(mean.square()).sub(lv.exp()).mul(-0.5).sum(-1);
        assertThat(kl.value().toDoubles()).containsExactly(unlimited.value().toDoubles());
        assertThat(kl.backward().get(lv).value().toDoubles())
                .containsExactly(unlimited.backward().get(lv).value().toDoubles());
    }

    @Test
    void beyondTheLimitTheLogVarianceIsTheBoundAndItsGradientPassesThrough() {
        Variable lv = leaf(-1e4, -30.5, 31, 1e300);
        DiagonalGaussian q = new DiagonalGaussian(leaf(0, 0, 0, 0), lv);
        double limit = DiagonalGaussian.LOG_VAR_LIMIT;
        assertThat(q.logVar().value().toDoubles()).containsExactly(-limit, -limit, limit, limit);
        assertThat(q.logVar().sumAll().backward().get(lv).value().toDoubles())
                .containsExactly(1, 1, 1, 1);
        // d KL / d logVar = (exp(logVar) - 1) / 2, taken at the bound.
        double atUpper = (Math.exp(limit) - 1) / 2;
        double atLower = (Math.exp(-limit) - 1) / 2;
        Variable kl = Kl.divergence(q, new StandardNormal(B, DType.FLOAT64, 4));
        assertThat(kl.backward().get(lv).value().toDoubles())
                .containsExactly(atLower, atLower, atUpper, atUpper);
    }

    @Test
    void beyondTheLimitTheLogScaleIsTheBoundAndItsGradientPassesThrough() {
        Variable ls = leaf(-200, -14.5, 16, 1e10);
        Laplace d = new Laplace(leaf(0, 0, 0, 0), ls);
        double limit = Laplace.LOG_SCALE_LIMIT;
        assertThat(d.logScale().value().toDoubles()).containsExactly(-limit, -14.5, limit, limit);
        assertThat(d.entropy().backward().get(ls).value().toDoubles()).containsExactly(1, 1, 1, 1);
    }

    @Test
    void aFixedVarianceWhoseLogIsBeyondTheLimitIsRefusedWithTheRange() {
        for (double variance : new double[] {1e-40, 1e20, 0, -1, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Likelihoods.gaussianFixed(variance))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "A fixed Gaussian variance must be between 9.4e-14 and 1.1e+13, but"
                                    + " was "
                                    + variance);
        }
        assertThat(Likelihoods.gaussianFixed(1e-12).name()).isEqualTo("gaussian-fixed:1.0E-12");
    }
}
