package org.vae4j.core.model;

import java.util.List;
import java.util.stream.IntStream;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Linear;
import org.vae4j.core.nn.Mlp;
import org.vae4j.core.nn.Module;
import org.vae4j.core.nn.Parameter;

/**
 * An MLP from latent codes to the raw parameters of a {@link Likelihood}: {@code latent -> hidden
 * ... -> outputsPerFeature * features}, with no activation after the last layer. Parameters: {@code
 * net.*}.
 */
public final class MlpDecoder extends Module implements Decoder {
    private final Mlp net;
    private final Likelihood likelihood;
    private final int conditions;

    /**
     * Builds the decoder.
     *
     * @param latent the latent size
     * @param hidden the hidden sizes
     * @param features the data size
     */
    public MlpDecoder(
            Init init,
            int latent,
            int[] hidden,
            int features,
            Activation activation,
            Likelihood likelihood) {
        this(init, latent, 0, hidden, features, activation, likelihood);
    }

    /**
     * Builds a conditional decoder, whose input is {@code z} with the condition appended.
     *
     * @param conditions the condition's size per example (0 for none)
     */
    public MlpDecoder(
            Init init,
            int latent,
            int conditions,
            int[] hidden,
            int features,
            Activation activation,
            Likelihood likelihood) {
        this.conditions = conditions;
        int[] sizes =
                IntStream.concat(
                                IntStream.concat(
                                        IntStream.of(latent + conditions), IntStream.of(hidden)),
                                IntStream.of(likelihood.outputsPerFeature() * features))
                        .toArray();
        this.net = register("net", new Mlp(init, activation, false, sizes));
        this.likelihood = likelihood;
    }

    /** Returns the network's raw output for codes {@code z} (and conditions, or null). */
    public Variable raw(Variable z, Variable c) {
        return net.forward(Conditions.append(z, c, conditions));
    }

    @Override
    public Distribution decode(Variable z) {
        return decode(z, null);
    }

    @Override
    public Distribution decode(Variable z, Variable c) {
        return likelihood.distribution(raw(z, c));
    }

    /** Returns the bias of the last layer, the raw outputs' offset. */
    public Parameter outputBias() {
        List<Linear> layers = net.layers();
        return layers.get(layers.size() - 1).bias();
    }

    /** Returns the likelihood family. */
    public Likelihood likelihood() {
        return likelihood;
    }
}
