package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.core.data.Batching;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.HostBatch;
import org.vae4j.core.data.Prefetch;
import org.vae4j.core.eval.ElboReport;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.model.Vae;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.Objective;
import org.vae4j.core.optim.LrSchedule;
import org.vae4j.core.optim.Optimizer;

/**
 * Trains a {@link Vae} epoch by epoch: seeded shuffling, optional binarisation, one optimizer step
 * per batch inside its own memory scope, a test-set ELBO after each epoch, and {@link
 * TrainingListener}s for progress, metrics, checkpoints and early stopping.
 *
 * <p>Every random choice of epoch {@code e} comes from a stream forked off the seed by purpose and
 * epoch, so a run resumed at an epoch boundary (with the model and optimizer state of that epoch)
 * continues exactly as the uninterrupted run would have.
 *
 * <p>With {@link Builder#latentExamples} set, each epoch also measures the latent statistics
 * (active units, KL per dimension: {@link Evaluator#latents}) on the first test examples, in
 * evaluation mode and without drawing from any random stream, so the training's numbers do not
 * move.
 *
 * <p>The next batches (rows gathered, binarized) are prepared on a background thread while a step
 * trains ({@link Builder#prefetch}), in order, so the numbers do not depend on it.
 *
 * <p>A non-finite loss or gradient stops training with a {@link TrainingDivergedException} that
 * names the epoch, the step and the term, before the optimizer touches the parameters.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(vae, new Adam(vae.namedParameters(), 1e-3))
 *         .batchSize(128).epochs(10).seed(1).build();
 * TrainingResult result = trainer.fit(mnist.train(), mnist.test());
 * }</pre>
 */
public final class Trainer {
    private static final long SHUFFLE = 1;
    private static final long NOISE = 2;
    private static final long BINARIZE = 3;
    private static final long EVALUATE = 4;
    private static final long TEST_BINARIZE = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Vae vae;
    private final Optimizer optimizer;
    private final Objective objective;
    private final Batching batching;
    private final int epochs;
    private final long seed;
    private final Binarization binarization;
    private final LrSchedule schedule;
    private final int evalBatchSize;
    private final int latentExamples;
    private final int prefetch;
    private final List<TrainingListener> listeners;
    private final Backend backend;
    private final BatchStep batchStep;

    private Trainer(Builder b) {
        this.vae = b.vae;
        this.optimizer = b.optimizer;
        this.objective = b.objective;
        this.batching = new Batching(b.batchSize, true, false);
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.binarization = b.binarization;
        this.schedule = b.schedule;
        this.evalBatchSize = b.evalBatchSize;
        this.latentExamples = b.latentExamples;
        this.prefetch = b.prefetch;
        this.listeners = List.copyOf(b.listeners);
        this.backend = vae.backend();
        this.batchStep = new BatchStep(vae, objective);
    }

    /** Returns a builder for training {@code vae} with {@code optimizer}. */
    public static Builder builder(Vae vae, Optimizer optimizer) {
        return new Builder(vae, optimizer);
    }

    /** Trains from the first epoch; {@code test} may be null to skip evaluation. */
    public TrainingResult fit(Dataset train, Dataset test) {
        return fit(train, test, 0);
    }

    /**
     * Trains epochs {@code completed + 1 .. epochs}: a resumed run passes the number of epochs its
     * checkpoint holds, after loading the model and optimizer state.
     *
     * @throws IllegalArgumentException before the first epoch, if the training set or a given test
     *     set is empty
     */
    public TrainingResult fit(Dataset train, Dataset test, int completed) {
        if (completed < 0 || completed > epochs) {
            throw new IllegalArgumentException(
                    "completed epochs must be in [0, " + epochs + "], but was " + completed);
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException(
                    "The training set is empty, so there is nothing to train on. Give at least one"
                            + " training example");
        }
        if (test != null && test.size() == 0) {
            throw new IllegalArgumentException(
                    "The test set is empty, so no epoch could be evaluated. Give at least one test"
                            + " example, or no test set to skip evaluation");
        }
        vae.train(true); // batch statistics while stepping; the evaluator switches for the test
        Rng root = Rng.seeded(seed);
        Dataset trainData = binarization.prepare(train, root.fork(BINARIZE).fork(0));
        Dataset testData = test;
        if (test != null && binarization != Binarization.NONE) {
            // The test set is binarised once, with its own stream, so every epoch and every
            // resumed run evaluates on the same data.
            testData = Binarization.STATIC.prepare(test, root.fork(TEST_BINARIZE));
        }
        Dataset latentData =
                testData == null || latentExamples == 0 ? null : testData.take(latentExamples);
        List<EpochMetrics> history = new ArrayList<>();
        String stopReason = null;
        LOG.info(
                "Training epochs {} to {} on {} {}: {} examples, batches of {}, seed {}",
                completed + 1,
                epochs,
                backend.name(),
                backend.device(),
                train.size(),
                batching.batchSize(),
                seed);
        for (int epoch = completed + 1; epoch <= epochs && stopReason == null; epoch++) {
            optimizer.setLearningRate(schedule.rate(optimizer.initialLearningRate(), epoch - 1));
            EpochMetrics metrics = runEpoch(epoch, trainData, testData, latentData, root);
            history.add(metrics);
            LOG.debug("Epoch {}: {}", epoch, metrics);
            TrainingControl control = new TrainingControl();
            for (TrainingListener l : listeners) {
                l.onEpochEnd(metrics, control);
            }
            stopReason = control.stopReason();
        }
        if (stopReason != null) {
            LOG.info("Stopped training after epoch {}: {}", history.size() + completed, stopReason);
        }
        return new TrainingResult(history, stopReason);
    }

