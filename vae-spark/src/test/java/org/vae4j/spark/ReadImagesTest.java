package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vae4j.spark.OneMachine.byId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.DataFormatException;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.ImageData;

/** Reading a folder of IDX images into rows, and scoring them as one machine scores the images. */
class ReadImagesTest {
    private static final int TRAIN = 10;
    private static final int TEST = 7;

    @TempDir static Path dir;
    private static SparkSession spark;
    private static Path images;
    private static Path run;

    @BeforeAll
    static void start() throws IOException {
        spark = LocalSpark.session();
        images = Files.createDirectory(dir.resolve("images"));
        writeSplit("train", TRAIN, 1);
        writeSplit("t10k", TEST, 2);
        Path runDir = Files.createDirectory(dir.resolve("run"));
        run = TinyRun.train(runDir, ImageData.load(images).train(), 0, Binarization.NONE);
    }

    /** Writes {@code n} 2x3 unsigned-byte images and their labels (0..2) as IDX files. */
    private static void writeSplit(String split, int n, int seed) throws IOException {
        ByteBuffer pixels = ByteBuffer.allocate(16 + n * TinyRun.FEATURES);
        pixels.putInt(0x0803).putInt(n).putInt(2).putInt(3);
        for (int i = 0; i < n * TinyRun.FEATURES; i++) {
            pixels.put((byte) (seed * 29 * i + 11));
        }
        ByteBuffer labels = ByteBuffer.allocate(8 + n);
        labels.putInt(0x0801).putInt(n);
        for (int i = 0; i < n; i++) {
            labels.put((byte) (i % 3));
        }
        Files.write(images.resolve(split + "-images-idx3-ubyte"), pixels.array());
        Files.write(images.resolve(split + "-labels-idx1-ubyte"), labels.array());
    }

    @Test
    void aSplitBecomesRowsOfIndexValuesAndLabel() {
        org.apache.spark.sql.Dataset<Row> rows =
                VaeSpark.readImages(spark, images, ImageSplit.TEST);
        assertThat(rows.columns()).containsExactly("id", "features", "label");
        assertThat(rows.schema().apply("features").dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
        Dataset test = ImageData.load(images).test();
        List<Row> read = byId(rows);
        assertThat(read).hasSize(TEST);
        for (int i = 0; i < TEST; i++) {
            Row row = read.get(i);
            assertThat(row.getLong(0)).isEqualTo(i);
            float[] values = new float[TinyRun.FEATURES];
            for (int f = 0; f < values.length; f++) {
                values[f] = row.<Float>getList(1).get(f);
            }
            assertThat(values).containsExactly(test.gather(new int[] {i}));
            assertThat(row.getInt(2)).isEqualTo(i % 3);
        }
        assertThat(VaeSpark.readImages(spark, images, ImageSplit.TRAIN).count()).isEqualTo(TRAIN);
    }

    @Test
    void readImagesScoreAsOneMachineScoresTheTestSplitByIndex() {
        long[] index = TinyRun.ids(TEST, 0, 1);
        ScoreOptions options = ScoreOptions.defaults().withBackend("reference").withIwSamples(5);
        org.apache.spark.sql.Dataset<Row> rows =
                VaeSpark.readImages(spark, images, ImageSplit.TEST).repartition(2);
        OneMachine.assertMatch(
                byId(VaeSpark.score(spark, run, rows, options)),
                OneMachine.scores(
                        run, ImageData.load(images).test(), index, Binarization.NONE, 1, 5));
    }

    @Test
    void aFolderWithoutImagesIsRefusedAsVaeCoreRefusesIt() {
        assertThatThrownBy(() -> VaeSpark.readImages(spark, dir.resolve("run"), ImageSplit.TEST))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("holds no image data that vae4j reads");
    }
}
