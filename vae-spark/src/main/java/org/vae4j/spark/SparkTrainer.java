package org.vae4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.eval.ElboReport;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingControl;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.TrainingResult;

/**
 * Trains a {@link Vae} on Spark, synchronously and data-parallel, as {@link
 * org.vae4j.core.train.Trainer} trains on one machine: each epoch's rows are shuffled with the
 * trainer's stream and cut into one shard per worker ({@code EpochShards}); each round the driver
 * broadcasts the model's state, every worker takes its next local batches on its shard, and the
 * driver combines the results with {@code treeAggregate} in a fixed order ({@code RoundSum}):
 * parameters and optimizer state averaged every {@link FitOptions#averageEvery N} local steps
 * ({@link OptimizerState#AVERAGED}), or gradients averaged into the driver's optimizer every step
 * ({@link OptimizerState#DRIVER}). After each epoch the driver evaluates the test set (collected to
 * it) and calls the listeners, which save checkpoints and metrics as {@code vae train} does.
 *
 * <p>Every random choice is a function of the seed, the epoch and the worker: worker 0 draws the
 * noise and binarization streams the trainer draws, worker {@code w > 0} a fork of them by {@code
 * w}. One worker therefore trains exactly as {@code Trainer} does, and a run resumed from a
 * checkpoint with the same number of workers ends with the same bits as an uninterrupted one.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder(spark, vae, adam, runInfo)
 *         .options(FitOptions.defaults().withWorkers(4))
 *         .listener(new CheckpointSaver(file, vae, adam, runInfo, 1))
 *         .build();
 * TrainingResult result = trainer.fit(trainRows, testRows);
 * }</pre>
 */
public final class SparkTrainer {
    // The stream numbers of vae-core's Trainer, so that one worker draws what it draws.
    private static final long SHUFFLE = 1;
    private static final long NOISE = 2;
    private static final long BINARIZE = 3;
    private static final long EVALUATE = 4;
    private static final long TEST_BINARIZE = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    private final SparkSession spark;
    private final Vae vae;
    private final Optimizer optimizer;
    private final RunInfo run;
    private final FitOptions options;
    private final int evalBatchSize;
    private final List<TrainingListener> listeners;

