package org.vae4j.core.model;

import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/**
 * The architecture of a VAE the trainer, checkpoints and exporters can rebuild by name: the MLP
 * ({@link MlpVaeConfig}) or the convolutional one ({@link ConvVaeConfig}). Both read and write data
 * as flat rows of {@link #features()} values; a convolutional model views them as images itself.
 */
public sealed interface ModelConfig permits MlpVaeConfig, ConvVaeConfig, HierarchicalVaeConfig {

    /** Returns the name checkpoints record, {@code mlp} or {@code conv}. */
    String type();

    /** Returns the size of one example as a flat row (784 for MNIST). */
    int features();

    /**
     * Returns the size of the condition per example (the number of classes of a label-conditioned
     * model), 0 for an unconditional model.
     */
    int conditions();

    /** Returns the latent size. */
    int latent();

    /** Returns the nonlinearity after hidden layers. */
    Activation activation();

    /** Returns the name of the likelihood family ({@link Likelihoods#parse}). */
    String likelihood();

    /** Builds the VAE with freshly initialised parameters. */
    Vae build(Init init);

    /**
     * Returns a lower bound on the number of parameters, so that a checkpoint whose architecture
     * asks for far more weights than the file holds is refused before anything is allocated.
     */
    double leastParameters();

    /** Returns the sizes of every axis a layer of this model has (channels, widths, ...). */
    int[] layerSizes();

    /** Returns a short description such as {@code 784-400-20} for progress lines. */
    String summary();
}
