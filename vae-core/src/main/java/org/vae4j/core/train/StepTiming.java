package org.vae4j.core.train;

import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.optim.ScheduleSpec;

/**
 * Times training steps of one model on one backend with the settings a run will use: what a program
 * needs to pick the faster backend for the model at hand. A pass over a few batches warms up
 * (native loading, compilation); a second pass over the same batches is timed.
 */
public final class StepTiming {
    private StepTiming() {}

    /**
     * Returns the seconds one training step of {@code model} takes on {@code backend}, timed over
     * up to {@code steps} batches of the first examples of {@code data} after as many steps of
     * warm-up. The model is built, trained and closed here; nothing of it is kept.
     *
     * @throws IllegalArgumentException if {@code steps} is not positive or {@code data} is empty
     */
    public static double secondsPerStep(
            Backend backend, ModelConfig model, TrainingConfig training, Dataset data, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be > 0, but was " + steps);
        }
        int batch = training.batchSize();
        int n = (int) Math.min(data.size(), (long) steps * batch);
        if (n == 0) {
            throw new IllegalArgumentException("there are no examples to time training steps on");
        }
        // the learning rate does not change a step's work, and a schedule may be shorter than two
        TrainingConfig twoPasses =
                training.withSchedule(ScheduleSpec.CONSTANT, training.adamEpsilon()).withEpochs(2);
        Init init = Init.on(backend, training.dtype(), Rng.seeded(training.seed()).fork(0));
        try (Vae vae = model.build(init);
                Optimizer optimizer = twoPasses.buildOptimizer(vae.namedParameters())) {
            TrainingResult result =
                    Trainer.builder(vae, optimizer)
                            .objective(twoPasses.buildObjective())
                            .batchSize(batch)
                            .epochs(2)
                            .binarization(twoPasses.binarization())
                            .seed(twoPasses.seed())
                            .build()
                            .fit(data.take(n), null);
            int stepsPerPass = (n + batch - 1) / batch;
            return result.epochs().get(1).seconds() / stepsPerPass;
        }
    }
}