    private SparkTrainer(Builder b) {
        this.spark = b.spark;
        this.vae = b.vae;
        this.optimizer = b.optimizer;
        this.run = b.run;
        this.options = b.options;
        this.evalBatchSize = b.evalBatchSize;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Returns a builder for training {@code vae} with {@code optimizer}, both on the driver, from
     * the state {@code run} describes: its architecture, its settings (objective, batch size per
     * worker, epochs, binarization, seed) and the epochs it already has.
     */
    public static Builder builder(SparkSession spark, Vae vae, Optimizer optimizer, RunInfo run) {
        return new Builder(spark, vae, optimizer, run);
    }

    /**
     * Trains epochs {@code run.epoch() + 1} to the planned epochs on the rows of {@code train}, in
     * the input's order (the shuffle permutes positions), evaluating {@code test} after each epoch
     * (null skips evaluation). A row that cannot be read, or training that diverges on a worker,
     * fails the Spark job; the root cause of its exception says which, in one line.
     *
     * @throws IllegalArgumentException if a column is missing or of the wrong type, or the training
     *     set is empty
     */
    public TrainingResult fit(Dataset<Row> train, Dataset<Row> test) {
        TrainingConfig config = run.training();
        ModelConfig model = run.model();
        Rng root = Rng.seeded(config.seed());
        org.vae4j.core.data.Dataset testData = test == null ? null : testSet(test, root);
        StreamState staticDraws =
                config.binarization() == Binarization.STATIC
                        ? StreamState.of(root.fork(BINARIZE).fork(0))
                        : null;
        JavaRDD<IndexedRow> rows =
                TrainingRows.cached(
                        spark, train, options, model.features(), model.conditions(), staticDraws);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<CheckpointBytes> template = null;
        try {
            int n = size(rows.count());
            template =
                    jsc.broadcast(
                            CheckpointBytes.save(
                                    vae,
                                    optimizer,
                                    new RunInfo(model, config, 0, List.of(), run.provenance())));
            LOG.info(
                    "Training epochs {} to {} on Spark: {} rows in {} workers, batches of {} per"
                            + " worker, averaged every {} local steps, optimizer state {}, seed {}",
                    run.epoch() + 1,
                    config.epochs(),
                    n,
                    options.workers(),
                    config.batchSize(),
                    options.averageEvery(),
                    options.optimizerState(),
                    config.seed());
            return epochs(jsc, rows, n, template, testData, root);
        } finally {
            rows.unpersist(false);
            if (template != null) {
                template.destroy();
            }
        }
    }

    private TrainingResult epochs(
            JavaSparkContext jsc,
            JavaRDD<IndexedRow> rows,
            int n,
            Broadcast<CheckpointBytes> template,
            org.vae4j.core.data.Dataset test,
            Rng root) {
        int epochs = run.training().epochs();
        List<EpochMetrics> history = new ArrayList<>();
        String stopReason = null;
        for (int epoch = run.epoch() + 1; epoch <= epochs && stopReason == null; epoch++) {
            EpochMetrics metrics = epoch(jsc, rows, n, template, test, root, epoch);
            history.add(metrics);
            LOG.info(metrics.summary(epochs));
            TrainingControl control = new TrainingControl();
            for (TrainingListener l : listeners) {
                l.onEpochEnd(metrics, control);
            }
            stopReason = control.stopReason();
        }
        if (stopReason != null) {
            LOG.info(
                    "Stopped training after epoch {}: {}",
                    run.epoch() + history.size(),
                    stopReason);
        }
        return new TrainingResult(history, stopReason);
    }

    private EpochMetrics epoch(
            JavaSparkContext jsc,
            JavaRDD<IndexedRow> rows,
            int n,
            Broadcast<CheckpointBytes> template,
            org.vae4j.core.data.Dataset test,
            Rng root,
            int epoch) {
        long start = System.nanoTime();
        int workers = options.workers();
        int batchSize = run.training().batchSize();
        int batches = 0;
        for (int w = 0; w < workers; w++) {
            batches =
                    Math.max(
                            batches, (EpochShards.size(w, n, workers) + batchSize - 1) / batchSize);
        }
        StreamState[] noise = streams(root.fork(NOISE).fork(epoch));
        StreamState[] binarize = streams(root.fork(BINARIZE).fork(epoch));
        for (TrainingListener l : listeners) {
            l.onEpochStart(epoch, batches);
        }
        double[] loss = new double[3];
        long seen = 0;
        int every = options.averageEvery();
        int[] order = root.fork(SHUFFLE).fork(epoch).permutation(n);
        EpochShards shards = EpochShards.of(jsc, rows, order, workers, run.model().features());
        try {
            for (int r = 0; r * every < batches; r++) {
                RoundSum.Part total = round(jsc, shards, template, epoch, r, noise, binarize);
                apply(total);
                for (int w = 0; w < workers; w++) {
                    noise[w] = total.streams(w)[0];
                    binarize[w] = total.streams(w)[1];
                }
                double[] sums = total.lossSums();
                for (int t = 0; t < 3; t++) {
                    loss[t] += sums[t];
                }
                seen += total.examples();
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(
                            epoch, Math.min((r + 1) * every, batches), batches, loss[0] / seen);
                }
            }
        } finally {
            shards.release();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ElboReport testReport =
                test == null
                        ? ElboReport.NOT_EVALUATED
                        : Evaluator.elbo(vae, test, evalBatchSize, root.fork(EVALUATE).fork(epoch));
        return new EpochMetrics(
                epoch,
                loss[0] / seen,
                loss[1] / seen,
                loss[2] / seen,
                testReport.loss(),
                testReport.reconstruction(),
                testReport.kl(),
                seconds,
                seen / seconds,
                optimizer.learningRate());
    }

    /** Runs one round on every worker and returns the sum of their results. */
    private RoundSum.Part round(
            JavaSparkContext jsc,
            EpochShards shards,
            Broadcast<CheckpointBytes> template,
            int epoch,
            int index,
            StreamState[] noise,
            StreamState[] binarize) {
        HostTensors state = new HostTensors().put(HostTensors.MODEL, vae.stateDict());
        if (options.optimizerState() == OptimizerState.AVERAGED) {
            state.put(HostTensors.OPTIM, optimizer.state());
        }
        Broadcast<Round> round =
                jsc.broadcast(
                        new Round(
                                epoch,
                                index,
                                state,
                                optimizer.stepCount(),
                                noise.clone(),
                                binarize.clone()));
        int workers = options.workers();
        try {
            return shards.shards()
                    .map(new WorkerRound(template, round, options))
                    .treeAggregate(
                            new RoundSum(workers),
                            (sum, part) -> sum.add(part),
                            (a, b) -> a.merge(b))
                    .total();
        } finally {
            round.destroy();
        }
    }

    /** Moves the round's averages into the driver's model and optimizer. */
    private void apply(RoundSum.Part total) {
        HostTensors mean = total.mean();
        Backend backend = vae.backend();
        try (Scope scope = backend.openScope()) {
            if (options.optimizerState() == OptimizerState.AVERAGED) {
                vae.loadStateDict(mean.tensors(backend, HostTensors.MODEL));
                optimizer.loadState(mean.tensors(backend, HostTensors.OPTIM), total.steps());
            } else {
                Map<String, Tensor> buffers = mean.tensors(backend, HostTensors.MODEL);
                vae.namedBuffers()
                        .forEach((name, b) -> backend.assign(b.value(), buffers.get(name)));
                optimizer.step(mean.tensors(backend, HostTensors.GRAD));
            }
        }
    }

    /** Returns each worker's start in a stream: worker 0 the stream itself, {@code w} its fork. */
    private StreamState[] streams(Rng base) {
        StreamState[] out = new StreamState[options.workers()];
        for (int w = 0; w < out.length; w++) {
            out[w] = StreamState.of(w == 0 ? base : base.fork(w));
        }
        return out;
    }

    /** Collects the test rows and binarizes them once, as the trainer does. */
    private org.vae4j.core.data.Dataset testSet(Dataset<Row> test, Rng root) {
        ModelConfig model = run.model();
        org.vae4j.core.data.Dataset rows =
                TrainingRows.collect(spark, test, options, model.features(), model.conditions());
        if (rows.size() == 0) {
            throw new IllegalArgumentException(
                    "The test set is empty, so no epoch could be evaluated. Give at least one test"
                            + " row, or no test set to skip evaluation");
        }
        return run.training().binarization() == Binarization.NONE
                ? rows
                : Binarization.STATIC.prepare(rows, root.fork(TEST_BINARIZE));
    }

    private static int size(long count) {
        if (count == 0) {
            throw new IllegalArgumentException(
                    "The training set is empty, so there is nothing to train on. Give at least one"
                            + " training row");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "The training set has "
                            + count
                            + " rows; one run trains on at most "
                            + Integer.MAX_VALUE
                            + ". Sample it, or split it into several runs");
        }
        return (int) count;
    }

    /** Settings of a {@link SparkTrainer}. */
    public static final class Builder {
        private final SparkSession spark;
        private final Vae vae;
        private final Optimizer optimizer;
        private final RunInfo run;
        private FitOptions options = FitOptions.defaults();
        private int evalBatchSize = 1000;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(SparkSession spark, Vae vae, Optimizer optimizer, RunInfo run) {
            this.spark = Objects.requireNonNull(spark, "spark");
            this.vae = Objects.requireNonNull(vae, "vae");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            this.run = Objects.requireNonNull(run, "run");
        }

        /** How training is spread over Spark (default {@link FitOptions#defaults()}). */
        public Builder options(FitOptions o) {
            this.options = Objects.requireNonNull(o, "options");
            return this;
        }

        /** Examples per batch when computing the test ELBO on the driver (default 1000). */
        public Builder evalBatchSize(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException(
                        "evaluation batch size must be > 0, but was " + n);
            }
            this.evalBatchSize = n;
            return this;
        }

        /** Adds a listener; listeners are called in the order added, on the driver. */
        public Builder listener(TrainingListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Builds the trainer. */
        public SparkTrainer build() {
            return new SparkTrainer(this);
        }
    }
}
