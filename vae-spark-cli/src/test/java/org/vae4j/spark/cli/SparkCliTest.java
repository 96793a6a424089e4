package org.vae4j.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.spark.ImageSplit;

/**
 * The vae spark command line in-process on {@code local[2]}: training on an IDX folder, resuming,
 * scoring into Parquet written all at once, and the one-line errors.
 */
class SparkCliTest {

    @TempDir static Path dir;
    private static Path images;
    private static Path run;
    private static SparkSession spark;

    /** What one command printed and returned. */
    record Result(int code, String out, String err) {}

    private static Result vae(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--master", "local[2]", "--backend", "reference"));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code vae spark score} of the trained run over {@code input} into {@code output}. */
    private static Result score(String input, Path output, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "score",
                                "--model",
                                run.toString(),
                                "--input",
                                input,
                                "--output",
                                output.toString()));
        args.addAll(List.of(more));
        return vae(args.toArray(String[]::new));
    }

    /** {@code vae spark score} of the trained run over the test images into {@code output}. */
    private static Result scoreImages(Path output, String... more) {
        return score(images.toString(), output, more);
    }

    @BeforeAll
    static void trainOnImages() throws IOException {
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .config("spark.ui.enabled", "false")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1")
                        .getOrCreate();
        images = Files.createDirectory(dir.resolve("images"));
        TinyImages.write(images, "train", 90, 1);
        TinyImages.write(images, "t10k", 30, 2);
        run = dir.resolve("run");
        Result r =
                vae(
                        "train",
                        "--input",
                        images.toString(),
                        "--out",
                        run.toString(),
                        "--epochs",
                        "1",
                        "--hidden",
                        "5",
                        "--latent",
                        "2",
                        "--batch-size",
                        "16",
                        "--lr",
                        "0.01");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Done: epoch 1, test loss ");
    }

    @Test
    void aTrainedRunResumesToMoreEpochsWithItsOwnSettings() throws IOException {
        Path copy = Files.createDirectory(dir.resolve("resumed"));
        Files.copy(run.resolve(Checkpoints.FILE_NAME), copy.resolve(Checkpoints.FILE_NAME));
        Result r =
                vae(
                        "train",
                        "--input",
                        images.toString(),
                        "--resume",
                        copy.toString(),
                        "--epochs",
                        "2");
        assertThat(r.code()).as(r.err()).isZero();
        RunInfo info = Checkpoints.inspect(copy.resolve(Checkpoints.FILE_NAME));
        assertThat(info.epoch()).isEqualTo(2);
        assertThat(info.model().features()).isEqualTo(TinyImages.FEATURES);
        assertThat(info.training().batchSize()).isEqualTo(16);
        assertThat(Files.readAllLines(copy.resolve("metrics.jsonl"))).hasSize(2);
        Result settings =
                vae(
                        "train",
                        "--input",
                        images.toString(),
                        "--resume",
                        copy.toString(),
                        "--lr",
                        "1");
        assertThat(settings.code()).isEqualTo(2);
        assertThat(settings.err())
                .isEqualTo(
                        "vae spark train: --lr cannot be combined with --resume: a resumed run"
                                + " keeps its own settings. Drop --lr or start a new run\n");
    }

    @Test
    void aRunIsNotOverwrittenWithoutForce() {
        Result r =
                vae(
                        "train",
                        "--input",
                        images.toString(),
                        "--out",
                        run.toString(),
                        "--epochs",
                        "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo(
                        "vae spark train: "
                                + run
                                + " already holds a run. Continue it with --resume "
                                + run
                                + ", overwrite it with --force, or choose another --out\n");
    }

    @Test
    void scoresAreWrittenAsParquetOnlyOnceCompleteAndNeverOverAnOutputWithoutForce() {
        Path output = dir.resolve("scores.parquet");
        String[] score = {
            "score",
            "--model",
            run.toString(),
            "--input",
            images.toString(),
            "--output",
            output.toString(),
            "--partitions",
            "3",
            "--iw-samples",
            "4"
        };
        Result r = vae(score);
        assertThat(r.code()).as(r.err()).isZero();
        List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
        assertThat(rows).hasSize(30);
        assertThat(rows.get(0).schema().fieldNames())
                .containsExactly(
                        "id", "mu", "log_var", "elbo", "reconstruction", "kl", "log_likelihood");
        Result again = vae(score);
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err())
                .isEqualTo(
                        "vae spark score: "
                                + output
                                + " already exists. Choose another --output, or replace it with"
                                + " --force\n");
        List<String> forced = new ArrayList<>(List.of(score));
        forced.add("--force");
        assertThat(vae(forced.toArray(String[]::new)).code()).isZero();
        assertThat(spark.read().parquet(output.toString()).count()).isEqualTo(30);
    }

    @Test
    void jsonLinesHoldTheNumbersParquetHolds() {
        List<Row> formats = new ArrayList<>();
        for (String format : List.of("parquet", "json")) {
            Path output = dir.resolve("scores-" + format);
            Result r = scoreImages(output, "--iw-samples", "3", "--format", format);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("Scored 30 rows of ").contains(" rows/s)");
            formats.addAll(
                    spark.read()
                            .format(format)
                            .load(output.toString())
                            .selectExpr("id", "elbo", "reconstruction", "kl", "log_likelihood")
                            .orderBy("id")
                            .collectAsList());
        }
        assertThat(formats).hasSize(60);
        for (int i = 0; i < 30; i++) {
            Row parquet = formats.get(i);
            Row json = formats.get(30 + i);
            assertThat(json.getLong(0)).isEqualTo(i);
            for (int c = 0; c < 5; c++) {
                assertThat(((Number) json.get(c)).doubleValue())
                        .isEqualTo(((Number) parquet.get(c)).doubleValue());
            }
        }
        Result csv = scoreImages(dir.resolve("scores-csv"), "--format", "csv");
        assertThat(csv.code()).isEqualTo(2);
        assertThat(csv.err())
                .isEqualTo("vae spark score: --format is parquet or json, not 'csv'\n");
    }

    @Test
    void syntheticRowsAreTheSameForAnyPartitioning() {
        List<List<Row>> runs = new ArrayList<>();
        for (String partitions : List.of("as generated", "1", "3")) {
            Path output = dir.resolve("synthetic-" + partitions.replace(' ', '-'));
            Result r =
                    partitions.equals("as generated")
                            ? score("synthetic:40:6", output)
                            : score("synthetic:40:6", output, "--partitions", partitions);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("Scored 40 rows of synthetic:40:6 ");
            runs.add(
                    spark.read()
                            .parquet(output.toString())
                            .selectExpr("id", "elbo", "kl")
                            .orderBy("id")
                            .collectAsList());
        }
        assertThat(runs.get(0)).hasSize(40).isEqualTo(runs.get(1)).isEqualTo(runs.get(2));
        assertThat(runs.get(0).get(39).getLong(0)).isEqualTo(39);
        Result bad = score("synthetic:40", dir.resolve("z"));
        assertThat(bad.err())
                .isEqualTo(
                        "vae spark score: --input synthetic:40: synthetic input is"
                                + " synthetic:ROWS:FEATURES with two positive integers, e.g."
                                + " synthetic:1000000:784\n");
    }

    @Test
    void syntheticValuesAreTheDocumentedFunctionOfIdAndPosition() {
        List<Row> rows = Inputs.read(spark, "synthetic:300:1000", ImageSplit.TEST).collectAsList();
        assertThat(rows).hasSize(300);
        for (Row row : rows) {
            long id = row.getLong(0);
            byte[] x = row.getAs(1);
            assertThat(x).hasSize(1000);
            for (int i = 0; i < x.length; i++) {
                long expected = Math.floorMod(id * 7919 + i * 104729L, 256);
                assertThat(x[i] & 0xFF).as("id %d, value %d", id, i).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRowOfTheWrongLengthFailsWithOneLineAndLeavesNoOutput() throws IOException {
        Path input = dir.resolve("five.parquet");
        spark.createDataFrame(
                        List.of(RowFactory.create(7L, new float[] {1, 0, 1, 0, 1})),
                        DataTypes.createStructType(
                                List.of(
                                        DataTypes.createStructField(
                                                "id", DataTypes.LongType, false),
                                        DataTypes.createStructField(
                                                "features",
                                                DataTypes.createArrayType(DataTypes.FloatType),
                                                false))))
                .write()
                .parquet(input.toString());
        Path output = dir.resolve("five-scores");
        Result r = score(input.toString(), output);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo(
                        "vae spark score: Row id=7: column 'features' holds 5 values, but the"
                                + " model takes 6 values per row\n");
        assertThat(output).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(".five-scores"));
        }
    }

    @Test
    void aMissingColumnOrInputOrRunIsOneLine() {
        Result column = scoreImages(dir.resolve("x"), "--feature-column", "pixels");
        assertThat(column.err())
                .isEqualTo(
                        "vae spark score: Column 'pixels' is not in the input, whose columns are"
                                + " [id, features, label]; name the column with"
                                + " ScoreOptions.withFeatureColumn\n");
        Path missing = dir.resolve("missing");
        Result input =
                vae("train", "--input", missing.toString(), "--out", dir.resolve("y").toString());
        assertThat(input.err())
                .isEqualTo(
                        "vae spark train: "
                                + missing
                                + " does not exist. Give a Parquet file or folder, or an image"
                                + " folder\n");
        Result model =
                vae(
                        "score",
                        "--model",
                        missing.toString(),
                        "--input",
                        images.toString(),
                        "--output",
                        dir.resolve("z").toString());
        assertThat(model.code()).isEqualTo(1);
        assertThat(model.err()).startsWith("vae spark score: " + missing + ": cannot be read");
        assertThat(model.err().lines()).hasSize(1);
    }
}
