package org.vae4j.core.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.Variable;

/**
 * Generic checks over {@link DistributionExamples#ALL}, in float64 on the reference backend.
 * Randomised checks use fixed seeds, so they are deterministic; their tolerances are about five
 * Monte Carlo standard errors.
 */
class DistributionsTest {
    private static final Backend B = ReferenceBackend.create();
    private static final List<DistributionExamples.Example> ALL = DistributionExamples.ALL;
    private static final int SAMPLES = 40_000;

    @AfterAll
    static void close() {
        B.close();
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void samplesHaveTheExtendedShape(DistributionExamples.Example e) {
        Distribution d = e.make().apply(B);
        Shape s = d.sample(Shape.of(4), Rng.seeded(1)).shape();
        int[] expected = new int[1 + d.batchShape().rank() + d.eventShape().rank()];
        expected[0] = 4;
        System.arraycopy(d.batchShape().dims(), 0, expected, 1, d.batchShape().rank());
        System.arraycopy(
                d.eventShape().dims(),
                0,
                expected,
                1 + d.batchShape().rank(),
                d.eventShape().rank());
        assertThat(s).isEqualTo(Shape.of(expected));
        int[] perSample = new int[1 + d.batchShape().rank()];
        perSample[0] = 4;
        System.arraycopy(d.batchShape().dims(), 0, perSample, 1, d.batchShape().rank());
        Variable x = Variable.constant(d.sample(Shape.of(4), Rng.seeded(2)));
        assertThat(d.logProb(x).shape()).isEqualTo(Shape.of(perSample));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void theSampleMeanMatchesTheMean(DistributionExamples.Example e) {
        Distribution d = e.make().apply(B);
        double[] samples = d.sample(Shape.of(SAMPLES), Rng.seeded(3)).toDoubles();
        double[] mean = d.mean().broadcastTo(paramShape(d)).value().toDoubles();
        double[] avg = new double[mean.length];
        for (int i = 0; i < samples.length; i++) {
            avg[i % mean.length] += samples[i] / SAMPLES;
        }
        for (int i = 0; i < mean.length; i++) {
            assertThat(avg[i]).as("%s element %d", e, i).isCloseTo(mean[i], within(0.05));
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void theEntropyIsMinusTheMeanLogDensity(DistributionExamples.Example e) {
        Distribution d = e.make().apply(B);
        Variable x = Variable.constant(d.sample(Shape.of(SAMPLES), Rng.seeded(4)));
        double[] mc = d.logProb(x).mean(0).neg().value().toDoubles();
        double[] exact = d.entropy().value().toDoubles();
        for (int i = 0; i < exact.length; i++) {
            assertThat(mc[i % mc.length]).as("%s entry %d", e, i).isCloseTo(exact[i], within(0.05));
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void elementwiseSplitsTheEventSum(DistributionExamples.Example e) {
        Distribution d = e.make().apply(B);
        Variable x = Variable.constant(d.sample(Shape.of(2), Rng.seeded(5)));
        double[] summed = d.logProb(x).value().toDoubles();
        Variable perElement = d.elementwise().logProb(x);
        double[] resummed = perElement.sum(new int[] {-1}, false).value().toDoubles();
        assertThat(resummed).containsExactly(summed, within(1e-12));
    }

    private static Shape paramShape(Distribution d) {
        int[] b = d.batchShape().dims();
        int[] ev = d.eventShape().dims();
        int[] all = java.util.Arrays.copyOf(b, b.length + ev.length);
        System.arraycopy(ev, 0, all, b.length, ev.length);
        return Shape.of(all);
    }

    @Test
    void gaussianLogProbMatchesTheFormula() {
        Variable mean = Variable.constant(B.fromDoubles(new double[] {1.0}, Shape.of(1, 1)));
        Variable logVar =
                Variable.constant(B.fromDoubles(new double[] {Math.log(4)}, Shape.of(1, 1)));
        DiagonalGaussian g = new DiagonalGaussian(mean, logVar);
        Variable x = Variable.constant(B.fromDoubles(new double[] {2.0}, Shape.of(1, 1)));
        double expected = -0.5 * Math.log(2 * Math.PI * 4) - 1.0 / 8;
        assertThat(g.logProb(x).item()).isCloseTo(expected, within(1e-14));
    }

    @Test
    void bernoulliLogProbAndItsGradientMatchTheFormulaWhicheverWayXBroadcasts() {
        double[] l = {-2, 0.5, 3, -0.25, 1, -4, 0, 2};
        double[] x = {1, 0, 0.25, 1};
        // x [4] repeats over the logits [2, 4] (the fused op) ...
        Variable logits = Variable.leaf(B.fromDoubles(l, Shape.of(2, 4)), "logits");
        Variable xs = Variable.constant(B.fromDoubles(x, Shape.of(4)));
        Variable lp = Bernoulli.ofLogits(logits).logProb(xs);
        double[] grad = lp.sumAll().backward().get(logits).value().toDoubles();
        for (int r = 0; r < 2; r++) {
            double expected = 0;
            for (int j = 0; j < 4; j++) {
                double v = l[4 * r + j];
                expected += x[j] * v - Math.log1p(Math.exp(v));
                assertThat(grad[4 * r + j]).isCloseTo(x[j] - 1 / (1 + Math.exp(-v)), within(1e-12));
            }
            assertThat(lp.value().toDoubles()[r]).isCloseTo(expected, within(1e-12));
        }
        // ... and logits [4] repeat over x [2, 4] (the composite)
        Variable single =
                Variable.constant(B.fromDoubles(new double[] {-2, 0.5, 3, -0.25}, Shape.of(4)));
        Variable both =
                Variable.constant(
                        B.fromDoubles(new double[] {1, 0, 0.25, 1, 1, 0, 0.25, 1}, Shape.of(2, 4)));
        double[] twice = Bernoulli.ofLogits(single).logProb(both).value().toDoubles();
        assertThat(twice).hasSize(2);
        assertThat(twice[0])
                .isCloseTo(lp.value().toDoubles()[0], within(1e-12))
                .isEqualTo(twice[1]);
    }

    @Test
    void bernoulliStaysFiniteForSaturatedLogits() {
        Variable logits =
                Variable.constant(B.fromDoubles(new double[] {1000, -1000, 40}, Shape.of(1, 3)));
        Bernoulli d = Bernoulli.ofLogits(logits);
        Variable x = Variable.constant(B.fromDoubles(new double[] {1, 0, 0}, Shape.of(1, 3)));
        // log p = 0 + 0 + log(1 - sigmoid(40)) = -softplus(40) ~ -40
        assertThat(d.logProb(x).item()).isCloseTo(-40, within(1e-9));
        Variable wrong = Variable.constant(B.fromDoubles(new double[] {0, 1, 1}, Shape.of(1, 3)));
        assertThat(d.logProb(wrong).item()).isCloseTo(-2000, within(1e-9));
    }

    @Test
    void continuousBernoulliIntegratesToOneIncludingNearTheMiddle() {
        double[] logits = {-20, -1, -0.099, -1e-6, 0, 1e-4, 0.1, 0.101, 3, 50};
        int n = 20_000;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = (i + 0.5) / n;
        }
        for (double l : logits) {
            double[] lv = new double[n];
            java.util.Arrays.fill(lv, l);
            ContinuousBernoulli d =
                    new ContinuousBernoulli(Variable.constant(B.fromDoubles(lv, Shape.of(n))), 0);
            double[] logp =
                    d.logProb(Variable.constant(B.fromDoubles(grid, Shape.of(n))))
                            .value()
                            .toDoubles();
            double integral = 0;
            for (double v : logp) {
                integral += Math.exp(v) / n;
            }
            assertThat(integral)
                    .as("logit %s", l)
                    .isCloseTo(1, within(l > 10 || l < -10 ? 2e-3 : 1e-6));
        }
    }

    @Test
    void invalidParametersAreNamedWithTheirShape() {
        Variable mean = Variable.constant(B.fromDoubles(new double[] {0, 0}, Shape.of(1, 2)));
        Variable badShape = Variable.constant(B.fromDoubles(new double[] {0, 0}, Shape.of(2, 1)));
        assertThatThrownBy(() -> new DiagonalGaussian(mean, badShape))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Expected parameter 'logVar' of DiagonalGaussian to have shape [1, 2], but"
                                + " it has shape [2, 1]");
        Variable nan =
                Variable.constant(B.fromDoubles(new double[] {0, Double.NaN}, Shape.of(1, 2)));
        assertThatThrownBy(() -> new DiagonalGaussian(mean, nan))
                .hasMessage(
                        "Expected parameter 'logVar' (shape [1, 2]) of DiagonalGaussian to be"
                                + " finite, but found NaN at [0, 1]");
        Validation.setEnabled(false);
        try {
            assertThat(new DiagonalGaussian(mean, nan)).isNotNull();
        } finally {
            Validation.setEnabled(true);
        }
    }

    @Test
    void bernoulliLogitsAreCheckedWhereverTheyAreUsed() {
        Variable x = Variable.constant(B.fromDoubles(new double[] {1, 0, 0.5}, Shape.of(1, 3)));
        for (double bad :
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (int at = 0; at < 3; at++) {
                double[] l = {0.5, -2, 3};
                l[at] = bad;
                Variable logits = Variable.constant(B.fromDoubles(l, Shape.of(1, 3)));
                String message =
                        "Expected parameter 'logits' (shape [1, 3]) of Bernoulli to be finite, but"
                                + " found "
                                + bad
                                + " at [0, "
                                + at
                                + "]";
                assertThatThrownBy(() -> Bernoulli.ofLogits(logits).logProb(x))
                        .as("fused log-likelihood, %s at %d", bad, at)
                        .isInstanceOf(NonFiniteParameterException.class)
                        .hasMessage(message);
                assertThatThrownBy(() -> Bernoulli.ofLogits(logits, 2).logProb(x))
                        .as("composite log-likelihood")
                        .hasMessage(message);
                assertThatThrownBy(() -> Bernoulli.ofLogits(logits).mean()).hasMessage(message);
                assertThatThrownBy(() -> Bernoulli.ofLogits(logits).entropy()).hasMessage(message);
            }
        }
        Variable fine = Variable.constant(B.fromDoubles(new double[] {0.5, -2, 3}, Shape.of(1, 3)));
        Bernoulli ok = Bernoulli.ofLogits(fine);
        assertThat(ok.logProb(x).value().toDoubles()[0])
                .isCloseTo(0.5 - softplus(0.5) - softplus(-2) + 1.5 - softplus(3), within(1e-12));
    }

    private static double softplus(double v) {
        return Math.log1p(Math.exp(v));
    }

    @Test
    void standardNormalIsThePrior() {
        StandardNormal p = new StandardNormal(B, DType.FLOAT64, 3);
        assertThat(p.batchShape()).isEqualTo(Shape.scalar());
        assertThat(p.eventShape()).isEqualTo(Shape.of(3));
        Variable zero = Variable.constant(B.zeros(Shape.of(5, 3), DType.FLOAT64));
        assertThat(p.logProb(zero).value().toDoubles()).containsOnly(-1.5 * Math.log(2 * Math.PI));
    }
}
