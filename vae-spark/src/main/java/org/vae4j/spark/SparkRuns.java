package org.vae4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.core.Version;
import org.vae4j.core.checkpoint.CheckpointSaver;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.OutputBias;
import org.vae4j.core.model.Vae;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.optim.ScheduleSpec;
import org.vae4j.core.train.MetricsLog;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingResult;

/**
 * Run directories that {@link VaeSpark#fit} and {@link VaeSpark#resume} write as {@code vae train}
 * does: {@code checkpoint.safetensors} and {@code metrics.jsonl}, each replaced atomically after
 * every epoch, with the distributed settings in the checkpoint's provenance.
 */
final class SparkRuns {
    /** The provenance keys of the distributed settings, which a resumed run compares. */
    static final List<String> SCHEME =
            List.of("spark_workers", "spark_average_every", "spark_optimizer_state");

    private static final String METRICS = "metrics.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(SparkRuns.class);

    private SparkRuns() {}

    static TrainingResult fresh(
            SparkSession spark,
            Dataset<Row> train,
            Dataset<Row> test,
            ModelConfig model,
            TrainingConfig training,
            FitOptions options,
            Path dir) {
        Path checkpoint = dir.resolve(Checkpoints.FILE_NAME);
        if (Files.exists(checkpoint)) {
            throw new IllegalStateException(
                    dir
                            + " already holds a run. Continue it with VaeSpark.resume, or choose"
                            + " another directory");
        }
        if (training.outputBias() != OutputBias.INIT
                || !training.schedule().equals(ScheduleSpec.CONSTANT)) {
            throw new IllegalArgumentException(
                    "Training on Spark keeps one learning rate and the output bias as drawn;"
                            + " train with the constant schedule and the init output bias, or on"
                            + " one machine with vae train");
        }
        createDirectories(dir);
        try (Backend backend = Backends.open(options.backend(), null);
                Vae vae =
                        model.build(
                                training.buildInit(backend, Rng.seeded(training.seed()).fork(0)));
                Optimizer optimizer = training.buildOptimizer(vae.namedParameters())) {
            RunInfo run = new RunInfo(model, training, 0, List.of(), provenance(backend, options));
            return train(spark, vae, optimizer, run, options, train, test, dir);
        }
    }

    static TrainingResult resume(
            SparkSession spark,
            Dataset<Row> train,
            Dataset<Row> test,
            Path dir,
            int epochs,
            FitOptions options) {
        try (Backend backend = Backends.open(options.backend(), null);
                Restored saved = Checkpoints.load(dir.resolve(Checkpoints.FILE_NAME), backend)) {
            RunInfo info = saved.info();
            if (epochs < info.epoch()) {
                throw new IllegalArgumentException(
                        epochs
                                + " epochs are fewer than the "
                                + info.epoch()
                                + " the run in "
                                + dir
                                + " already has; give at least "
                                + info.epoch());
            }
            Map<String, String> provenance = provenance(backend, options);
            for (String key : SCHEME) {
                String before = info.provenance().get(key);
                if (before != null && !before.equals(provenance.get(key))) {
                    LOG.warn(
                            "{} was trained with {}={} and resumes with {}: it will not end with"
                                    + " the numbers of an uninterrupted run",
                            dir,
                            key,
                            before,
                            provenance.get(key));
                }
            }
            RunInfo run =
                    new RunInfo(
                            info.model(),
                            info.training().withEpochs(epochs),
                            info.epoch(),
                            info.history(),
                            provenance);
            return train(spark, saved.vae(), saved.optimizer(), run, options, train, test, dir);
        }
    }

    private static TrainingResult train(
            SparkSession spark,
            Vae vae,
            Optimizer optimizer,
            RunInfo run,
            FitOptions options,
            Dataset<Row> train,
            Dataset<Row> test,
            Path dir) {
        if (run.epoch() == run.training().epochs()) {
            return new TrainingResult(List.of(), null);
        }
        return SparkTrainer.builder(spark, vae, optimizer, run)
                .options(options)
                .listener(
                        new CheckpointSaver(
                                dir.resolve(Checkpoints.FILE_NAME), vae, optimizer, run, 1))
                .listener(new MetricsLog(dir.resolve(METRICS), run.history()))
                .build()
                .fit(train, test);
    }

    /** Returns where a run comes from: vae4j, the driver's backend, the distributed settings. */
    static Map<String, String> provenance(Backend backend, FitOptions options) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("vae4j_version", Version.get());
        p.put("backend", backend.name());
        p.put("device", backend.device().toString());
        p.put(SCHEME.get(0), Integer.toString(options.workers()));
        p.put(SCHEME.get(1), Integer.toString(options.averageEvery()));
        p.put(SCHEME.get(2), options.optimizerState().name().toLowerCase(Locale.ROOT));
        p.put("java", System.getProperty("java.version"));
        return p;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
