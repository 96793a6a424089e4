package org.vae4j.core.model;

import java.util.Arrays;
import org.vae4j.core.distributions.StandardNormal;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/**
 * The architecture of an MLP VAE, everything needed to rebuild it from a checkpoint: {@code
 * features -> hidden... -> latent} for the encoder, the mirror image for the decoder, a standard
 * normal prior.
 *
 * @param features the data size (784 for MNIST)
 * @param latent the latent size
 * @param hidden the encoder's hidden sizes; the decoder uses them reversed
 * @param activation the hidden nonlinearity
 * @param likelihood the name of the likelihood family ({@link Likelihoods#parse})
 * @param conditions the condition's size per example, appended to the encoder's and the decoder's
 *     input (0: an unconditional VAE)
 */
public record MlpVaeConfig(
        int features,
        int latent,
        int[] hidden,
        Activation activation,
        String likelihood,
        int conditions)
        implements ModelConfig {

    /** An unconditional MLP VAE. */
    public MlpVaeConfig(
            int features, int latent, int[] hidden, Activation activation, String likelihood) {
        this(features, latent, hidden, activation, likelihood, 0);
    }

    /** The pytorch/examples VAE: 784-400-20, ReLU, Bernoulli. */
    public static MlpVaeConfig pytorchExample() {
        return new MlpVaeConfig(784, 20, new int[] {400}, Activation.RELU, "bernoulli");
    }

    /** Validates the sizes and the likelihood name. */
    public MlpVaeConfig {
        if (features <= 0
                || latent <= 0
                || conditions < 0
                || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
            throw new IllegalArgumentException(
                    "Layer sizes must be positive, but got features="
                            + features
                            + ", hidden="
                            + Arrays.toString(hidden)
                            + ", latent="
                            + latent
                            + ", conditions="
                            + conditions);
        }
        Likelihoods.parse(likelihood);
        hidden = hidden.clone();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public String type() {
        return "mlp";
    }

    /** The weights between consecutive layers, once in the encoder and once in the decoder. */
    @Override
    public double leastParameters() {
        double sum = 0;
        int previous = features;
        for (int h : hidden) {
            sum += (double) previous * h;
            previous = h;
        }
        return 2 * (sum + (double) previous * latent);
    }

    @Override
    public int[] layerSizes() {
        int[] sizes = Arrays.copyOf(hidden, hidden.length + 2);
        sizes[hidden.length] = features;
        sizes[hidden.length + 1] = latent;
        return sizes;
    }

    @Override
    public String summary() {
        StringBuilder b = new StringBuilder().append(features);
        for (int h : hidden) {
            b.append('-').append(h);
        }
        b.append('-').append(latent);
        return conditions > 0 ? b + " conditional on " + conditions : b.toString();
    }

    @Override
    public Vae build(Init init) {
        int[] reversed = new int[hidden.length];
        for (int i = 0; i < hidden.length; i++) {
            reversed[i] = hidden[hidden.length - 1 - i];
        }
        GaussianMlpEncoder encoder =
                new GaussianMlpEncoder(init, features, conditions, hidden, latent, activation);
        MlpDecoder decoder =
                new MlpDecoder(
                        init,
                        latent,
                        conditions,
                        reversed,
                        features,
                        activation,
                        Likelihoods.parse(likelihood));
        return new Vae(
                encoder,
                decoder,
                new StandardNormal(init.backend(), init.dtype(), latent),
                conditions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpVaeConfig c
                && features == c.features
                && latent == c.latent
                && Arrays.equals(hidden, c.hidden)
                && activation == c.activation
                && likelihood.equals(c.likelihood)
                && conditions == c.conditions;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31
                + java.util.Objects.hash(features, latent, activation, likelihood, conditions);
    }

    @Override
    public String toString() {
        return "MlpVaeConfig[features="
                + features
                + ", latent="
                + latent
                + ", hidden="
                + Arrays.toString(hidden)
                + ", activation="
                + activation.cliName()
                + ", likelihood="
                + likelihood
                + (conditions > 0 ? ", conditions=" + conditions : "")
                + "]";
    }
}
