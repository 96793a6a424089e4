package org.vae4j.spark.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.spark.FitOptions;
import org.vae4j.spark.ImageSplit;
import org.vae4j.spark.OptimizerState;
import org.vae4j.spark.VaeSpark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vae spark train}: trains the MLP VAE of {@code vae train} data-parallel on Spark ({@link
 * VaeSpark#fit}) and writes the same run directory; {@code --resume} continues a run.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a VAE data-parallel on Spark and write a run directory as vae train does"
                        + " (checkpoint.safetensors, metrics.jsonl).")
final class TrainCommand implements Callable<Integer> {
    private static final String DEFAULT_EPOCHS = "10";

    @Spec CommandSpec spec;

    @Mixin SessionOptions session;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "PATH",
            description =
                    "Training rows: Parquet (file, folder or URI), or a folder of images as vae"
                            + " train reads them (its training split).")
    String input;

    @Option(
            names = "--test",
            paramLabel = "PATH",
            description =
                    "Test rows as Parquet, evaluated on the driver after each epoch (default: an"
                            + " image folder's test split; none for Parquet).")
    String test;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory to create.")
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "Continue this run, with its own settings, up to --epochs in all.")
    Path resume;

    @Option(names = "--force", description = "Remove the run in --out before training.")
    boolean force;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs in all (default: 10).")
    Integer epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Rows per step per worker (128).")
    Integer batchSize;

    @Option(names = "--latent", paramLabel = "N", description = "Latent size (default: 20).")
    Integer latent;

    @Option(
            names = "--hidden",
            paramLabel = "N[,N...]",
            split = ",",
            description = "Hidden layer sizes (default: 400).")
    int[] hidden;

    @Option(names = "--activation", paramLabel = "NAME", description = "relu, tanh, ... (relu).")
    String activation;

    @Option(names = "--likelihood", paramLabel = "NAME", description = "bernoulli, gaussian, ...")
    String likelihood;

    @Option(names = "--binarize", paramLabel = "none|static|dynamic", description = "(none)")
    String binarize;

    @Option(names = "--optimizer", paramLabel = "adam|adagrad|sgd", description = "(adam)")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: 1e-3).")
    Double lr;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every draw (default: 1).")
    Long seed;

    @Option(names = "--conditional", description = "Condition the model on the labels.")
    boolean conditional;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Shards, one task each per round (default: 2; resumed: the run's).")
    Integer workers;

    @Option(
            names = "--average-every",
            paramLabel = "N",
            description = "Local steps between two averagings (default: 1; resumed: the run's).")
    Integer averageEvery;

    @Option(
            names = "--optimizer-state",
            paramLabel = "averaged|driver",
            description =
                    "averaged (default): workers step their own optimizer, averaged with the"
                            + " parameters; driver: the driver steps one optimizer on averaged"
                            + " gradients. Resumed: the run's.")
    String optimizerState;

    @Option(
            names = "--feature-column",
            paramLabel = "NAME",
            defaultValue = "features",
            description = "Parquet column of the values (default: features).")
    String featureColumn;

    @Option(
            names = "--label-column",
            paramLabel = "NAME",
            defaultValue = "label",
            description = "Parquet column of the classes (default: label).")
    String labelColumn;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Use only the first N training and test rows, for quick trials.")
    Integer limit;

    @Override
    public Integer call() {
        if ((out == null) == (resume == null)) {
            throw new UsageException("Give either --out for a new run or --resume for an old one");
        }
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be > 0, but was " + limit);
        }
        RunInfo recorded = recorded();
        FitOptions options = fitOptions(recorded);
        if (resume != null) {
            rejectSettingsOnResume();
        } else {
            prepare(out);
        }
        SparkSession spark = session.session("vae spark train");
        Dataset<Row> train = limited(Inputs.read(spark, input, ImageSplit.TRAIN));
        Dataset<Row> testRows = testRows(spark);
        Path run = resume != null ? resume : out;
        if (resume != null) {
            int total = epochs != null ? epochs : recorded.training().epochs();
            VaeSpark.resume(spark, train, testRows, resume, total, options);
        } else {
            MlpVaeConfig model = model(train);
            VaeSpark.fit(spark, train, testRows, model, training(), options, out);
        }
        RunInfo info = Checkpoints.inspect(run.resolve(Checkpoints.FILE_NAME));
        EpochMetrics last = info.history().get(info.history().size() - 1);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "Done: epoch %d, test loss %.2f nats (rec %.2f + kl %.2f); %s holds the"
                                + " checkpoint and metrics.jsonl%n",
                        last.epoch(),
                        last.testLoss(),
                        last.testReconstruction(),
                        last.testKl(),
                        run);
        return 0;
    }

    /** The run being resumed (its checkpoint read before Spark starts), or null for a new run. */
    private RunInfo recorded() {
        return resume == null ? null : Checkpoints.inspect(resume.resolve(Checkpoints.FILE_NAME));
    }

    /** The distributed options given, else those {@code recorded} ran with, else the defaults. */
    private FitOptions fitOptions(RunInfo recorded) {
        try {
            FitOptions base =
                    recorded == null
                            ? FitOptions.defaults()
                            : FitOptions.defaults().withSchemeOf(recorded);
            return new FitOptions(
                    workers != null ? workers : base.workers(),
                    averageEvery != null ? averageEvery : base.averageEvery(),
                    optimizerState != null
                            ? OptimizerState.valueOf(optimizerState.toUpperCase(Locale.ROOT))
                            : base.optimizerState(),
                    featureColumn,
                    labelColumn,
                    session.backend);
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    e.getMessage().startsWith("No enum constant")
                            ? "--optimizer-state is averaged or driver, not '"
                                    + optimizerState
                                    + "'"
                            : e.getMessage());
        }
    }

    private TrainingConfig training() {
        try {
            return new TrainingConfig(
                    "elbo",
                    1,
                    1,
                    0,
                    optimizer != null ? optimizer : "adam",
                    lr != null ? lr : 1e-3,
                    batchSize != null ? batchSize : 128,
                    epochs != null ? epochs : Integer.parseInt(DEFAULT_EPOCHS),
                    binarize != null ? Binarization.parse(binarize) : Binarization.NONE,
                    seed != null ? seed : 1,
                    DType.FLOAT32);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The MLP VAE of vae train, its input the rows' length. */
    private MlpVaeConfig model(Dataset<Row> train) {
        int features = features(train);
        int classes = conditional ? classes(train) : 0;
        try {
            return new MlpVaeConfig(
                    features,
                    latent != null ? latent : 20,
                    hidden != null ? hidden : new int[] {400},
                    activation != null ? Activation.parse(activation) : Activation.RELU,
                    likelihood != null ? likelihood : "bernoulli",
                    classes);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private int features(Dataset<Row> train) {
        if (!List.of(train.columns()).contains(featureColumn)) {
            throw new IllegalArgumentException(
                    "Column '"
                            + featureColumn
                            + "' is not in "
                            + input
                            + ", whose columns are "
                            + List.of(train.columns())
                            + "; name the column with --feature-column");
        }
        List<Row> first = train.select(col(featureColumn)).limit(1).collectAsList();
        if (first.isEmpty() || first.get(0).isNullAt(0)) {
            throw new IllegalArgumentException(
                    input + " has no first row with values to size the model by; give rows");
        }
        Object v = first.get(0).get(0);
        return v instanceof byte[] b ? b.length : first.get(0).getList(0).size();
    }

    private int classes(Dataset<Row> train) {
        if (!List.of(train.columns()).contains(labelColumn)) {
            throw new IllegalArgumentException(
                    "--conditional needs labels, but column '"
                            + labelColumn
                            + "' is not in "
                            + input
                            + "; name the column with --label-column");
        }
        Row top = train.agg(max(col(labelColumn))).first();
        return top.isNullAt(0) ? 0 : ((Number) top.get(0)).intValue() + 1;
    }

    private Dataset<Row> testRows(SparkSession spark) {
        if (test != null) {
            return limited(Inputs.read(spark, test, ImageSplit.TEST));
        }
        return Inputs.isImageFolder(input)
                ? limited(Inputs.read(spark, input, ImageSplit.TEST))
                : null;
    }

    private Dataset<Row> limited(Dataset<Row> rows) {
        return limit == null ? rows : rows.limit(limit);
    }

    /** Refuses a run directory that holds a run, or with --force removes the run's files. */
    private void prepare(Path dir) {
        Path checkpoint = dir.resolve(Checkpoints.FILE_NAME);
        if (!Files.exists(checkpoint)) {
            return;
        }
        if (!force) {
            throw new UsageException(
                    dir
                            + " already holds a run. Continue it with --resume "
                            + dir
                            + ", overwrite it with --force, or choose another --out");
        }
        try {
            Files.delete(checkpoint);
            Files.deleteIfExists(dir.resolve("metrics.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the run in " + dir + ": " + e, e);
        }
    }

    /** A resumed run keeps its settings; only --epochs and the distributed options may be given. */
    private void rejectSettingsOnResume() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("--batch-size", batchSize);
        given.put("--latent", latent);
        given.put("--hidden", hidden);
        given.put("--activation", activation);
        given.put("--likelihood", likelihood);
        given.put("--binarize", binarize);
        given.put("--optimizer", optimizer);
        given.put("--lr", lr);
        given.put("--seed", seed);
        given.put("--conditional", conditional ? true : null);
        given.forEach(
                (name, value) -> {
                    if (value != null) {
                        throw new UsageException(
                                name
                                        + " cannot be combined with --resume: a resumed run keeps"
                                        + " its own settings. Drop "
                                        + name
                                        + " or start a new run");
                    }
                });
    }
}
