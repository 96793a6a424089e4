package org.vae4j.core.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.IwaeBound;
import org.vae4j.core.objectives.Objective;
import org.vae4j.core.optim.Adagrad;
import org.vae4j.core.optim.Adam;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.optim.Sgd;

/**
 * Every training setting of a run, as recorded in its checkpoint so that a resumed run continues
 * with its own settings. The defaults ({@link #defaults()}) are the pytorch/examples protocol.
 *
 * @param objective {@code elbo} or {@code iwae}
 * @param samples L for the ELBO, K for the IWAE bound
 * @param beta the KL weight of the ELBO
 * @param warmupEpochs epochs over which the ELBO's KL weight rises linearly to beta; 0 for none
 * @param optimizer {@code adam}, {@code adagrad} or {@code sgd}
 * @param learningRate the optimizer's learning rate
 * @param batchSize examples per step
 * @param epochs the total number of epochs
 * @param binarization how grey values become the data
 * @param seed the seed of every random stream: initialisation, shuffling, noise
 * @param dtype the parameters' dtype
 */
public record TrainingConfig(
        String objective,
        int samples,
        double beta,
        int warmupEpochs,
        String optimizer,
        double learningRate,
        int batchSize,
        int epochs,
        Binarization binarization,
        long seed,
        DType dtype) {

    /** Validates every setting, with a message that names it and its allowed values. */
    public TrainingConfig {
        objective = choice("objective", objective, "elbo", "iwae");
        optimizer = choice("optimizer", optimizer, "adam", "adagrad", "sgd");
        positive("samples", samples);
        positive("batch size", batchSize);
        positive("epochs", epochs);
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, but was " + beta);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException(
                    "warm-up epochs must be >= 0, but was " + warmupEpochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "the learning rate must be finite and > 0, but was " + learningRate);
        }
        if (objective.equals("iwae") && (beta != 1 || warmupEpochs != 0)) {
            throw new IllegalArgumentException(
                    "beta and KL warm-up apply to the ELBO only; drop them or use the elbo"
                            + " objective");
        }
    }

    /** The pytorch/examples VAE protocol: ELBO, Adam 1e-3, batch 128, 10 epochs, grey values. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(
                "elbo", 1, 1, 0, "adam", 1e-3, 128, 10, Binarization.NONE, 1, DType.FLOAT32);
    }

    /** Returns a copy with a different number of epochs (a resumed run may extend its own). */
    public TrainingConfig withEpochs(int total) {
        return new TrainingConfig(
                objective,
                samples,
                beta,
                warmupEpochs,
                optimizer,
                learningRate,
                batchSize,
                total,
                binarization,
                seed,
                dtype);
    }

    /** Builds the objective these settings describe. */
    public Objective buildObjective() {
        if (objective.equals("iwae")) {
            return new IwaeBound(samples);
        }
        return Elbo.builder().samples(samples).beta(beta).warmupEpochs(warmupEpochs).build();
    }

    /** Builds the optimizer these settings describe, over a model's named parameters. */
    public Optimizer buildOptimizer(Map<String, Parameter> parameters) {
        return switch (optimizer) {
            case "adagrad" -> new Adagrad(parameters, learningRate);
            case "sgd" -> new Sgd(parameters, learningRate, 0.9, false);
            default -> new Adam(parameters, learningRate);
        };
    }

    /** Returns these settings as a JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", objective);
        m.put("samples", samples);
        m.put("beta", beta);
        m.put("warmup_epochs", warmupEpochs);
        m.put("optimizer", optimizer);
        m.put("learning_rate", learningRate);
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        m.put("binarization", binarization.toString());
        m.put("seed", seed);
        m.put("dtype", dtype.toString());
        return m;
    }

    /** Reads settings written by {@link #toJson()}. */
    public static TrainingConfig fromJson(JsonFields f) {
        return new TrainingConfig(
                f.requireString("objective"),
                f.requireInt("samples"),
                f.requireDouble("beta"),
                f.requireInt("warmup_epochs"),
                f.requireString("optimizer"),
                f.requireDouble("learning_rate"),
                f.requireInt("batch_size"),
                f.requireInt("epochs"),
                Binarization.parse(f.requireString("binarization")),
                f.requireLong("seed"),
                DType.parse(f.requireString("dtype")));
    }

    private static String choice(String what, String value, String... allowed) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "Unknown " + what + " '" + value + "'; use one of " + String.join(", ", allowed));
    }

    private static void positive(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, but was " + n);
        }
    }
}
