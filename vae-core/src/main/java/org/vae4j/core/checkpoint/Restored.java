package org.vae4j.core.checkpoint;

import org.vae4j.core.model.Vae;
import org.vae4j.core.optim.Optimizer;

/**
 * A model and optimizer rebuilt from a checkpoint, ready to evaluate or to train on; closing it
 * frees both.
 *
 * @param vae the model with the saved weights
 * @param optimizer the optimizer with the saved state and step count
 * @param info the run's settings and history
 */
public record Restored(Vae vae, Optimizer optimizer, RunInfo info) implements AutoCloseable {

    @Override
    public void close() {
        optimizer.close();
        vae.close();
    }
}
