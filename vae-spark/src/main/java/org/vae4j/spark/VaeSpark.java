package org.vae4j.spark;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingResult;

/**
 * vae4j's entry points for Spark programs.
 *
 * <p>{@link #fit} trains a model data-parallel on Spark and writes the run directory {@code vae
 * train} writes ({@link SparkTrainer}); {@link #resume} continues it. {@link #score} adds, per row
 * of a {@code Dataset<Row>}, the posterior's mean {@code mu} and log-variance {@code log_var}, the
 * one-sample {@code elbo} with its {@code reconstruction} and {@code kl}, and with {@link
 * ScoreOptions#withIwSamples K importance samples} the estimated {@code log_likelihood}, all in
 * nats. The checkpoint is broadcast once; each executor JVM opens one backend through {@code
 * Backends} discovery and restores the model once, then reuses both across tasks. A row's random
 * draws come from {@code Rng.seeded(seed).fork(key)}, its key being its id ({@link
 * org.vae4j.core.eval.ExampleScorer}), so the numbers are the same for any partitioning and row
 * order, and equal {@code ExampleScorer}'s on one machine.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().parquet("images.parquet");      // id: long, features: array<float>
 * Dataset<Row> scores = VaeSpark.score(spark, Path.of("runs/mnist"), images,
 *         ScoreOptions.defaults().withIwSamples(100));
 * scores.write().parquet("scores.parquet");
 * }</pre>
 */
public final class VaeSpark {
    private VaeSpark() {}

    /**
     * Scores every row of {@code input} with the run in {@code run}: a directory written by {@code
     * vae train}, or its {@code checkpoint.safetensors}.
     *
     * @throws IllegalArgumentException if a column the options name is missing or of a type that
     *     cannot be scored
     * @throws org.vae4j.core.io.CheckpointException if the checkpoint cannot be read
     */
    public static Dataset<Row> score(
            SparkSession spark, Path run, Dataset<Row> input, ScoreOptions options) {
        return score(spark, CheckpointBytes.read(run), input, options);
    }

    /**
     * Scores every row of {@code input} with the checkpoint whose file contents are {@code
     * checkpoint} (not copied: leave them unchanged).
     *
     * @throws IllegalArgumentException if a column the options name is missing or of a type that
     *     cannot be scored
     * @throws org.vae4j.core.io.CheckpointException if the bytes are not a vae4j checkpoint
     */
    public static Dataset<Row> score(
            SparkSession spark, byte[] checkpoint, Dataset<Row> input, ScoreOptions options) {
        return score(spark, CheckpointBytes.of(checkpoint), input, options);
    }

    private static Dataset<Row> score(
            SparkSession spark,
            CheckpointBytes checkpoint,
            Dataset<Row> input,
            ScoreOptions options) {
        RunInfo info = checkpoint.inspect();
        int features = info.model().features();
        int classes = info.model().conditions();
        ScoreInput in = ScoreInput.of(spark, input, options, features, classes > 0);
        RowReader reader =
                new RowReader(
                        options.idColumn(),
                        options.featureColumn(),
                        options.labelColumn(),
                        features,
                        in.bytes(),
                        classes);
        Binarization binarization =
                info.training().binarization() == Binarization.NONE
                        ? Binarization.NONE
                        : Binarization.STATIC;
        Broadcast<CheckpointBytes> shared =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(checkpoint);
        return in.rows()
                .mapPartitions(
                        new ScoringJob(shared, reader, binarization, options),
                        Encoders.row(ScoreColumns.schema(in.idType(), options.iwSamples() > 0)));
    }

    /**
     * Trains a new model on Spark and writes its run into {@code run} as {@code vae train} does:
     * {@code checkpoint.safetensors} and {@code metrics.jsonl}, replaced atomically after every
     * epoch. The rows of {@code train} are taken in the input's order; {@code test} (null for none)
     * is collected to the driver and evaluated there after each epoch. The model starts from {@code
     * vae train}'s initialisation, so one worker trains exactly as {@code vae train} does. See
     * {@link SparkTrainer} for the scheme.
     *
     * @param training the settings; its batch size is each worker's
     * @throws IllegalStateException if {@code run} already holds a checkpoint
     * @throws IllegalArgumentException if a column is missing or of the wrong type
     */
    public static TrainingResult fit(
            SparkSession spark,
            Dataset<Row> train,
            Dataset<Row> test,
            ModelConfig model,
            TrainingConfig training,
            FitOptions options,
            Path run) {
        return SparkRuns.fresh(spark, train, test, model, training, options, run);
    }

    /**
     * Continues the run in {@code run} up to {@code epochs} epochs in all, with its own settings,
     * writing its checkpoint and metrics after every epoch. With the same rows, test rows and
     * distributed options as before it ends with the same bits as an uninterrupted run; other
     * options are logged as a warning.
     *
     * @throws org.vae4j.core.io.CheckpointException if the run's checkpoint cannot be read
     * @throws IllegalArgumentException if {@code epochs} is fewer than the run has
     */
    public static TrainingResult resume(
            SparkSession spark,
            Dataset<Row> train,
            Dataset<Row> test,
            Path run,
            int epochs,
            FitOptions options) {
        return SparkRuns.resume(spark, train, test, run, epochs, options);
    }

    /**
     * Reads one split of a folder of images that {@code vae train} reads (IDX files, {@code .npy}
     * arrays, or PNG/JPEG images in one subfolder per class) into rows of {@code id} (the image's
     * index in the split, {@code long}), {@code features} ({@code array<float>}, as {@code vae
     * eval} reads them) and, for labelled images, {@code label} ({@code int}). The images are read
     * on the driver, so the split must fit in its memory.
     *
     * @throws org.vae4j.core.data.DataFormatException if the folder holds no images vae4j reads
     */
    public static Dataset<Row> readImages(SparkSession spark, Path dir, ImageSplit split) {
        return ImageRows.read(spark, dir, split);
    }
}
