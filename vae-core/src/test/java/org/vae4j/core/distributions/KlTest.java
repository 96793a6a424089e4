package org.vae4j.core.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.Variable;

/**
 * Every registered analytic KL against a Monte Carlo estimate (fixed seeds; tolerance about five
 * standard errors), KL(p, p) = 0, KL >= 0, and the registry's dispatch and errors.
 */
class KlTest {
    private static final Backend B = ReferenceBackend.create();
    private static final int SAMPLES = 100_000;

    @AfterAll
    static void close() {
        B.close();
    }

    private static Variable p(double... v) {
        return DistributionExamples.param(B, v);
    }

    /** A pair of distributions with an analytic KL. */
    record Pair(String name, Function<Backend, Distribution> q, Function<Backend, Distribution> p) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Pair> PAIRS =
            List.of(
                    new Pair(
                            "DiagonalGaussian || StandardNormal",
                            b ->
                                    new DiagonalGaussian(
                                            p(0.5, -1, 2, 0, 0.3, -0.7),
                                            p(-0.5, 0.2, 0.1, -1.5, 0.8, 0)),
                            b -> new StandardNormal(b, DType.FLOAT64, 3)),
                    new Pair(
                            "DiagonalGaussian || DiagonalGaussian",
                            b ->
                                    new DiagonalGaussian(
                                            p(0.5, -1, 2, 0, 0.3, -0.7),
                                            p(-0.5, 0.2, 0.1, -1.5, 0.8, 0)),
                            b ->
                                    new DiagonalGaussian(
                                            p(0, 0.5, 1, -1, 0, 0.2),
                                            p(0.3, 0, 0.5, -0.5, 0.2, 0.4))),
                    new Pair(
                            "StandardNormal || DiagonalGaussian",
                            b -> new StandardNormal(b, DType.FLOAT64, 3),
                            b ->
                                    new DiagonalGaussian(
                                            p(0, 0.5, 1, -1, 0, 0.2),
                                            p(0.3, 0, 0.5, -0.5, 0.2, 0.4))),
                    new Pair(
                            "Bernoulli || Bernoulli",
                            b -> Bernoulli.ofLogits(p(-2, 0.5, 3, 0, -0.1, 1.2)),
                            b -> Bernoulli.ofLogits(p(1, -0.5, 0, 2, 0.3, -1))),
                    new Pair(
                            "Laplace || Laplace",
                            b ->
                                    new Laplace(
                                            p(0, 1, -2, 0.5, 0.2, -0.3),
                                            p(-0.3, 0.4, 0, -1, 0.2, 0.1)),
                            b -> new Laplace(p(0.5, 0, -1, 0, 1, 0), p(0, 0.2, 0.3, -0.5, 0, 0.5))),
                    new Pair(
                            "ContinuousBernoulli || ContinuousBernoulli",
                            b -> new ContinuousBernoulli(p(-3, 0.05, 2.5, 0, -0.5, 8)),
                            b -> new ContinuousBernoulli(p(1, -0.02, 0.5, 2, 0.3, -1))));

    @ParameterizedTest
    @FieldSource("PAIRS")
    void analyticMatchesMonteCarlo(Pair pair) {
        Distribution q = pair.q().apply(B);
        Distribution p = pair.p().apply(B);
        double[] exact = Kl.divergence(q, p).value().toDoubles();
        double[] mc = Kl.monteCarlo(q, p, SAMPLES, Rng.seeded(7)).value().toDoubles();
        assertThat(mc.length).isEqualTo(exact.length);
        for (int i = 0; i < exact.length; i++) {
            assertThat(exact[i]).as("%s entry %d", pair, i).isCloseTo(mc[i], within(0.03));
        }
    }

    @ParameterizedTest
    @FieldSource("PAIRS")
    void theDivergenceOfADistributionFromItselfIsZero(Pair pair) {
        Distribution q = pair.q().apply(B);
        double[] kl = Kl.divergence(q, pair.q().apply(B)).value().toDoubles();
        assertThat(kl).containsOnly(new double[] {0.0}, within(1e-12));
    }

