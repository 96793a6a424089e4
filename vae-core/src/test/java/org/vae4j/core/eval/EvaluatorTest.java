package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.StandardNormal;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.Encoder;
import org.vae4j.core.model.Likelihoods;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Module;

/**
 * Evaluation against a model whose likelihood is known in closed form: linear-Gaussian, {@code z ~
 * N(0, 1)}, {@code x | z ~ N(w z + b, s2 I)}, so {@code p(x) = N(b, w w^T + s2 I)} and the exact
 * posterior is Gaussian too.
 */
class EvaluatorTest {
    private static final Backend B = ReferenceBackend.create();
    private static final double[] W = {1.0, 0.5};
    private static final double[] BIAS = {0.2, -0.1};
    private static final double S2 = 0.5;
    private static final double PRECISION = 1 + (W[0] * W[0] + W[1] * W[1]) / S2;
    private static final Dataset DATA = data();

    @AfterAll
    static void close() {
        B.close();
    }

    private static Dataset data() {
        double[] u = Rng.seeded(3).normals(40);
        float[] x = new float[40];
        for (int i = 0; i < 40; i++) {
            x[i] = (float) (1.5 * u[i]);
        }
        return Dataset.ofFloats(x, 20, 2, null);
    }

    /**
     * The exact posterior {@code N(w^T (x - b) / (s2 P), 1 / P)} with {@code P = 1 + w^T w / s2},
     * or a poor fixed proposal {@code N(0, 2)}. It holds one unused parameter, because a VAE takes
     * its backend and dtype from its parameters.
     */
    private static final class LinearEncoder extends Module implements Encoder {
        private final boolean exact;

        LinearEncoder(boolean exact) {
            this.exact = exact;
            register(Init.on(B, DType.FLOAT64, Rng.seeded(1)).constant("unused", Shape.of(1), 0));
        }

        @Override
        public Distribution encode(Variable x) {
            int n = x.shape().dim(0);
            Variable mean =
                    exact
                            ? x.sub(bias()).matmul(weight(), false, true).div(S2 * PRECISION)
                            : Variable.constant(B.zeros(Shape.of(n, 1), DType.FLOAT64));
            double logVar = exact ? -Math.log(PRECISION) : Math.log(2.0);
            return new DiagonalGaussian(
                    mean, Variable.constant(B.full(Shape.of(n, 1), logVar, DType.FLOAT64)));
        }
    }

    private static Variable weight() {
        return Variable.constant(B.fromDoubles(W, Shape.of(1, 2)));
    }

    private static Variable bias() {
        return Variable.constant(B.fromDoubles(BIAS, Shape.of(2)));
    }

    private static Vae model(boolean exactPosterior) {
        return new Vae(
                new LinearEncoder(exactPosterior),
                z ->
                        Likelihoods.gaussianFixed(S2)
                                .distribution(z.mul(weight().reshape(2)).add(bias())),
                new StandardNormal(B, DType.FLOAT64, 1));
    }

    /** The exact mean over the data of {@code log N(x; b, w w^T + s2 I)}. */
    private static double exactLogLikelihood() {
        return Arrays.stream(exactLogLikelihoods()).sum() / DATA.size();
    }

    /** Per example, the exact {@code log N(x; b, w w^T + s2 I)}. */
    private static double[] exactLogLikelihoods() {
        double a = W[0] * W[0] + S2;
        double c = W[0] * W[1];
        double d = W[1] * W[1] + S2;
        double det = a * d - c * c;
        float[] v = DATA.gather(Evaluator.range(0, DATA.size()));
        double[] out = new double[DATA.size()];
        for (int i = 0; i < DATA.size(); i++) {
            double r0 = v[2 * i] - BIAS[0];
            double r1 = v[2 * i + 1] - BIAS[1];
            double quad = (d * r0 * r0 - 2 * c * r0 * r1 + a * r1 * r1) / det;
            out[i] = -0.5 * (2 * Math.log(2 * Math.PI) + Math.log(det) + quad);
        }
        return out;
    }

    @Test
    void withTheExactPosteriorEveryImportanceWeightIsTheLikelihood() {
        try (Vae vae = model(true)) {
            for (int k : new int[] {1, 7}) {
                LogLikelihood ll =
                        Evaluator.logLikelihood(vae, DATA, k, Rng.seeded(k), Progress.NONE);
                assertThat(ll.mean()).as("K=%d", k).isCloseTo(exactLogLikelihood(), within(1e-9));
                assertThat(ll.samples()).isEqualTo(k);
                assertThat(ll.examples()).isEqualTo(20);
                assertThat(ll.standardError()).isPositive();
            }
        }
    }