    private EpochMetrics runEpoch(
            int epoch, Dataset train, Dataset test, Dataset latentData, Rng root) {
        List<int[]> batches = batching.epoch(train.size(), root.fork(SHUFFLE).fork(epoch));
        Rng noise = root.fork(NOISE).fork(epoch);
        Rng binarize = root.fork(BINARIZE).fork(epoch);
        for (TrainingListener l : listeners) {
            l.onEpochStart(epoch, batches.size());
        }
        double loss = 0;
        double reconstruction = 0;
        double kl = 0;
        long seen = 0;
        long start = System.nanoTime();
        try (Prefetch<HostBatch> feed =
                Prefetch.of(
                        batches.size(),
                        i -> binarization.rows(train, batches.get(i), vae.dtype(), binarize),
                        prefetch)) {
            for (int i = 0; i < batches.size(); i++) {
                HostBatch batch = feed.next();
                double[] terms =
                        batchStep.run(
                                train, batch, noise, epoch, i + 1, batches.size(), optimizer::step);
                int rows = batch.indices().length;
                loss += terms[0] * rows;
                reconstruction += terms[1] * rows;
                kl += terms[2] * rows;
                seen += rows;
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(epoch, i + 1, batches.size(), loss / seen);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ElboReport testReport =
                test == null
                        ? ElboReport.NOT_EVALUATED
                        : Evaluator.elbo(vae, test, evalBatchSize, root.fork(EVALUATE).fork(epoch));
        return new EpochMetrics(
                epoch,
                loss / seen,
                reconstruction / seen,
                kl / seen,
                testReport.loss(),
                testReport.reconstruction(),
                testReport.kl(),
                seconds,
                seen / seconds,
                optimizer.learningRate(),
                latents(latentData));
    }

    /** The latent statistics on {@code data}, or null when none are asked for. */
    private LatentReport latents(Dataset data) {
        return data == null
                ? null
                : Evaluator.latents(vae, data, evalBatchSize, LatentReport.ACTIVITY_THRESHOLD);
    }

    /** Settings of a {@link Trainer}; defaults follow the pytorch/examples VAE. */
    public static final class Builder {
        private final Vae vae;
        private final Optimizer optimizer;
        private Objective objective = Elbo.standard();
        private int batchSize = 128;
        private int epochs = 10;
        private long seed = 1;
        private Binarization binarization = Binarization.NONE;
        private LrSchedule schedule = LrSchedule.constant();
        private int evalBatchSize = 1000;
        private int latentExamples;
        private int prefetch = Prefetch.DEFAULT_AHEAD;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(Vae vae, Optimizer optimizer) {
            this.vae = Objects.requireNonNull(vae, "vae");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            if (vae.parameters().isEmpty()) {
                throw new IllegalArgumentException("The VAE has no parameters to train");
            }
        }

        /** The objective to minimise (default: the ELBO with one sample). */
        public Builder objective(Objective o) {
            this.objective = Objects.requireNonNull(o, "objective");
            return this;
        }

        /** Examples per optimizer step (default 128). */
        public Builder batchSize(int n) {
            this.batchSize = positive("batch size", n);
            return this;
        }

        /** The total number of epochs, counting those a resumed run already has (default 10). */
        public Builder epochs(int n) {
            this.epochs = positive("epochs", n);
            return this;
        }

        /** The seed of every random stream of the run (default 1). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** How pixel intensities become the data the likelihood sees (default: as they are). */
        public Builder binarization(Binarization b) {
            this.binarization = Objects.requireNonNull(b, "binarization");
            return this;
        }

        /** The learning rate per epoch, from the optimizer's initial rate (default constant). */
        public Builder schedule(LrSchedule s) {
            this.schedule = Objects.requireNonNull(s, "schedule");
            return this;
        }

        /** Examples per batch when computing the test ELBO (default 1000). */
        public Builder evalBatchSize(int n) {
            this.evalBatchSize = positive("evaluation batch size", n);
            return this;
        }

        /**
         * Measures active units and the KL per latent dimension after each epoch on the first
         * {@code n} test examples (all of them if fewer), into {@link EpochMetrics#latents()}; 0
         * (the default) measures nothing.
         */
        public Builder latentExamples(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("latent examples must be >= 0, but was " + n);
            }
            this.latentExamples = n;
            return this;
        }

        /**
         * Batches prepared ahead on a background thread while the step before them trains (default
         * {@link Prefetch#DEFAULT_AHEAD}); 0 prepares each on the training thread. The numbers are
         * the same either way.
         */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0, but was " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /** Adds a listener; listeners are called in the order added. */
        public Builder listener(TrainingListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Builds the trainer. */
        public Trainer build() {
            return new Trainer(this);
        }

        private static int positive(String what, int n) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be > 0, but was " + n);
            }
            return n;
        }
    }
}
