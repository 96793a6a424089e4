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

    /**
     * The schedule of the IWAE paper (Burda, Grosse &amp; Salakhutdinov 2016): stage {@code i = 0
     * .. stages-1} lasts {@code 3^i} epochs at {@code base * 10^(-i/7)} (with base 1e-3, the
     * paper's). Epochs past the last stage keep its rate; {@link #burdaEpochs} gives the total
     * (3,280 for the paper's 8 stages).
     */
    static LrSchedule burda(int stages) {
        burdaEpochs(stages);
        return (base, epoch) -> {
            int stage = 0;
            long end = 1;
            while (epoch >= end && stage + 1 < stages) {
                stage++;
                end += pow3(stage);
            }
            return base * Math.pow(10, -stage / 7.0);
        };
    }

    /**
     * Returns the epochs of {@link #burda}'s stages together, {@code (3^stages - 1) / 2}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= stages <= 20} (the total fits an int)
     */
    static int burdaEpochs(int stages) {
        if (stages < 1 || stages > 20) {
            throw new IllegalArgumentException(
                    "The IWAE schedule needs 1 to 20 stages, but got " + stages);
        }
        return (int) ((pow3(stages) - 1) / 2);
    }

    private static long pow3(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 3;
        }
        return p;
    }
}
