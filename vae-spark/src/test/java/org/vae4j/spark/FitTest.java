package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.checkpoint.CheckpointSaver;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingResult;

/**
 * Data-parallel training on {@code local[2]}: one worker against vae-core's Trainer bit for bit,
 * resumed runs against uninterrupted ones, the run directory, and bad input.
 */
class FitTest {
    private static final int CLASSES = 3;
    private static final Dataset TRAIN = TinyRun.data(203, CLASSES, 11);
    private static final Dataset TEST = TinyRun.data(40, CLASSES, 12);
    private static final MlpVaeConfig MODEL =
            new MlpVaeConfig(TinyRun.FEATURES, 2, new int[] {5}, Activation.TANH, "bernoulli", 0);
    private static final FitOptions OPTIONS = FitOptions.defaults().withBackend("reference");

    @TempDir static Path dir;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    private static TrainingConfig training(int epochs, Binarization binarization) {
        return new TrainingConfig(
                "elbo", 1, 1, 0, "adam", 0.01, 16, epochs, binarization, 7, DType.FLOAT32);
    }

    private static org.apache.spark.sql.Dataset<Row> rows(Dataset data) {
        return TinyRun.rows(spark, data, TinyRun.ids(data.size(), 0, 1));
    }

    private static Path fit(
            String name, MlpVaeConfig model, TrainingConfig training, FitOptions options) {
        Path run = dir.resolve(name);
        VaeSpark.fit(spark, rows(TRAIN), rows(TEST), model, training, options, run);
        return run;
    }

