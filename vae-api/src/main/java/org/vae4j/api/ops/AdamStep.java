package org.vae4j.api.ops;

/**
 * The hyper-parameters of one Adam step (Kingma &amp; Ba, 2015), for {@link TensorOps#adamUpdate}.
 *
 * @param learningRate the step size, {@code > 0}
 * @param beta1 decay of the first-moment average, in {@code [0, 1)}
 * @param beta2 decay of the second-moment average, in {@code [0, 1)}
 * @param epsilon added to the denominator, {@code > 0}
 * @param weightDecay decoupled weight decay (AdamW, Loshchilov &amp; Hutter 2019), {@code >= 0}; 0
 *     is plain Adam
 * @param step the 1-based number of this step, for the bias corrections
 */
public record AdamStep(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        long step) {

    /** Validates every field, naming the one that is out of range. */
    public AdamStep {
        check(learningRate > 0, "learningRate", learningRate, "> 0");
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        check(epsilon > 0, "epsilon", epsilon, "> 0");
        check(weightDecay >= 0, "weightDecay", weightDecay, ">= 0");
        if (step < 1) {
            throw new IllegalArgumentException("Adam step must be >= 1, but was " + step);
        }
    }

    private static void check(boolean ok, String name, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "Adam " + name + " must be " + rule + ", but was " + value);
        }
    }

    /** Returns {@code 1 - beta1^step}, the first-moment bias correction. */
    public double firstMomentCorrection() {
        return 1 - Math.pow(beta1, step);
    }

    /** Returns {@code 1 - beta2^step}, the second-moment bias correction. */
    public double secondMomentCorrection() {
        return 1 - Math.pow(beta2, step);
    }
}
