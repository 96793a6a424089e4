package org.vae4j.core.train;

import java.util.List;

/**
 * What {@link Trainer#fit} did.
 *
 * @param epochs the metrics of each epoch this call trained, in order
 * @param stopReason why a listener stopped training early, or null if it ran to the end
 */
public record TrainingResult(List<EpochMetrics> epochs, String stopReason) {

    /** Copies the list. */
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Returns the last epoch's metrics. */
    public EpochMetrics last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("No epoch was trained");
        }
        return epochs.get(epochs.size() - 1);
    }
}
