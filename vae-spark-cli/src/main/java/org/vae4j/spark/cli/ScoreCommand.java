package org.vae4j.spark.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vae4j.spark.ImageSplit;
import org.vae4j.spark.ScoreOptions;
import org.vae4j.spark.VaeSpark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vae spark score}: scores every row of a Parquet input or an image folder with a trained
 * run ({@link VaeSpark#score}) and writes the scores as Parquet or JSON lines, all at once.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description =
                "Score every row with a trained run: embedding, ELBO and its terms, and with"
                        + " --iw-samples the estimated log-likelihood; writes Parquet or JSON.")
final class ScoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin SessionOptions session;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "RUN",
            description = "A run directory written by vae train or vae spark train.")
    Path model;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "PATH",
            description =
                    "Parquet (file, folder or URI) with the columns below, a folder of images"
                            + " as vae train reads them (its --split), or"
                            + " synthetic:ROWS:FEATURES, rows made up on the executors for load"
                            + " tests.")
    String input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "PATH",
            description = "Where to write the scores (a folder of --format files).")
    String output;

    @Option(
            names = "--format",
            paramLabel = "parquet|json",
            defaultValue = "parquet",
            description =
                    "Parquet, or JSON lines (one object per row, doubles exact) for readers"
                            + " without Parquet (default: parquet).")
    String format;

    @Option(names = "--force", description = "Replace --output once the new scores are written.")
    boolean force;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Repartition the input into N partitions (default: as read).")
    Integer partitions;

    @Option(
            names = "--iw-samples",
            paramLabel = "K",
            defaultValue = "0",
            description = "Importance samples of log p(x); 0 leaves it out (default: 0).")
    int iwSamples;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seed of every row's draws (default: 1).")
    long seed;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "256",
            description = "Rows per memory scope on the executors (default: 256).")
    int batchSize;

    @Option(
            names = "--feature-column",
            paramLabel = "NAME",
            defaultValue = "features",
            description = "array<float>, array<double> or binary values (default: features).")
    String featureColumn;

    @Option(
            names = "--id-column",
            paramLabel = "NAME",
            defaultValue = "id",
            description = "Integer or string row ids; 'none' keys rows by position (default: id).")
    String idColumn;

    @Option(
            names = "--label-column",
            paramLabel = "NAME",
            defaultValue = "label",
            description = "A conditional model's classes (default: label).")
    String labelColumn;

    @Option(
            names = "--split",
            paramLabel = "test|train",
            defaultValue = "test",
            description = "Which images of an image folder to score (default: test).")
    String split;

    @Override
    public Integer call() {
        if (!format.equals("parquet") && !format.equals("json")) {
            throw new UsageException("--format is parquet or json, not '" + format + "'");
        }
        if (partitions != null && partitions < 1) {
            throw new UsageException("--partitions must be > 0, but was " + partitions);
        }
        ScoreOptions options;
        try {
            options =
                    ScoreOptions.defaults()
                            .withFeatureColumn(featureColumn)
                            .withIdColumn(idColumn.equals("none") ? null : idColumn)
                            .withLabelColumn(labelColumn)
                            .withBatchSize(batchSize)
                            .withIwSamples(iwSamples)
                            .withSeed(seed)
                            .withBackend(session.backend);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        SparkSession spark = session.session("vae spark score");
        AtomicOutput out = AtomicOutput.check(spark, output, force);
        Dataset<Row> rows = Inputs.read(spark, input, imageSplit());
        long count = rows.count(); // before any shuffle: Parquet's footers, or rows in memory
        if (partitions != null) {
            rows = rows.repartition(partitions);
        }
        long start = System.nanoTime();
        out.write(VaeSpark.score(spark, model, rows, options), format);
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine()
                .getOut()
                .printf(
                        "Scored %,d rows of %s with %s into %s in %.1f s (%,.0f rows/s)%n",
                        count, input, model, output, seconds, count / seconds);
        return 0;
    }

    private ImageSplit imageSplit() {
        return switch (split) {
            case "test" -> ImageSplit.TEST;
            case "train" -> ImageSplit.TRAIN;
            default -> throw new UsageException("--split is test or train, not '" + split + "'");
        };
    }
}
