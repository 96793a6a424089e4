package org.vae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/** Per-example scores: each from its key's own stream, equal to the dataset evaluator's path. */
class ExampleScorerTest {
    private static final Backend B = ReferenceBackend.create();
    private static final long SEED = 11;
    private static final Dataset DATA = data();
    private static final Offset<Double> TINY = within(1e-12);

    @AfterAll
    static void close() {
        B.close();
    }

    private static Dataset data() {
        double[] u = Rng.seeded(5).uniforms(8 * 6);
        float[] x = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            x[i] = (float) u[i];
        }
        return Dataset.ofFloats(x, 8, 6, null);
    }

    private static Vae model() {
        return new MlpVaeConfig(6, 3, new int[] {5}, Activation.TANH, "bernoulli")
                .build(Init.on(B, DType.FLOAT64, Rng.seeded(2)));
    }

    @Test
    void anExampleScoresAsTheEvaluatorDoesOnItAloneWithItsKeysStreams() {
        try (Vae vae = model()) {
            ExampleScore s = new ExampleScorer(vae, Binarization.NONE, SEED, 20).score(DATA, 3, 42);
            Dataset alone = DATA.subset(3, 4);
            Rng stream = Rng.seeded(SEED).fork(42);
            ElboReport elbo = Evaluator.elbo(vae, alone, 1, stream.fork(2));
            LogLikelihood ll =
                    Evaluator.logLikelihood(vae, alone, 20, stream.fork(3), Progress.NONE);
            assertThat(s.elbo()).isEqualTo(-elbo.loss());
            assertThat(s.reconstruction()).isEqualTo(elbo.reconstruction());
            assertThat(s.kl()).isEqualTo(elbo.kl());
            assertThat(s.logLikelihood()).isEqualTo(ll.mean());
            assertThat(s.elbo()).isCloseTo(-(s.reconstruction() + s.kl()), within(1e-12));
            assertThat(s.mu()).hasSize(3);
            assertThat(s.logVar()).hasSize(3);
        }
    }

    @Test
    void theEmbeddingAndKlOfEachExampleAreThoseOfTheWholeBatch() {
        int n = DATA.size();
        try (Vae vae = model();
                NoGrad off = NoGrad.enter();
                Scope scope = B.openScope()) {
            ExampleScorer scorer = new ExampleScorer(vae, Binarization.NONE, SEED, 0);
            Variable x = Variable.constant(DATA.batch(B, Evaluator.range(0, n), DType.FLOAT64));
            DiagonalGaussian q = (DiagonalGaussian) vae.encoder().encode(x);
            double[] mu = q.mean().value().toDoubles();
            double[] logVar = q.logVar().value().toDoubles();
            double kl = 0;
            for (int r = 0; r < n; r++) {
                ExampleScore s = scorer.score(DATA, r, r);
                assertThat(s.mu()).containsExactly(Arrays.copyOfRange(mu, 3 * r, 3 * r + 3), TINY);
                assertThat(s.logVar())
                        .containsExactly(Arrays.copyOfRange(logVar, 3 * r, 3 * r + 3), TINY);
                kl += s.kl();
            }
            // The KL is analytic: no draw is involved, so it is the batched evaluation's.
            ElboReport batched = Evaluator.elbo(vae, DATA, 5, Rng.seeded(1));
            assertThat(kl / n).isCloseTo(batched.kl(), TINY);
        }
    }

    @Test
    void scoresDependOnTheKeyNotOnTheNeighboursOrTheOrder() {
        try (Vae vae = model()) {
            ExampleScorer scorer = new ExampleScorer(vae, Binarization.NONE, SEED, 5);
            ExampleScore inPlace = scorer.score(DATA, 6, 1006);
            ExampleScore reordered = scorer.score(DATA.subset(new int[] {6, 0, 2}), 0, 1006);
            assertThat(reordered).isEqualTo(inPlace);

            ExampleScore otherKey = scorer.score(DATA, 6, 1007);
            assertThat(otherKey.mu()).isEqualTo(inPlace.mu());
            assertThat(otherKey.kl()).isEqualTo(inPlace.kl());
            assertThat(otherKey.elbo()).isNotEqualTo(inPlace.elbo());
            assertThat(otherKey.logLikelihood()).isNotEqualTo(inPlace.logLikelihood());
        }
    }

    @Test
    void aBinarizingScorerBinarizesEachExampleFromItsOwnStream() {
        try (Vae vae = model()) {
            ExampleScore s = new ExampleScorer(vae, Binarization.STATIC, SEED, 0).score(DATA, 2, 7);
            Rng stream = Rng.seeded(SEED).fork(7);
            Dataset binary = Binarization.STATIC.prepare(DATA.subset(2, 3), stream.fork(1));
            ElboReport elbo = Evaluator.elbo(vae, binary, 1, stream.fork(2));
            assertThat(s.elbo()).isEqualTo(-elbo.loss());
            ExampleScore grey =
                    new ExampleScorer(vae, Binarization.NONE, SEED, 0).score(DATA, 2, 7);
            assertThat(grey.mu()).isNotEqualTo(s.mu());
        }
    }

    @Test
    void aBatchScoresEachRowExactlyAsItScoresAloneOnABackendWithRowByRowProducts() {
        int[] rows = {5, 1, 7, 1, 0};
        long[] keys = {50, 10, 70, 11, -3};
        int[] labels = {0, 2, 1, 1, 0, 2, 2, 0};
        Dataset labelled = Dataset.ofFloats(DATA.gather(Evaluator.range(0, 8)), 8, 6, labels);
        Vae conditional =
                new MlpVaeConfig(6, 3, new int[] {5}, Activation.TANH, "bernoulli", 3)
                        .build(Init.on(B, DType.FLOAT64, Rng.seeded(4)));
        try (Vae plain = model();
                conditional) {
            for (Vae vae : new Vae[] {plain, conditional}) {
                for (Binarization binarization : Binarization.values()) {
                    ExampleScorer scorer = new ExampleScorer(vae, binarization, SEED, 4);
                    ExampleScore[] batch = scorer.score(labelled, rows, keys);
                    assertThat(batch).hasSize(rows.length);
                    for (int i = 0; i < rows.length; i++) {
                        assertThat(batch[i])
                                .as("%s, %s, row %d", vae, binarization, i)
                                .isEqualTo(scorer.score(labelled, rows[i], keys[i]));
                    }
                }
            }
            assertThat(
                            new ExampleScorer(plain, Binarization.NONE, SEED, 0)
                                    .score(DATA, rows, keys)[3].elbo())
                    .as("the same row under another key draws other noise")
                    .isNotEqualTo(
                            new ExampleScorer(plain, Binarization.NONE, SEED, 0)
                                    .score(DATA, rows, keys)[1].elbo());
        }
    }

    @Test
    void scoresAreEqualWhenEveryNumberHasTheSameBits() {
        ExampleScore s =
                new ExampleScore(new double[] {1, 2}, new double[] {0}, -3, 2, 1, Double.NaN);
        ExampleScore same =
                new ExampleScore(new double[] {1, 2}, new double[] {0}, -3, 2, 1, Double.NaN);
        assertThat(s).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(s.toString()).contains("mu=[1.0, 2.0]");
        assertThat(s)
                .isNotEqualTo(
                        new ExampleScore(
                                new double[] {1, Math.nextUp(2.0)},
                                new double[] {0},
                                -3,
                                2,
                                1,
                                Double.NaN))
                .isNotEqualTo(
                        new ExampleScore(
                                new double[] {1, 2}, new double[] {-0.0}, -3, 2, 1, Double.NaN))
                .isNotEqualTo(new ExampleScore(new double[] {1, 2}, new double[] {0}, -3, 2, 1, 0));
    }

    @Test
    void rowsAndKeysOfDifferentLengthsAreRefused() {
        try (Vae vae = model()) {
            ExampleScorer scorer = new ExampleScorer(vae, Binarization.NONE, SEED, 0);
            assertThatThrownBy(() -> scorer.score(DATA, new int[] {0, 1}, new long[] {0}))
                    .hasMessage("2 rows to score need as many keys, but got 1");
        }
    }

    @Test
    void zeroImportanceSamplesSkipTheLikelihoodAndNegativeOnesAreRefused() {
        try (Vae vae = model()) {
            ExampleScore s = new ExampleScorer(vae, Binarization.NONE, SEED, 0).score(DATA, 0, 0);
            assertThat(s.logLikelihood()).isNaN();
            assertThatThrownBy(() -> new ExampleScorer(vae, Binarization.NONE, SEED, -1))
                    .hasMessage(
                            "The number of importance samples must be >= 0 (0 skips the"
                                    + " log-likelihood), but was -1");
        }
    }
}
