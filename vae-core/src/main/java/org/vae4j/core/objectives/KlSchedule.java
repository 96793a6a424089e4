package org.vae4j.core.objectives;

/**
 * The weight of the KL term by epoch, for KL warm-up (Bowman et al. 2016; Sønderby et al. 2016):
 * starting the KL weight low lets the decoder learn to use the latent code before the KL pulls
 * q(z|x) onto the prior.
 */
@FunctionalInterface
public interface KlSchedule {

    /** Returns the weight in {@code [0, 1]} for a 0-based epoch. */
    double weight(int epoch);

    /** Weight 1 from the start. */
    static KlSchedule constant() {
        return epoch -> 1.0;
    }

    /**
     * Rises linearly from 0 at epoch 0 to 1 at epoch {@code epochs}, then stays at 1; 0 epochs is
     * {@link #constant()}.
     */
    static KlSchedule linearWarmup(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("Warm-up epochs must be >= 0, but was " + epochs);
        }
        return epochs == 0 ? constant() : epoch -> Math.min(1.0, epoch / (double) epochs);
    }
}