    @Test
    void withAPoorProposalTheEstimateRisesWithKTowardsTheTruth() {
        double exact = exactLogLikelihood();
        try (Vae vae = model(false)) {
            double one = Evaluator.logLikelihood(vae, DATA, 1, Rng.seeded(1), Progress.NONE).mean();
            double hundred =
                    Evaluator.logLikelihood(vae, DATA, 100, Rng.seeded(2), Progress.NONE).mean();
            // 25,000 samples run as three chunks whose log-sum-exps are combined.
            LogLikelihood many =
                    Evaluator.logLikelihood(vae, DATA, 25_000, Rng.seeded(3), Progress.NONE);
            assertThat(one).isLessThan(hundred);
            assertThat(hundred).isLessThan(exact);
            assertThat(many.mean()).isCloseTo(exact, within(0.01));
        }
    }

    @Test
    void progressIsReportedUpToTheWholeDataset() {
        List<String> seen = new ArrayList<>();
        try (Vae vae = model(false)) {
            Evaluator.logLikelihood(
                    vae, DATA, 4_000, Rng.seeded(1), (done, total) -> seen.add(done + "/" + total));
        }
        assertThat(seen).hasSize(10).endsWith("20/20");
    }

    @Test
    void aSweepGivesEachKTheNumbersOfItsOwnEvaluationWhenTheDrawsLineUp() {
        // 20 examples x 500 samples fill one chunk, so every K draws its samples first in the
        // stream, in the same [K, examples] order: the sweep's first K are that K's draws.
        int[] ks = {50, 1, 500, 5};
        try (Vae vae = model(false)) {
            List<LogLikelihood> sweep =
                    Evaluator.logLikelihoods(vae, DATA, ks, Rng.seeded(9), Progress.NONE);
            assertThat(sweep).extracting(LogLikelihood::samples).containsExactly(50, 1, 500, 5);
            for (LogLikelihood ll : sweep) {
                LogLikelihood own =
                        Evaluator.logLikelihood(
                                vae, DATA, ll.samples(), Rng.seeded(9), Progress.NONE);
                assertThat(ll.mean()).as("K=%d", ll.samples()).isCloseTo(own.mean(), within(1e-12));
                assertThat(ll.standardError())
                        .as("K=%d", ll.samples())
                        .isCloseTo(own.standardError(), within(1e-12));
                assertThat(ll.examples()).isEqualTo(20);
            }
            assertThat(sweep.get(1).mean()).isLessThan(sweep.get(0).mean());
        }
    }

    @Test
    void aSweepAddsUpEachKAcrossChunksThatAKEndsInside() {
        // One example draws its samples in stream order whatever the chunks, so a sweep cut into
        // chunks of 4 samples must give each K the numbers of that K's own single-chunk estimate.
        Dataset one = DATA.take(1);
        int[] ks = {1, 3, 4, 7, 10, 25};
        try (Vae vae = model(false)) {
            List<LogLikelihood> sweep =
                    Evaluator.logLikelihoods(vae, one, ks, Rng.seeded(4), Progress.NONE, 4);
            for (LogLikelihood ll : sweep) {
                double own =
                        Evaluator.logLikelihood(
                                        vae, one, ll.samples(), Rng.seeded(4), Progress.NONE)
                                .mean();
                assertThat(ll.mean()).as("K=%d", ll.samples()).isCloseTo(own, within(1e-12));
            }
        }
    }

    @Test
    void aChunkHoldsAsManyRowsAsItsBudgetOfBytes() {
        try (Vae vae = model(false)) {
            int small = Evaluator.rowsPerChunk(vae, DATA, 100_000);
            assertThat(small).isBetween(2, Evaluator.ROWS_PER_CHUNK - 1);
            assertThat(Evaluator.rowsPerChunk(vae, DATA, 200_000))
                    .isBetween(2 * small, 2 * small + 1);
            assertThat(Evaluator.rowsPerChunk(vae, DATA, 1)).isEqualTo(1);
            assertThat(Evaluator.rowsPerChunk(vae, DATA)).isEqualTo(Evaluator.ROWS_PER_CHUNK);
        }
    }

    @Test
    void mnistsMlpKeepsWholeChunksAndItsConvolutionalModelSmallerOnes() {
        Dataset images = Dataset.ofFloats(new float[2 * 784], 2, 784, null);
        try (Vae mlp =
                        MlpVaeConfig.pytorchExample()
                                .build(Init.on(B, DType.FLOAT32, Rng.seeded(1)));
                Vae conv = ConvVaeConfig.mnist().build(Init.on(B, DType.FLOAT32, Rng.seeded(1)))) {
            assertThat(Evaluator.rowsPerChunk(mlp, images)).isEqualTo(Evaluator.ROWS_PER_CHUNK);
            assertThat(Evaluator.rowsPerChunk(conv, images))
                    .isBetween(500, Evaluator.ROWS_PER_CHUNK / 2);
        }
    }

