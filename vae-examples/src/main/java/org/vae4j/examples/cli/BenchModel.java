package org.vae4j.examples.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.train.TrainingConfig;

/**
 * The models {@code vae bench --model} times, each with its training protocol: the canonical
 * pytorch/examples VAE, the IWAE paper's one-layer model with the ELBO and with K = 5, the
 * convolutional VAE, plain and conditional, and models off those paths (ELU and the continuous
 * Bernoulli; the convolutional VAE with batch norm).
 */
enum BenchModel {
    /** 784-400-20 ReLU, Bernoulli on grey pixels, batch 128, ELBO. */
    CANONICAL(MlpVaeConfig.pytorchExample(), "elbo", 1, 128, Binarization.NONE),
    /** 784-200-200-50 tanh, dynamic binarisation, batch 100, ELBO (Burda et al. 2016). */
    BURDA(burda(), "elbo", 1, 100, Binarization.DYNAMIC),
    /** The same model trained on the IWAE bound with K = 5. */
    BURDA_IWAE5(burda(), "iwae", 5, 100, Binarization.DYNAMIC),
    /** {@link ConvVaeConfig#mnist()}: Conv 32, 64 (k4 s2), 256, latent 16, batch 128, ELBO. */
    CONV(ConvVaeConfig.mnist(), "elbo", 1, 128, Binarization.NONE),
    /** The same, conditioned on the ten labels. */
    CVAE(ConvVaeConfig.mnist().withConditions(10), "elbo", 1, 128, Binarization.NONE),
    /**
     * 784-400-20 ELU, continuous Bernoulli on grey pixels, batch 128, ELBO: an activation and a
     * likelihood made of many elementwise ops, none of them the subject of a kernel of its own.
     */
    CB_ELU(
            new MlpVaeConfig(784, 20, new int[] {400}, Activation.ELU, "continuous-bernoulli"),
            "elbo",
            1,
            128,
            Binarization.NONE),
    /**
     * {@link #CONV} with batch norm after every convolution and dense hidden layer: a normalisation
     * over the batch and the pixels, forward and backward, at every layer.
     */
    CONV_BN(ConvVaeConfig.mnist().withBatchNorm(true), "elbo", 1, 128, Binarization.NONE);

    private final ModelConfig model;
    private final String objective;
    private final int samples;
    private final int batch;
    private final Binarization binarization;

    BenchModel(
            ModelConfig model,
            String objective,
            int samples,
            int batch,
            Binarization binarization) {
        this.model = model;
        this.objective = objective;
        this.samples = samples;
        this.batch = batch;
        this.binarization = binarization;
    }

    private static MlpVaeConfig burda() {
        return new MlpVaeConfig(784, 50, new int[] {200, 200}, Activation.TANH, "bernoulli");
    }

    /** Returns the command-line name, for example {@code burda-iwae5}. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns the architecture. */
    ModelConfig model() {
        return model;
    }

    /** Returns the examples per step. */
    int batch() {
        return batch;
    }

    /** Returns the protocol: Adam at 1e-3, float32, seed 1, for {@code epochs} epochs. */
    TrainingConfig training(int epochs) {
        return new TrainingConfig(
                objective,
                samples,
                1,
                0,
                "adam",
                1e-3,
                batch,
                epochs,
                binarization,
                1,
                DType.FLOAT32);
    }

    /** Returns a one-line description for the results. */
    String describe() {
        return model.summary()
                + " "
                + model.activation().cliName()
                + " "
                + model.likelihood()
                + ", "
                + objective
                + (samples > 1 ? " k=" + samples : "")
                + ", batch "
                + batch
                + (binarization == Binarization.NONE ? "" : ", " + binarization + " binarisation")
                + ", adam, float32";
    }

    /** Returns the matrix FLOPs of one training example (see {@link MatrixFlops}). */
    double flopsPerExample() {
        return MatrixFlops.perTrainingExample(model, samples);
    }

    /**
     * Parses {@code --model}: names separated by commas, or {@code all}.
     *
     * @throws UsageException listing the names
     */
    static BenchModel[] parse(String names) {
        if (names.strip().equalsIgnoreCase("all")) {
            return values();
        }
        return Arrays.stream(names.split(","))
                .map(String::strip)
                .map(
                        n ->
                                Arrays.stream(values())
                                        .filter(m -> m.cliName().equalsIgnoreCase(n))
                                        .findFirst()
                                        .orElseThrow(
                                                () ->
                                                        new UsageException(
                                                                "Unknown --model '"
                                                                        + n
                                                                        + "'; use all or one of "
                                                                        + Arrays.stream(values())
                                                                                .map(
                                                                                        BenchModel
                                                                                                ::cliName)
                                                                                .collect(
                                                                                        Collectors
                                                                                                .joining(
                                                                                                        ", ")))))
                .toArray(BenchModel[]::new);
    }
}