    @Test
    void theGaussianKlIsNonNegativeForManyRandomParameters() {
        Rng rng = Rng.seeded(11);
        int n = 5_000;
        double[] mean = rng.normals(n);
        double[] logVar = rng.normals(n);
        for (int i = 0; i < n; i++) {
            logVar[i] *= 3;
            mean[i] *= 3;
        }
        DiagonalGaussian q =
                new DiagonalGaussian(
                        Variable.constant(B.fromDoubles(mean, Shape.of(n, 1))),
                        Variable.constant(B.fromDoubles(logVar, Shape.of(n, 1))));
        double[] kl = Kl.divergence(q, new StandardNormal(B, DType.FLOAT64, 1)).value().toDoubles();
        assertThat(Arrays.stream(kl).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theGaussianKlHasItsMinusSign() {
        // KL(N(1, 1) || N(0, 1)) = mu^2 / 2 = 0.5; the printed article's formula without the
        // leading minus would give -0.5.
        Tensor mean = B.fromDoubles(new double[] {1}, Shape.of(1, 1));
        Tensor logVar = B.fromDoubles(new double[] {0}, Shape.of(1, 1));
        DiagonalGaussian q =
                new DiagonalGaussian(Variable.constant(mean), Variable.constant(logVar));
        assertThat(Kl.divergence(q, new StandardNormal(B, DType.FLOAT64, 1)).item())
                .isCloseTo(0.5, within(1e-15));
    }

    @Test
    void mismatchedSupportsAreInfinite() {
        Distribution g = PAIRS.get(0).q().apply(B);
        Distribution bern = PAIRS.get(3).q().apply(B);
        assertThat(Kl.divergence(g, bern).value().toDoubles())
                .containsOnly(Double.POSITIVE_INFINITY);
    }

    @Test
    void aMissingPairSaysHowToAddOne() {
        Distribution laplace = PAIRS.get(4).q().apply(B);
        Distribution gauss = PAIRS.get(0).q().apply(B);
        assertThat(Kl.hasAnalytic(laplace, gauss)).isFalse();
        assertThatThrownBy(() -> Kl.divergence(laplace, gauss))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage(
                        "No analytic KL(q || p) for q=Laplace, p=DiagonalGaussian; register one with"
                                + " Kl.register(...) or call Kl.monteCarlo(q, p, samples, rng)");
    }

    /** Test-only types for the dispatch rules. */
    private abstract static class Base extends Stub {}

    private static final class Sub extends Base {}

    private static final class Other extends Stub {}

    @Test
    void theMostSpecificPairWinsAndAmbiguityIsAnError() {
        Kl.register(Base.class, Other.class, (q, p) -> constant(1));
        Kl.register(Sub.class, Other.class, (q, p) -> constant(2));
        assertThat(Kl.divergence(new Sub(), new Other()).item()).isEqualTo(2);
        Kl.register(Sub.class, Stub.class, (q, p) -> constant(3));
        Kl.register(Base.class, Sub.class, (q, p) -> constant(4));
        assertThatThrownBy(() -> Kl.divergence(new Sub(), new Sub()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Ambiguous KL(q || p) for q=Sub, p=Sub")
                .hasMessageContaining("register the pair (Sub, Sub) explicitly");
        Kl.register(Sub.class, Sub.class, (q, p) -> constant(5));
        assertThat(Kl.divergence(new Sub(), new Sub()).item()).isEqualTo(5);
    }

    private static Variable constant(double v) {
        return Variable.constant(B.scalar(v, DType.FLOAT64));
    }

    /** A distribution that exists only to be dispatched on. */
    private abstract static class Stub implements Distribution {
        @Override
        public Shape batchShape() {
            return Shape.scalar();
        }

        @Override
        public Shape eventShape() {
            return Shape.scalar();
        }

        @Override
        public Tensor sample(Shape sampleShape, Rng rng) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Variable logProb(Variable x) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Variable mean() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Variable entropy() {
            throw new UnsupportedOperationException();
        }
    }
}
