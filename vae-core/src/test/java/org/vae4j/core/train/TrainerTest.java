package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Validation;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Module;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.LossTerms;
import org.vae4j.core.objectives.Objective;
import org.vae4j.core.optim.Adam;

/** The training loop on a tiny float64 VAE over 96 synthetic 8-pixel images. */
class TrainerTest {
    private static final Backend B = ReferenceBackend.create();
    private static final MlpVaeConfig SMALL =
            new MlpVaeConfig(8, 2, new int[] {12}, Activation.TANH, "bernoulli");
    private static final Dataset TRAIN = patterns(96, 3);
    private static final Dataset TEST = patterns(32, 4);

    @AfterAll
    static void close() {
        B.close();
    }

    /** Noisy copies of two stripes patterns, grey values in [0, 1]. */
    private static Dataset patterns(int n, long seed) {
        Rng rng = Rng.seeded(seed);
        float[] x = new float[n * 8];
        double[] u = rng.uniforms(n * 8);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                boolean on = (i % 2 == 0) == (j < 4);
                x[i * 8 + j] = (float) (on ? 0.8 + 0.2 * u[i * 8 + j] : 0.2 * u[i * 8 + j]);
            }
        }
        return Dataset.ofFloats(x, n, 8, null);
    }

    private record Run(Vae vae, Adam adam) implements AutoCloseable {
        static Run create() {
            return create(SMALL);
        }

        static Run create(ModelConfig config) {
            Vae vae = config.build(Init.on(B, DType.FLOAT64, Rng.seeded(5)));
            return new Run(vae, new Adam(vae.namedParameters(), 0.01));
        }

        Trainer.Builder trainer(int epochs) {
            return Trainer.builder(vae, adam).batchSize(16).epochs(epochs).seed(7);
        }

        @Override
        public void close() {
            adam.close();
            vae.close();
        }
    }

    @Test
    void trainingLowersTheLossAndReportsEveryEpoch() {
        try (Run run = Run.create()) {
            TrainingResult result = run.trainer(15).build().fit(TRAIN, TEST);
            assertThat(result.epochs()).hasSize(15);
            assertThat(result.stopReason()).isNull();
            EpochMetrics first = result.epochs().get(0);
            EpochMetrics last = result.last();
            assertThat(last.trainLoss()).isLessThan(first.trainLoss() - 0.5);
            assertThat(last.testLoss()).isLessThan(first.testLoss() - 0.5);
            assertThat(last.testLoss())
                    .isCloseTo(last.testReconstruction() + last.testKl(), within(1e-9));
            assertThat(last.trainKl()).isPositive();
            assertThat(last.examplesPerSecond()).isPositive();
            assertThat(run.adam.stepCount()).isEqualTo(15 * 6);
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        double a;
        double b;
        double c;
        try (Run run = Run.create()) {
            a = run.trainer(3).build().fit(TRAIN, TEST).last().trainLoss();
        }
        try (Run run = Run.create()) {
            b = run.trainer(3).build().fit(TRAIN, TEST).last().trainLoss();
        }
        try (Run run = Run.create()) {
            c = run.trainer(3).seed(8).build().fit(TRAIN, TEST).last().trainLoss();
        }
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void aRunResumedAtAnEpochBoundaryEndsExactlyLikeTheUninterruptedOne() {
        for (Binarization binarization : Binarization.values()) {
            Map<String, double[]> straight;
            double straightLoss;
            try (Run run = Run.create()) {
                straightLoss =
                        run.trainer(4)
                                .binarization(binarization)
                                .build()
                                .fit(TRAIN, TEST)
                                .last()
                                .testLoss();
                straight = values(run.vae.stateDict());
            }
            Map<String, double[]> resumed;
            double resumedLoss;
            try (Run partial = Run.create();
                    Run second = Run.create()) {
                // Stop after two epochs, then hand the model and optimizer state to a fresh run.
                partial.trainer(2).binarization(binarization).build().fit(TRAIN, TEST);
                second.vae.loadStateDict(partial.vae.stateDict());
                second.adam.loadState(partial.adam.state(), partial.adam.stepCount());
                resumedLoss =
                        second.trainer(4)
                                .binarization(binarization)
                                .build()
                                .fit(TRAIN, TEST, 2)
                                .last()
                                .testLoss();
                resumed = values(second.vae.stateDict());
            }
            assertThat(resumedLoss).as("%s", binarization).isEqualTo(straightLoss);
            for (String name : straight.keySet()) {
                assertThat(resumed.get(name)).as(name).containsExactly(straight.get(name));
            }
        }
    }

    @Test
    void nonFiniteDataStopsTrainingNamingTheStepAndTheDistributionAndLeavesTheParameters() {
        try (Run run = Run.create()) {
            Map<String, double[]> before = values(run.vae.stateDict());
            assertThatThrownBy(() -> run.trainer(1).build().fit(poisoned(), null))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("epoch 1, step 1 of 1")
                    .hasMessageContaining("'mean' (shape [16, 2]) of DiagonalGaussian")
                    .hasMessageNotContaining("\n");
            assertUnchanged(before, run);
        }
    }

    @Test
    void withoutValidationANonFiniteLossIsCaughtAndNamesTheTerm() {
        Validation.setEnabled(false);
        try (Run run = Run.create()) {
            Map<String, double[]> before = values(run.vae.stateDict());
            assertThatThrownBy(() -> run.trainer(1).build().fit(poisoned(), null))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("epoch 1, step 1 of 1")
                    .hasMessageContaining("the reconstruction term (NaN)");
            assertUnchanged(before, run);
        } finally {
            Validation.setEnabled(true);
        }
    }

    /** 16 blank images, one pixel of which is NaN. */
    private static Dataset poisoned() {
        float[] x = new float[16 * 8];
        x[5] = Float.NaN;
        return Dataset.ofFloats(x, 16, 8, null);
    }

    private static void assertUnchanged(Map<String, double[]> before, Run run) {
        Map<String, double[]> after = values(run.vae.stateDict());
        for (String name : before.keySet()) {
            assertThat(after.get(name)).as(name).containsExactly(before.get(name));
        }
        assertThat(run.adam.stepCount()).isZero();
    }

    @Test
    void aNonFiniteGradientIsCaughtAndNamesTheParameter() {
        try (Run run = Run.create()) {
            Parameter weight = run.vae.namedParameters().get("decoder.net.layer0.weight");
            assertThat(weight).isNotNull();
            // sqrt(w - w) is 0 but its gradient is 0 * infinity: NaN.
            Objective poisoned =
                    (vae, x, rng, epoch) -> {
                        LossTerms t = Elbo.standard().compute(vae, x, rng, epoch);
                        Variable w = weight.variable();
                        Variable zero = w.sub(w).sqrt().sumAll();
                        return new LossTerms(
                                t.loss().add(zero), t.negativeBound(), t.reconstruction(), t.kl());
                    };
            assertThatThrownBy(() -> run.trainer(1).objective(poisoned).build().fit(TRAIN, null))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("decoder.net.layer0.weight")
                    .hasMessageContaining("step 1 of 6");
        }
    }

    @Test
    void anEmptyTrainingOrTestSetIsRefusedBeforeTheFirstEpoch() {
        Dataset empty = Dataset.ofFloats(new float[0], 0, 8, null);
        List<EpochMetrics> ended = new ArrayList<>();
        try (Run run = Run.create()) {
            Trainer trainer =
                    run.trainer(2)
                            .listener(
                                    new TrainingListener() {
                                        @Override
                                        public void onEpochEnd(
                                                EpochMetrics metrics, TrainingControl control) {
                                            ended.add(metrics);
                                        }
                                    })
                            .build();
            assertThatThrownBy(() -> trainer.fit(empty, TEST))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("The training set is empty");
            assertThatThrownBy(() -> trainer.fit(TRAIN, empty))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("The test set is empty");
        }
        assertThat(ended).as("no epoch ran, so nothing was saved").isEmpty();
    }

    @Test
    void listenersSeeEveryBatchAndCanStopTraining() {
        List<String> events = new ArrayList<>();
        TrainingListener listener =
                new TrainingListener() {
                    @Override
                    public void onEpochStart(int epoch, int batches) {
                        events.add("start " + epoch + "/" + batches);
                    }

                    @Override
                    public void onBatchEnd(int epoch, int batch, int batches, double meanLoss) {
                        events.add("batch " + batch);
                    }

                    @Override
                    public void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
                        events.add("end " + metrics.epoch());
                        if (metrics.epoch() == 2) {
                            control.stop("enough");
                        }
                    }
                };
        try (Run run = Run.create()) {
            TrainingResult result = run.trainer(5).listener(listener).build().fit(TRAIN, null);
            assertThat(result.epochs()).hasSize(2);
            assertThat(result.stopReason()).isEqualTo("enough");
            assertThat(result.last().testLoss()).isNaN();
        }
        assertThat(events)
                .startsWith("start 1/6", "batch 1", "batch 2")
                .contains("end 1", "start 2/6", "end 2")
                .hasSize(2 * (6 + 2));
    }

    @Test
    void epochsAllocateNothingThatOutlivesThem() {
        try (Run run = Run.create()) {
            Trainer.Builder builder = run.trainer(3).binarization(Binarization.DYNAMIC);
            builder.build().fit(TRAIN, TEST, 0);
            long afterOne = B.memory().liveTensors();
            builder.epochs(6).build().fit(TRAIN, TEST, 3);
            assertThat(B.memory().liveTensors()).isEqualTo(afterOne);
        }
    }

    @Test
    void eachEpochMeasuresTheLatentsOfTheFirstTestExamplesAfterIt() {
        List<LatentReport> afterEach = new ArrayList<>();
        try (Run run = Run.create()) {
            Dataset first = TEST.take(10);
            TrainingListener measure =
                    new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
                            afterEach.add(Evaluator.latents(run.vae, first, 1000, 0.01));
                        }
                    };
            TrainingResult result =
                    run.trainer(3).latentExamples(10).listener(measure).build().fit(TRAIN, TEST);
            assertThat(result.epochs())
                    .extracting(EpochMetrics::latents)
                    .containsExactlyElementsOf(afterEach);
            LatentReport last = result.last().latents();
            double[][] byHand = latentsByHand(run.vae, first);
            assertThat(last.threshold()).isEqualTo(LatentReport.ACTIVITY_THRESHOLD);
            assertThat(last.meanVariance()).containsExactly(byHand[0], within(1e-12));
            assertThat(last.klPerDimension()).containsExactly(byHand[1], within(1e-12));
            long active = Arrays.stream(byHand[0]).filter(v -> v > 0.01).count();
            assertThat(last.activeUnits()).isEqualTo((int) active);
        }
        try (Run run = Run.create()) {
            TrainingResult all = run.trainer(1).latentExamples(1000).build().fit(TRAIN, TEST);
            assertThat(all.last().latents())
                    .as("more examples than the test set has: all of them")
                    .isEqualTo(Evaluator.latents(run.vae, TEST, 1000, 0.01));
            assertThat(run.trainer(1).build().fit(TRAIN, TEST).last().latents())
                    .as("not asked for")
                    .isNull();
        }
    }

    /**
     * Per dimension, the variance over {@code data} of the posterior mean and the mean of {@code
     * KL(N(mu, s2) || N(0, 1)) = (mu^2 + s2 - 1 - log s2) / 2}, from the encoder's outputs.
     */
    private static double[][] latentsByHand(Vae vae, Dataset data) {
        double[] mu;
        double[] logVar;
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter()) {
            int[] rows = IntStream.range(0, data.size()).toArray();
            DiagonalGaussian q =
                    (DiagonalGaussian)
                            vae.encoder()
                                    .encode(Variable.constant(data.batch(B, rows, DType.FLOAT64)));
            mu = q.mean().value().toDoubles();
            logVar = q.logVar().value().toDoubles();
        }
        int n = data.size();
        int latent = mu.length / n;
        double[] variance = new double[latent];
        double[] kl = new double[latent];
        for (int d = 0; d < latent; d++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += mu[i * latent + d] / n;
            }
            for (int i = 0; i < n; i++) {
                double m = mu[i * latent + d];
                double lv = logVar[i * latent + d];
                variance[d] += (m - mean) * (m - mean) / n;
                kl[d] += (m * m + Math.exp(lv) - 1 - lv) / 2 / n;
            }
        }
        return new double[][] {variance, kl};
    }

    @Test
    void measuringTheLatentsLeavesTrainingBitForBit() {
        ModelConfig batchNormConv =
                new ConvVaeConfig(1, 2, 4, new int[] {2}, 3, 6, 2, Activation.TANH, "bernoulli")
                        .withBatchNorm(true);
        for (ModelConfig config : List.of(SMALL, batchNormConv)) {
            List<EpochMetrics> plain;
            Map<String, double[]> plainState;
            try (Run run = Run.create(config)) {
                plain =
                        run.trainer(3)
                                .binarization(Binarization.DYNAMIC)
                                .build()
                                .fit(TRAIN, TEST)
                                .epochs();
                plainState = values(run.vae.stateDict());
            }
            List<EpochMetrics> measured;
            Map<String, double[]> measuredState;
            try (Run run = Run.create(config)) {
                measured =
                        run.trainer(3)
                                .binarization(Binarization.DYNAMIC)
                                .latentExamples(20)
                                .build()
                                .fit(TRAIN, TEST)
                                .epochs();
                measuredState = values(run.vae.stateDict());
            }
            for (int e = 0; e < 3; e++) {
                EpochMetrics a = plain.get(e);
                EpochMetrics b = measured.get(e);
                assertThat(b.latents()).isNotNull();
                assertThat(new double[] {b.trainLoss(), b.trainKl(), b.testLoss(), b.testKl()})
                        .as("%s, epoch %d", config.summary(), e + 1)
                        .containsExactly(a.trainLoss(), a.trainKl(), a.testLoss(), a.testKl());
            }
            assertThat(measuredState.keySet()).isEqualTo(plainState.keySet());
            for (String name : plainState.keySet()) {
                assertThat(measuredState.get(name)).as(name).containsExactly(plainState.get(name));
            }
        }
    }

    @Test
    void batchesPreparedAheadTrainBitForBitAsPreparedInTurn() {
        for (Binarization binarization : Binarization.values()) {
            List<Map<String, double[]>> states = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            for (int ahead : new int[] {0, 1, 3}) {
                try (Run run = Run.create()) {
                    losses.add(
                            run.trainer(3)
                                    .binarization(binarization)
                                    .prefetch(ahead)
                                    .build()
                                    .fit(TRAIN, TEST)
                                    .last()
                                    .trainLoss());
                    states.add(values(run.vae.stateDict()));
                }
            }
            for (int i = 1; i < states.size(); i++) {
                assertThat(losses.get(i)).as("%s", binarization).isEqualTo(losses.get(0));
                for (String name : states.get(0).keySet()) {
                    assertThat(states.get(i).get(name))
                            .as("%s %s", binarization, name)
                            .containsExactly(states.get(0).get(name));
                }
            }
        }
        try (Run run = Run.create()) {
            assertThatThrownBy(() -> run.trainer(1).prefetch(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("prefetch must be >= 0, but was -1");
        }
    }

    private static Map<String, double[]> values(Map<String, Tensor> state) {
        Map<String, double[]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.toDoubles()));
        return out;
    }
}
