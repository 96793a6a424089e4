package org.vae4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.vae4j.api.random.Rng;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.Vae;
import org.vae4j.core.optim.Adam;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingResult;

/**
 * One training step of the canonical VAE as {@code vae train} runs it, through vae-core's {@code
 * Trainer} on a data set of one batch of 128 random images: upload of the batch, ELBO forward, the
 * loss readings and NaN checks, backward, and Adam at 1e-3. Steps/s = 10^6 / (us/op); an MNIST
 * epoch is 469 steps.
 */
public class TrainingStepBenchmark extends BackendBenchmark {
    private Trainer trainer;
    private Dataset batch;

    @Override
    void prepare() {
        Vae vae = canonicalModel();
        Adam adam = own(new Adam(vae.namedParameters(), 1e-3));
        trainer = Trainer.builder(vae, adam).batchSize(BATCH).epochs(1).build();
        int features = MODEL.features();
        batch =
                Dataset.ofFloats(
                        Rng.seeded(2).uniformFloats(BATCH * features), BATCH, features, null);
    }

    /** One epoch of the one-batch data set: a single step, in the trainer's own scope. */
    @Benchmark
    public TrainingResult step() {
        return trainer.fit(batch, null);
    }
}
