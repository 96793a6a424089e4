package org.vae4j.core.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.model.OutputBias;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.InitScheme;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.IwaeBound;
import org.vae4j.core.objectives.Objective;
import org.vae4j.core.optim.Adagrad;
import org.vae4j.core.optim.Adam;
import org.vae4j.core.optim.LrSchedule;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.optim.ScheduleSpec;
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
 * @param init how layers draw their initial weights and biases
 * @param outputBias where the decoder's last bias starts
 * @param schedule the learning rate by epoch, from {@code learningRate}
 * @param adamEpsilon Adam's epsilon (unused by the other optimizers)
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
        DType dtype,
        InitScheme init,
        OutputBias outputBias,
        ScheduleSpec schedule,
        double adamEpsilon) {

    /** Adam's default epsilon, PyTorch's. */
    public static final double ADAM_EPSILON = 1e-8;

    /** Adam's epsilon in the IWAE paper, which {@code burda} schedules use unless given. */
    public static final double BURDA_ADAM_EPSILON = 1e-4;

    /**
     * Settings with PyTorch's initialisation, the drawn output bias, a constant learning rate and
     * Adam's default epsilon.
     */
    public TrainingConfig(
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
        this(
                objective,
                samples,
                beta,
                warmupEpochs,
                optimizer,
                learningRate,
                batchSize,
                epochs,
                binarization,
                seed,
                dtype,
                InitScheme.TORCH,
                OutputBias.INIT,
                ScheduleSpec.CONSTANT,
                ADAM_EPSILON);
    }

    /** Validates every setting, with a message that names it and its allowed values. */
    public TrainingConfig {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(outputBias, "outputBias");
        Objects.requireNonNull(schedule, "schedule");
        if (!(adamEpsilon > 0) || Double.isInfinite(adamEpsilon)) {
            throw new IllegalArgumentException(
                    "Adam's epsilon must be finite and > 0, but was " + adamEpsilon);
        }
        if (schedule.epochs().isPresent() && epochs > schedule.epochs().getAsInt()) {
            throw new IllegalArgumentException(
                    "the schedule "
                            + schedule
                            + " lasts "
                            + schedule.epochs().getAsInt()
                            + " epochs, but the run asks for "
                            + epochs
                            + "; give at most that many epochs or more stages");
        }
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
                dtype,
                init,
                outputBias,
                schedule,
                adamEpsilon);
    }

    /** Returns a copy with another initialisation scheme and output bias. */
    public TrainingConfig withInit(InitScheme scheme, OutputBias bias) {
        return new TrainingConfig(
                objective,
                samples,
                beta,
                warmupEpochs,
                optimizer,
                learningRate,
                batchSize,
                epochs,
                binarization,
                seed,
                dtype,
                scheme,
                bias,
                schedule,
                adamEpsilon);
    }

    /** Returns a copy with another learning-rate schedule and Adam epsilon. */
    public TrainingConfig withSchedule(ScheduleSpec spec, double epsilon) {
        return new TrainingConfig(
                objective,
                samples,
                beta,
                warmupEpochs,
                optimizer,
                learningRate,
                batchSize,
                epochs,
                binarization,
                seed,
                dtype,
                init,
                outputBias,
                spec,
                epsilon);
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
            default -> new Adam(parameters, learningRate, 0.9, 0.999, adamEpsilon, 0);
        };
    }

    /** Returns the learning-rate schedule these settings describe. */
    public LrSchedule buildSchedule() {
        return schedule.schedule();
    }

    /**
     * Returns where new parameters come from: {@code backend} and the dtype and initialisation
     * scheme of these settings, drawing from {@code rng}.
     */
    public Init buildInit(Backend backend, Rng rng) {
        return Init.on(backend, dtype, rng).with(init);
    }

    /**
     * Returns these settings as a JSON object; the initialisation, output bias, schedule and Adam
     * epsilon appear only where they are not PyTorch's initialisation, the drawn bias, a constant
     * rate and 1e-8.
     */
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
        putUnlessDefault(m, "init", init.cliName(), InitScheme.TORCH.cliName());
        putUnlessDefault(m, "output_bias", outputBias.cliName(), OutputBias.INIT.cliName());
        putUnlessDefault(m, "schedule", schedule.text(), ScheduleSpec.CONSTANT.text());
        putUnlessDefault(m, "adam_epsilon", adamEpsilon, ADAM_EPSILON);
        return m;
    }

    /**
     * Records a setting added after the first checkpoint format only where it differs from the
     * behaviour before it, so that runs which do not use it keep their header byte for byte.
     */
    private static void putUnlessDefault(
            Map<String, Object> m, String key, Object value, Object before) {
        if (!value.equals(before)) {
            m.put(key, value);
        }
    }

    /**
     * Reads settings written by {@link #toJson()}; those written before initialisation and
     * schedules were recorded read as PyTorch's initialisation and a constant learning rate.
     */
    public static TrainingConfig fromJson(JsonFields f) {
        int epochs = f.requireInt("epochs");
        return new TrainingConfig(
                f.requireString("objective"),
                f.requireInt("samples"),
                f.requireDouble("beta"),
                f.requireInt("warmup_epochs"),
                f.requireString("optimizer"),
                f.requireDouble("learning_rate"),
                f.requireInt("batch_size"),
                epochs,
                Binarization.parse(f.requireString("binarization")),
                f.requireLong("seed"),
                DType.parse(f.requireString("dtype")),
                InitScheme.parse(f.optionalString("init", "torch")),
                OutputBias.parse(f.optionalString("output_bias", "init")),
                ScheduleSpec.parse(f.optionalString("schedule", "constant"), epochs),
                f.optionalDouble("adam_epsilon", ADAM_EPSILON));
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
