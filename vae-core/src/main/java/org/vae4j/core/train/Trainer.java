package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Batching;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.NonFiniteParameterException;
import org.vae4j.core.eval.ElboReport;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.LossTerms;
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
    private final List<TrainingListener> listeners;
    private final Backend backend;
    private final DType dtype;

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
        this.listeners = List.copyOf(b.listeners);
        this.backend = vae.backend();
        this.dtype = vae.dtype();
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
            EpochMetrics metrics = runEpoch(epoch, trainData, testData, root);
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

    private EpochMetrics runEpoch(int epoch, Dataset train, Dataset test, Rng root) {
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
        for (int i = 0; i < batches.size(); i++) {
            int[] indices = batches.get(i);
            double[] terms = step(epoch, i + 1, batches.size(), train, indices, noise, binarize);
            loss += terms[0] * indices.length;
            reconstruction += terms[1] * indices.length;
            kl += terms[2] * indices.length;
            seen += indices.length;
            for (TrainingListener l : listeners) {
                l.onBatchEnd(epoch, i + 1, batches.size(), loss / seen);
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
                optimizer.learningRate());
    }

    /** One optimizer step; returns the batch means of the loss, reconstruction and KL. */
    private double[] step(
            int epoch, int step, int steps, Dataset train, int[] indices, Rng noise, Rng binarize) {
        try (Scope scope = backend.openScope()) {
            Tensor x = binarization.batch(train, backend, indices, dtype, binarize);
            LossTerms terms;
            try {
                Variable c = vae.condition(train, indices);
                terms = objective.compute(vae, Variable.constant(x), c, noise, epoch - 1);
            } catch (NonFiniteParameterException e) {
                throw diverged(epoch, step, steps, e.getMessage());
            }
            double loss = terms.loss().item();
            double[] means = {
                terms.negativeBound().meanAll().item(),
                terms.reconstruction().meanAll().item(),
                terms.kl().meanAll().item()
            };
            if (!Double.isFinite(loss)) {
                throw diverged(epoch, step, steps, nonFiniteTerm(means) + " made the loss " + loss);
            }
            Gradients gradients = terms.loss().backward();
            checkGradients(gradients, epoch, step, steps);
            optimizer.step(gradients);
            return means;
        }
    }

    private static String nonFiniteTerm(double[] means) {
        if (!Double.isFinite(means[1])) {
            return "the reconstruction term (" + means[1] + ")";
        }
        if (!Double.isFinite(means[2])) {
            return "the KL term (" + means[2] + ")";
        }
        return "the objective";
    }

    /**
     * Checks that every gradient is finite with one reading: the sum of all gradient elements,
     * which is NaN or infinite when any element is (and, as the sum of squares did before, only
     * overflows for gradients near the float range, which are divergence too). Only when it is not
     * finite are the parameters' sums read one by one, to name the first bad one.
     */
    private void checkGradients(Gradients gradients, int epoch, int step, int steps) {
        Map<String, Parameter> parameters = vae.namedParameters();
        List<Tensor> sums = new ArrayList<>(parameters.size());
        List<Tensor> partials = new ArrayList<>(parameters.size());
        try {
            Tensor total = null;
            for (Parameter p : parameters.values()) {
                Tensor g = gradients.get(p.variable()).value();
                Tensor sum = g.backend().reduce(Op.SUM, g, g.shape().axes(), false);
                sums.add(sum);
                if (total != null) {
                    total = backend.binary(Op.ADD, total, sum);
                    partials.add(total);
                } else {
                    total = sum;
                }
            }
            if (Double.isFinite(total.item())) {
                return;
            }
            int i = 0;
            for (String name : parameters.keySet()) {
                if (!Double.isFinite(sums.get(i++).item())) {
                    throw diverged(
                            epoch,
                            step,
                            steps,
                            "the gradient of parameter '" + name + "' is not finite");
                }
            }
            throw diverged(epoch, step, steps, "the gradients are not finite");
        } finally {
            sums.forEach(Tensor::close);
            partials.forEach(Tensor::close);
        }
    }

    private static TrainingDivergedException diverged(int epoch, int step, int steps, String what) {
        return new TrainingDivergedException(
                "Training diverged at epoch "
                        + epoch
                        + ", step "
                        + step
                        + " of "
                        + steps
                        + ": "
                        + what
                        + "; the parameters are as they were before this step",
                epoch,
                "Lower the learning rate or clip gradients, then train again (from the last"
                        + " checkpoint, if one was written)");
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
