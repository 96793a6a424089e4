package org.vae4j.core.optim;

/** The learning rate by epoch, applied by the trainer at the start of each epoch. */
@FunctionalInterface
public interface LrSchedule {

    /** Returns the learning rate for a 0-based epoch, given the base rate. */
    double rate(double base, int epoch);

    /** The base rate throughout. */
    static LrSchedule constant() {
        return (base, epoch) -> base;
    }

    /** Multiplies the rate by {@code gamma} every {@code every} epochs. */
    static LrSchedule step(int every, double gamma) {
        if (every <= 0 || !(gamma > 0)) {
            throw new IllegalArgumentException(
                    "Step decay needs every > 0 and gamma > 0, but got " + every + ", " + gamma);
        }
        return (base, epoch) -> base * Math.pow(gamma, epoch / every);
    }

    /** Multiplies the rate by {@code gamma} every epoch. */
    static LrSchedule exponential(double gamma) {
        return step(1, gamma);
    }

    /** Cosine annealing from the base rate to {@code min} over {@code epochs} epochs. */
    static LrSchedule cosine(int epochs, double min) {
        if (epochs <= 0 || !(min > 0)) {
            throw new IllegalArgumentException(
                    "Cosine annealing needs epochs > 0 and min > 0, but got "
                            + epochs
                            + ", "
                            + min);
        }
        return (base, epoch) ->
                min + (base - min) * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)) / 2;
    }
}