    /** Trains on one machine as {@code vae train} does and saves the checkpoint. */
    private static Path trainer(String name, MlpVaeConfig model, TrainingConfig training)
            throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        try (Backend backend = ReferenceBackend.create();
                Vae vae =
                        model.build(
                                Init.on(
                                        backend,
                                        training.dtype(),
                                        Rng.seeded(training.seed()).fork(0)));
                Optimizer opt = training.buildOptimizer(vae.namedParameters())) {
            RunInfo info = new RunInfo(model, training, 0, List.of(), Map.of());
            Trainer.builder(vae, opt)
                    .objective(training.buildObjective())
                    .batchSize(training.batchSize())
                    .epochs(training.epochs())
                    .binarization(training.binarization())
                    .seed(training.seed())
                    .listener(
                            new CheckpointSaver(
                                    run.resolve(Checkpoints.FILE_NAME), vae, opt, info, 1))
                    .build()
                    .fit(TRAIN, TEST);
        }
        return run;
    }

    @ParameterizedTest
    @EnumSource(Binarization.class)
    void oneWorkerAveragingEveryFourStepsTrainsBitForBitAsTheTrainer(Binarization binarization)
            throws IOException {
        TrainingConfig training = training(2, binarization);
        Path spark =
                fit(
                        "one-" + binarization,
                        MODEL,
                        training,
                        OPTIONS.withWorkers(1).withAverageEvery(4));
        Path one = trainer("trainer-" + binarization, MODEL, training);
        assertSameState(spark, one);
        assertSameTestLosses(spark, one);
    }

    @Test
    void oneWorkerWithTheOptimizerOnTheDriverTrainsBitForBitAsTheTrainerOnAConditionalModel()
            throws IOException {
        MlpVaeConfig conditional =
                new MlpVaeConfig(
                        TinyRun.FEATURES, 2, new int[] {5}, Activation.TANH, "bernoulli", CLASSES);
        TrainingConfig training = training(2, Binarization.NONE);
        FitOptions driver = OPTIONS.withWorkers(1).withOptimizerState(OptimizerState.DRIVER);
        assertSameState(
                fit("driver-conditional", conditional, training, driver),
                trainer("trainer-conditional", conditional, training));
    }

    @Test
    void aResumedRunEndsWithTheBitsOfAnUninterruptedOne() {
        FitOptions three = OPTIONS.withWorkers(3).withAverageEvery(2);
        Path whole = fit("whole", MODEL, training(3, Binarization.DYNAMIC), three);
        Path parts = fit("parts", MODEL, training(1, Binarization.DYNAMIC), three);
        assertThat(Checkpoints.inspect(parts.resolve(Checkpoints.FILE_NAME)).epoch()).isEqualTo(1);
        VaeSpark.resume(spark, rows(TRAIN), rows(TEST), parts, 2, three);
        VaeSpark.resume(spark, rows(TRAIN), rows(TEST), parts, 3, three);
        assertSameState(parts, whole);
        assertSameTestLosses(parts, whole);
    }

    @Test
    void twoWorkersLowerTheLossAndWriteTheRunVaeTrainWrites() throws IOException {
        for (OptimizerState state : OptimizerState.values()) {
            Path run =
                    fit(
                            "two-" + state,
                            MODEL,
                            training(3, Binarization.NONE),
                            OPTIONS.withOptimizerState(state));
            List<EpochMetrics> metrics = MetricsLog.read(run.resolve("metrics.jsonl"));
            assertThat(metrics).hasSize(3);
            assertThat(metrics.get(2).trainLoss()).isLessThan(metrics.get(0).trainLoss());
            assertThat(metrics.get(2).testLoss()).isLessThan(metrics.get(0).testLoss());
            try (Backend backend = ReferenceBackend.create();
                    Restored restored =
                            Checkpoints.load(run.resolve(Checkpoints.FILE_NAME), backend)) {
                assertThat(restored.info().epoch()).isEqualTo(3);
                assertThat(restored.info().history()).isEqualTo(metrics);
                assertThat(restored.info().provenance())
                        .containsEntry("spark_workers", "2")
                        .containsEntry("spark_optimizer_state", state.name().toLowerCase());
                assertThat(restored.optimizer().stepCount()).isPositive();
            }
        }
    }

    @Test
    void twoWorkersAveragingEveryStepAreTheSameOnEveryRun() {
        TrainingConfig training = training(1, Binarization.DYNAMIC);
        assertSameState(
                fit("again-1", MODEL, training, OPTIONS), fit("again-2", MODEL, training, OPTIONS));
    }

    @Test
    void aRunDirectoryThatHoldsARunIsRefused() {
        Path run = fit("taken", MODEL, training(1, Binarization.NONE), OPTIONS);
        assertThatThrownBy(() -> fit("taken", MODEL, training(1, Binarization.NONE), OPTIONS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        run
                                + " already holds a run. Continue it with VaeSpark.resume, or"
                                + " choose another directory");
    }

    @Test
    void aScheduleOrADataMeanBiasIsRefusedRatherThanIgnored() {
        TrainingConfig base = training(1, Binarization.NONE);
        for (TrainingConfig t :
                List.of(
                        base.withSchedule(
                                org.vae4j.core.optim.ScheduleSpec.parse("step:1:0.5", 1), 1e-8),
                        base.withInit(
                                org.vae4j.core.nn.InitScheme.GLOROT,
                                org.vae4j.core.model.OutputBias.DATA_MEAN))) {
            assertThatThrownBy(() -> fit("scheduled", MODEL, t, OPTIONS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Training on Spark keeps one learning rate");
        }
    }

    @Test
    void badInputFailsWithOneLine() {
        TrainingConfig training = training(1, Binarization.NONE);
        org.apache.spark.sql.Dataset<Row> renamed =
                rows(TRAIN).withColumnRenamed("features", "pixels");
        assertThatThrownBy(
                        () ->
                                VaeSpark.fit(
                                        spark,
                                        renamed,
                                        null,
                                        MODEL,
                                        training,
                                        OPTIONS,
                                        dir.resolve("renamed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Column 'features' is not in the input, whose columns are [id, pixels,"
                                + " label]; name the column with FitOptions.withFeatureColumn");
        Dataset five = Dataset.ofFloats(new float[] {1, 0, 1, 0, 1}, 1, 5, null);
        assertThatThrownBy(
                        () ->
                                VaeSpark.fit(
                                        spark,
                                        rows(five),
                                        null,
                                        MODEL,
                                        training,
                                        OPTIONS,
                                        dir.resolve("five")))
                .rootCause()
                .hasMessage(
                        "Row id=0: column 'features' holds 5 values, but the model takes 6 values"
                                + " per row");
        assertThatThrownBy(
                        () -> OPTIONS.withOptimizerState(OptimizerState.DRIVER).withAverageEvery(2))
                .hasMessageStartingWith(
                        "With the optimizer on the driver, workers send one gradient");
    }

    @Test
    void aLongerResumeThanTheRunHasIsRequiredAndAnEqualOneDoesNothing() {
        Path run = fit("short", MODEL, training(1, Binarization.NONE), OPTIONS);
        TrainingResult none = VaeSpark.resume(spark, rows(TRAIN), null, run, 1, OPTIONS);
        assertThat(none.epochs()).isEmpty();
        assertThatThrownBy(() -> VaeSpark.resume(spark, rows(TRAIN), null, run, 0, OPTIONS))
                .hasMessageContaining("0 epochs are fewer than the 1 the run in");
    }

    /** Checks that two runs' checkpoints hold the same model and optimizer state, bit for bit. */
    static void assertSameState(Path a, Path b) {
        try (Backend backend = ReferenceBackend.create();
                Restored x = Checkpoints.load(a.resolve(Checkpoints.FILE_NAME), backend);
                Restored y = Checkpoints.load(b.resolve(Checkpoints.FILE_NAME), backend)) {
            assertSameTensors(x.vae().stateDict(), y.vae().stateDict());
            assertSameTensors(x.optimizer().state(), y.optimizer().state());
            assertThat(x.optimizer().stepCount()).isEqualTo(y.optimizer().stepCount());
        }
    }

    private static void assertSameTensors(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet()).isNotEmpty();
        a.forEach(
                (name, t) ->
                        assertThat(t.toFloats()).as(name).containsExactly(b.get(name).toFloats()));
    }

    private static void assertSameTestLosses(Path a, Path b) {
        List<Double> x =
                Checkpoints.inspect(a.resolve(Checkpoints.FILE_NAME)).history().stream()
                        .map(EpochMetrics::testLoss)
                        .toList();
        List<Double> y =
                Checkpoints.inspect(b.resolve(Checkpoints.FILE_NAME)).history().stream()
                        .map(EpochMetrics::testLoss)
                        .toList();
        assertThat(x).isEqualTo(y);
    }
}
