package org.vae4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.checkpoint.CheckpointSaver;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;

/** A run trained for two epochs on 6-value rows, saved as {@code vae train} saves one. */
final class TinyRun {
    static final int FEATURES = 6;

    private TinyRun() {}

    /**
     * Trains on {@code data} and writes {@code dir/checkpoint.safetensors}; {@code classes} > 0
     * makes a conditional model, whose data needs labels.
     */
    static Path train(Path dir, Dataset data, int classes, Binarization binarization) {
        MlpVaeConfig model =
                new MlpVaeConfig(FEATURES, 2, new int[] {5}, Activation.TANH, "bernoulli", classes);
        TrainingConfig config =
                new TrainingConfig(
                        "elbo", 1, 1, 0, "adam", 0.01, 8, 2, binarization, 3, DType.FLOAT32);
        Path file = dir.resolve(Checkpoints.FILE_NAME);
        try (Backend backend = ReferenceBackend.create();
                Vae vae = model.build(Init.on(backend, DType.FLOAT32, Rng.seeded(3)));
                Optimizer opt = config.buildOptimizer(vae.namedParameters())) {
            RunInfo run = new RunInfo(model, config, 0, List.of(), Map.of("backend", "reference"));
            Trainer.builder(vae, opt)
                    .objective(config.buildObjective())
                    .batchSize(config.batchSize())
                    .epochs(config.epochs())
                    .binarization(binarization)
                    .seed(config.seed())
                    .listener(new CheckpointSaver(file, vae, opt, run, 1))
                    .build()
                    .fit(data, data);
        }
        return dir;
    }

    /** Returns the ids {@code first, first + step, ...}, {@code n} of them. */
    static long[] ids(int n, long first, long step) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = first + step * i;
        }
        return ids;
    }

    /** Returns {@code n} rows of values in [0, 1], labelled with {@code classes} classes if > 0. */
    static Dataset data(int n, int classes, long seed) {
        double[] u = Rng.seeded(seed).uniforms(n * FEATURES);
        float[] x = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            x[i] = (float) u[i];
        }
        int[] labels = null;
        if (classes > 0) {
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % classes;
            }
        }
        return Dataset.ofFloats(x, n, FEATURES, labels);
    }

    /**
     * Returns the data as rows {@code (id: long, features: array<float>[, label: int])}, row {@code
     * i} with id {@code ids[i]}.
     */
    static org.apache.spark.sql.Dataset<Row> rows(SparkSession spark, Dataset data, long[] ids) {
        int[] labels = data.labels().orElse(null);
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        fields.add(
                DataTypes.createStructField(
                        "features", DataTypes.createArrayType(DataTypes.FloatType), true));
        if (labels != null) {
            fields.add(DataTypes.createStructField("label", DataTypes.IntegerType, true));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            float[] x = data.gather(new int[] {i});
            rows.add(
                    labels == null
                            ? RowFactory.create(ids[i], x)
                            : RowFactory.create(ids[i], x, labels[i]));
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(fields));
    }
}
