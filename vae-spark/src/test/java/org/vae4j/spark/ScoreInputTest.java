package org.vae4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vae4j.spark.OneMachine.byId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.io.CheckpointException;

/**
 * The forms of input {@link VaeSpark#score} takes (bytes, doubles, labels for a conditional model,
 * a run trained on binarized data) and the one-line errors for input it cannot take.
 */
class ScoreInputTest {
    private static final int N = 9;
    private static final long SEED = 3;
    private static final ScoreOptions OPTIONS =
            ScoreOptions.defaults().withBackend("reference").withSeed(SEED);
    private static final Dataset DATA = TinyRun.data(N, 0, 4);
    private static final Dataset LABELLED = TinyRun.data(N, 3, 5);

    @TempDir static Path dir;
    private static SparkSession spark;
    private static Path plain;
    private static Path conditional;
    private static Path binarized;
    private static long[] ids;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.session();
        plain =
                TinyRun.train(
                        Files.createDirectory(dir.resolve("plain")), DATA, 0, Binarization.NONE);
        conditional =
                TinyRun.train(
                        Files.createDirectory(dir.resolve("conditional")),
                        LABELLED,
                        3,
                        Binarization.NONE);
        binarized =
                TinyRun.train(
                        Files.createDirectory(dir.resolve("binarized")),
                        DATA,
                        0,
                        Binarization.DYNAMIC);
        ids = TinyRun.ids(N, 40, 1);
    }

    @Test
    void binaryImageBytesAreReadAsValueOver255() {
        byte[] pixels = new byte[N * TinyRun.FEATURES];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (37 * i);
        }
        Dataset bytes = Dataset.ofUnsignedBytes(pixels, N, TinyRun.FEATURES, null);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            byte[] image = new byte[TinyRun.FEATURES];
            System.arraycopy(pixels, i * TinyRun.FEATURES, image, 0, image.length);
            rows.add(RowFactory.create(ids[i], image));
        }
        StructType schema =
                new StructType()
                        .add("id", DataTypes.LongType)
                        .add("features", DataTypes.BinaryType);
        org.apache.spark.sql.Dataset<Row> input = spark.createDataFrame(rows, schema);
        OneMachine.assertMatch(
                byId(VaeSpark.score(spark, plain, input, OPTIONS.withIwSamples(4))),
                OneMachine.scores(plain, bytes, ids, Binarization.NONE, SEED, 4));
    }

    @Test
    void doubleValuesScoreAsTheFloatsTheyHold() {
        org.apache.spark.sql.Dataset<Row> floats = TinyRun.rows(spark, DATA, ids);
        org.apache.spark.sql.Dataset<Row> doubles =
                floats.withColumn("values", col("features").cast("array<double>")).drop("features");
        assertThat(byId(VaeSpark.score(spark, plain, doubles, OPTIONS.withFeatureColumn("values"))))
                .isEqualTo(byId(VaeSpark.score(spark, plain, floats, OPTIONS)));
    }

    @Test
    void aConditionalModelReadsEachRowsLabel() {
        OneMachine.assertMatch(
                byId(
                        VaeSpark.score(
                                spark, conditional, TinyRun.rows(spark, LABELLED, ids), OPTIONS)),
                OneMachine.scores(conditional, LABELLED, ids, Binarization.NONE, SEED, 0));
    }

    @Test
    void aRunTrainedOnBinarizedDataBinarizesEachRowFromItsOwnStream() {
        OneMachine.assertMatch(
                byId(VaeSpark.score(spark, binarized, TinyRun.rows(spark, DATA, ids), OPTIONS)),
                OneMachine.scores(binarized, DATA, ids, Binarization.STATIC, SEED, 0));
    }

    @Test
    void aMissingOrMistypedColumnIsRefusedBeforeAnyJobRuns() {
        org.apache.spark.sql.Dataset<Row> input = TinyRun.rows(spark, DATA, ids);
        assertThatThrownBy(
                        () ->
                                VaeSpark.score(
                                        spark, plain, input, OPTIONS.withFeatureColumn("pixels")))
                .hasMessage(
                        "Column 'pixels' is not in the input, whose columns are [id, features];"
                                + " name the column with ScoreOptions.withFeatureColumn");
        assertThatThrownBy(
                        () ->
                                VaeSpark.score(
                                        spark,
                                        plain,
                                        input.withColumn("features", col("id").cast("string")),
                                        OPTIONS))
                .hasMessage(
                        "Column 'features' is string, but the model takes array<float>,"
                                + " array<double> or binary of 6 values per row");
        assertThatThrownBy(
                        () ->
                                VaeSpark.score(
                                        spark,
                                        plain,
                                        input.withColumn("id", col("id").cast("double")),
                                        OPTIONS))
                .hasMessage(
                        "Column 'id' is double, but row ids are integers or strings; name another"
                                + " id column, or key rows by position with withIdColumn(null)");
        assertThatThrownBy(() -> VaeSpark.score(spark, conditional, input, OPTIONS))
                .hasMessage(
                        "Column 'label' is not in the input, whose columns are [id, features];"
                                + " name the column with ScoreOptions.withLabelColumn");
    }

    @Test
    void aRowOfTheWrongLengthFailsTheJobWithOneLineNamingTheColumnAndTheLength() {
        Dataset five = Dataset.ofFloats(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, 1, 5, null);
        org.apache.spark.sql.Dataset<Row> input =
                TinyRun.rows(spark, five, new long[] {77}).withColumnRenamed("features", "pixels");
        assertThatThrownBy(
                        () ->
                                VaeSpark.score(
                                                spark,
                                                plain,
                                                input,
                                                OPTIONS.withFeatureColumn("pixels"))
                                        .collectAsList())
                .rootCause()
                .hasMessage(
                        "Row id=77: column 'pixels' holds 5 values, but the model takes 6 values"
                                + " per row");
        org.apache.spark.sql.Dataset<Row> nulls =
                TinyRun.rows(spark, DATA, ids)
                        .withColumn("features", when(col("id").notEqual(44), col("features")));
        assertThatThrownBy(() -> VaeSpark.score(spark, plain, nulls, OPTIONS).collectAsList())
                .rootCause()
                .hasMessage(
                        "Row id=44: column 'features' is null, but the model takes 6 values per row");
    }

    @Test
    void aLabelOutsideTheConditionalModelsClassesFailsTheJobWithOneLine() {
        org.apache.spark.sql.Dataset<Row> input =
                TinyRun.rows(spark, LABELLED, ids)
                        .withColumn(
                                "label", when(col("id").equalTo(42), 5).otherwise(col("label")));
        assertThatThrownBy(() -> VaeSpark.score(spark, conditional, input, OPTIONS).collectAsList())
                .rootCause()
                .hasMessage(
                        "Row id=42: column 'label' is 5, but the conditional model takes a class in"
                                + " 0..2");
    }

    @Test
    void aMissingRunOrBytesThatAreNoCheckpointAreRefusedNamingWhatWasGiven() {
        org.apache.spark.sql.Dataset<Row> input = TinyRun.rows(spark, DATA, ids);
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> VaeSpark.score(spark, missing, input, OPTIONS))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(missing + ": cannot be read")
                .hasMessageEndingWith("Give a run directory written by 'vae train'");
        assertThatThrownBy(() -> VaeSpark.score(spark, new byte[] {1, 2, 3}, input, OPTIONS))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("the checkpoint bytes: ");
    }
}
