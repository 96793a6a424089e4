package org.vae4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.vae4j.core.data.Binarization;

/**
 * Reads an input {@code Dataset<Row>} for training: checks its columns against the model on the
 * driver, keys each row by its position, and reads its values with the checks scoring applies. A
 * statically binarized run binarizes row {@code i} with the draws {@code vae train} gives row
 * {@code i}, so that one worker trains on the data one machine does.
 */
final class TrainingRows {
    private static final int READ_BATCH = 256;

    private TrainingRows() {}

    /**
     * Returns the rows, read lazily.
     *
     * @param features the values per row the model takes
     * @param classes the classes of a conditional model, 0 for none
     * @param binarize for a statically binarized run, the state of the stream it binarizes the
     *     training set from ({@code Trainer}'s); null to keep the values
     * @throws IllegalArgumentException if a column is missing or has a type that cannot be read
     */
    static JavaRDD<IndexedRow> read(
            SparkSession spark,
            Dataset<Row> input,
            FitOptions options,
            int features,
            int classes,
            StreamState binarize) {
        ScoreInput in =
                ScoreInput.of(
                        spark,
                        input,
                        new ScoreInput.Columns(
                                "FitOptions", options.featureColumn(), null, options.labelColumn()),
                        features,
                        classes > 0);
        RowReader reader =
                new RowReader(
                        "id",
                        options.featureColumn(),
                        options.labelColumn(),
                        features,
                        in.bytes(),
                        classes);
        return in.rows().javaRDD().mapPartitions(rows -> readAll(reader, rows, features, binarize));
    }

    /** Returns the rows, read and kept in the executors' memory (spilling to disk). */
    static JavaRDD<IndexedRow> cached(
            SparkSession spark,
            Dataset<Row> input,
            FitOptions options,
            int features,
            int classes,
            StreamState binarize) {
        return read(spark, input, options, features, classes, binarize)
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Collects the rows to the driver as a vae-core dataset, in input order. */
    static org.vae4j.core.data.Dataset collect(
            SparkSession spark, Dataset<Row> input, FitOptions options, int features, int classes) {
        List<IndexedRow> rows =
                new ArrayList<>(read(spark, input, options, features, classes, null).collect());
        rows.sort(Comparator.comparingLong(IndexedRow::index));
        float[] values = new float[Math.multiplyExact(rows.size(), features)];
        int[] labels = classes > 0 ? new int[rows.size()] : null;
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).values(), 0, values, i * features, features);
            if (labels != null) {
                labels[i] = rows.get(i).label();
            }
        }
        return org.vae4j.core.data.Dataset.ofFloats(values, rows.size(), features, labels);
    }

    private static Iterator<IndexedRow> readAll(
            RowReader reader, Iterator<Row> rows, int features, StreamState binarize) {
        List<IndexedRow> out = new ArrayList<>();
        while (rows.hasNext()) {
            RowReader.Batch batch = reader.read(rows, READ_BATCH);
            int[] labels = batch.data().labels().orElse(null);
            for (int i = 0; i < batch.keys().length; i++) {
                long index = batch.keys()[i];
                float[] x = batch.data().gather(new int[] {i});
                if (binarize != null) {
                    binarize(x, index, binarize);
                }
                out.add(new IndexedRow(index, x, labels == null ? -1 : labels[i]));
            }
        }
        return out.iterator();
    }

    /**
     * Binarizes row {@code index} as {@link Binarization#prepare} does: it draws {@code
     * uniforms(features)} per row in order, a whole number of blocks each, so row {@code i}'s draws
     * start {@code i} times that many blocks into the stream.
     */
    private static void binarize(float[] x, long index, StreamState stream) {
        long blocksPerRow = (x.length + 1) / 2;
        double[] u = stream.skip(index * blocksPerRow).rng().uniforms(x.length);
        for (int f = 0; f < x.length; f++) {
            x[f] = u[f] < x[f] ? 1f : 0f;
        }
    }
}
