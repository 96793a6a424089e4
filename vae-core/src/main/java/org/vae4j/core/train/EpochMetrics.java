package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.io.JsonException;
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
 * @param latents active units and KL per latent dimension on the first test examples after the
 *     epoch ({@link Trainer.Builder#latentExamples}), or null when they were not measured
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
        double learningRate,
        LatentReport latents) {

    /** Metrics without latent statistics. */
    public EpochMetrics(
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
        this(
                epoch,
                trainLoss,
                trainReconstruction,
                trainKl,
                testLoss,
                testReconstruction,
                testKl,
                seconds,
                examplesPerSecond,
                learningRate,
                null);
    }

    /**
     * Returns the one-line summary progress lines print, for example {@code epoch 3/10 train 114.58
     * test 111.83 (rec 87.39 + kl 24.45) 6.1 s 9,836 ex/s}; the test part is left out when the test
     * loss was not measured.
     */
    public String summary(int epochs) {
        String test =
                Double.isNaN(testLoss)
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "  test %.2f (rec %.2f + kl %.2f)",
                                testLoss,
                                testReconstruction,
                                testKl);
        return String.format(
                Locale.ROOT,
                "epoch %d/%d  train %.2f%s  %.1f s  %,.0f ex/s",
                epoch,
                epochs,
                trainLoss,
                test,
                seconds,
                examplesPerSecond);
    }

    /**
     * Returns the metrics as one JSON object, with snake_case keys; {@code reconstruction} and
     * {@code kl} are the training epoch's parts of {@code train_loss}, and a test loss that was not
     * measured is null. Measured latent statistics add {@code active_units}, {@code
     * activity_threshold}, {@code kl_per_dimension} and {@code posterior_mean_variance} (per
     * dimension, the variance over the examples of the posterior mean).
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
        if (latents != null) {
            m.put("active_units", latents.activeUnits());
            m.put("activity_threshold", latents.threshold());
            m.put("kl_per_dimension", finite(latents.klPerDimension()));
            m.put("posterior_mean_variance", finite(latents.meanVariance()));
        }
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
                f.requireDouble("learning_rate"),
                f.has("active_units") ? latents(f) : null);
    }

    private static LatentReport latents(JsonFields f) {
        double[] kl = doubles(f, "kl_per_dimension");
        double[] variance = doubles(f, "posterior_mean_variance");
        if (kl.length != variance.length) {
            throw new JsonException(
                    "Fields '"
                            + f.child("kl_per_dimension")
                            + "' and '"
                            + f.child("posterior_mean_variance")
                            + "' must have one value per latent dimension each, but have "
                            + kl.length
                            + " and "
                            + variance.length);
        }
        return new LatentReport(
                f.requireInt("active_units"), f.requireDouble("activity_threshold"), variance, kl);
    }

    /** An array of numbers, null entries (non-finite values) as NaN. */
    private static double[] doubles(JsonFields f, String key) {
        List<Object> list = f.requireList(key);
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = list.get(i);
            if (o != null && !(o instanceof Number)) {
                throw new JsonException(
                        "Field '" + f.child(key) + "[" + i + "]' must be a number or null");
            }
            v[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
        }
        return v;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> finite(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(finite(x));
        }
        return out;
    }
}
