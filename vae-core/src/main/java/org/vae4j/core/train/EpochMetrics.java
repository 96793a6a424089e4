package org.vae4j.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vae4j.core.io.JsonFields;

/**
 * What one epoch of training measured. Losses are negative bounds per example, in nats.
 *
 * @param epoch the 1-based epoch number
 * @param trainLoss mean negative training bound over the epoch's batches (as trained: an IWAE run
 *     reports its IWAE bound)
 * @param trainReconstruction mean {@code -E_q[log p(x|z)]} over the epoch
 * @param trainKl mean {@code KL(q(z|x) || p(z))} over the epoch
 * @param testLoss negative ELBO per example on the test set after the epoch
 * @param testReconstruction its reconstruction part
 * @param testKl its KL part
 * @param seconds wall time of the epoch's training steps
 * @param examplesPerSecond training examples processed per second
 * @param learningRate the learning rate used
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainReconstruction,
        double trainKl,
        double testLoss,
        double testReconstruction,
        double testKl,
        double seconds,
        double examplesPerSecond,
        double learningRate) {

    /**
     * Returns the metrics as one JSON object, with snake_case keys; {@code reconstruction} and
     * {@code kl} are the training epoch's parts of {@code train_loss}, and a test loss that was not
     * measured is null.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("train_loss", finite(trainLoss));
        m.put("test_loss", finite(testLoss));
        m.put("reconstruction", finite(trainReconstruction));
        m.put("kl", finite(trainKl));
        m.put("test_reconstruction", finite(testReconstruction));
        m.put("test_kl", finite(testKl));
        m.put("seconds", finite(seconds));
        m.put("examples_per_second", finite(examplesPerSecond));
        m.put("learning_rate", learningRate);
        return m;
    }

    /** Reads metrics written by {@link #toJson()}; nulls come back as NaN. */
    public static EpochMetrics fromJson(JsonFields f) {
        return new EpochMetrics(
                f.requireInt("epoch"),
                f.optionalDouble("train_loss", Double.NaN),
                f.optionalDouble("reconstruction", Double.NaN),
                f.optionalDouble("kl", Double.NaN),
                f.optionalDouble("test_loss", Double.NaN),
                f.optionalDouble("test_reconstruction", Double.NaN),
                f.optionalDouble("test_kl", Double.NaN),
                f.optionalDouble("seconds", Double.NaN),
                f.optionalDouble("examples_per_second", Double.NaN),
                f.requireDouble("learning_rate"));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
