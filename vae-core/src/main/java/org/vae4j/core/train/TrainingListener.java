package org.vae4j.core.train;

/** Hooks into a {@link Trainer}'s loop: progress display, metrics logs, checkpoints, stopping. */
public interface TrainingListener {

    /** Called before an epoch's first batch. */
    default void onEpochStart(int epoch, int batches) {}

    /**
     * Called after each training step.
     *
     * @param epoch the 1-based epoch
     * @param batch the 1-based batch number within the epoch
     * @param batches the epoch's number of batches
     * @param meanLoss the mean loss per example so far in this epoch
     */
    default void onBatchEnd(int epoch, int batch, int batches, double meanLoss) {}

    /** Called after an epoch and its evaluation; {@code control} can stop training. */
    default void onEpochEnd(EpochMetrics metrics, TrainingControl control) {}
}