    @Test
    void theLargestKOfASweepIsThatKsEvaluationWhateverTheOtherKs() {
        // Chunks of 16 rows: one example per chunk, 30 samples in two chunks of 16 and 14.
        try (Vae vae = model(false)) {
            LogLikelihood alone =
                    Evaluator.logLikelihoods(
                                    vae, DATA, new int[] {30}, Rng.seeded(5), Progress.NONE, 16)
                            .get(0);
            List<LogLikelihood> sweep =
                    Evaluator.logLikelihoods(
                            vae, DATA, new int[] {2, 20, 30}, Rng.seeded(5), Progress.NONE, 16);
            assertThat(sweep.get(2)).isEqualTo(alone);
        }
    }

    @Test
    void theStandardErrorIsTheSampleDeviationOverRootN() {
        // With the exact posterior every estimate is log p(x) itself, known per example.
        double[] exact = exactLogLikelihoods();
        double mean = Arrays.stream(exact).average().orElseThrow();
        double squares = Arrays.stream(exact).map(v -> (v - mean) * (v - mean)).sum();
        double se = Math.sqrt(squares / (exact.length - 1)) / Math.sqrt(exact.length);
        try (Vae vae = model(true)) {
            for (LogLikelihood ll :
                    Evaluator.logLikelihoods(
                            vae, DATA, new int[] {1, 3, 40}, Rng.seeded(2), Progress.NONE)) {
                assertThat(ll.mean()).isCloseTo(mean, within(1e-9));
                assertThat(ll.standardError()).isCloseTo(se, within(1e-9));
            }
        }
    }

    @Test
    void aSweepReportsProgressAsItsLargestKDoes() {
        List<String> seen = new ArrayList<>();
        try (Vae vae = model(false)) {
            Evaluator.logLikelihoods(
                    vae,
                    DATA,
                    new int[] {1, 4_000},
                    Rng.seeded(1),
                    (done, total) -> seen.add(done + "/" + total));
        }
        assertThat(seen).hasSize(10).endsWith("20/20");
    }

    @Test
    void theElboIsItsTwoPartsAndBelowTheLikelihood() {
        try (Vae vae = model(false)) {
            ElboReport elbo = Evaluator.elbo(vae, DATA, 7, Rng.seeded(4));
            assertThat(elbo.examples()).isEqualTo(20);
            assertThat(elbo.loss()).isCloseTo(elbo.reconstruction() + elbo.kl(), within(1e-12));
            // KL(N(0, 2) || N(0, 1)) = (2 - 1 - log 2) / 2 for every example.
            assertThat(elbo.kl()).isCloseTo((1 - Math.log(2)) / 2, within(1e-12));
            assertThat(-elbo.loss()).isLessThan(exactLogLikelihood());
        }
    }

    @Test
    void activeUnitsCountDimensionsWhosePosteriorMeanFollowsTheData() {
        try (Vae exact = model(true);
                Vae poor = model(false)) {
            LatentReport used = Evaluator.latents(exact, DATA, 6, 0.01);
            LatentReport unused = Evaluator.latents(poor, DATA, 6, 0.01);
            assertThat(used.activeUnits()).isEqualTo(1);
            assertThat(used.meanVariance()[0]).isGreaterThan(0.1);
            assertThat(unused.activeUnits()).isZero();
            assertThat(unused.meanVariance()).containsExactly(0.0);
            assertThat(unused.klPerDimension()[0]).isCloseTo((1 - Math.log(2)) / 2, within(1e-12));
        }
    }

    @Test
    void logAddExpIsStableAndExact() {
        assertThat(Evaluator.logAddExp(Double.NEGATIVE_INFINITY, -3)).isEqualTo(-3);
        assertThat(Evaluator.logAddExp(1000, 1000)).isCloseTo(1000 + Math.log(2), within(1e-12));
        assertThat(Evaluator.logAddExp(-2, 1))
                .isCloseTo(Math.log(Math.exp(-2) + Math.exp(1)), within(1e-12));
    }

    @Test
    void badArgumentsAreRejectedWithAReason() {
        try (Vae vae = model(true)) {
            assertThatThrownBy(
                            () ->
                                    Evaluator.logLikelihood(
                                            vae, DATA, 0, Rng.seeded(1), Progress.NONE))
                    .hasMessageContaining("importance samples must be > 0");
            assertThatThrownBy(
                            () ->
                                    Evaluator.logLikelihoods(
                                            vae,
                                            DATA,
                                            new int[] {5, -1},
                                            Rng.seeded(1),
                                            Progress.NONE))
                    .hasMessageContaining("importance samples must be > 0, but was -1");
            assertThatThrownBy(
                            () ->
                                    Evaluator.logLikelihoods(
                                            vae, DATA, new int[0], Rng.seeded(1), Progress.NONE))
                    .hasMessageContaining("at least one number of importance samples");
            assertThatThrownBy(() -> Evaluator.elbo(vae, DATA, 0, Rng.seeded(1)))
                    .hasMessageContaining("batch size must be > 0");
        }
    }
}
