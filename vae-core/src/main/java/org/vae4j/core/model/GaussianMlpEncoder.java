package org.vae4j.core.model;

import java.util.stream.IntStream;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Linear;
import org.vae4j.core.nn.Mlp;
import org.vae4j.core.nn.Module;

/**
 * The encoder of Kingma &amp; Welling (2014, appendix C.2): an MLP body, then two linear heads for
 * the mean and the log-variance of a diagonal Gaussian q(z|x). Parameters: {@code body.*}, {@code
 * mean.*}, {@code logVar.*}.
 */
public final class GaussianMlpEncoder extends Module implements Encoder {
    private final Mlp body;
    private final Linear mean;
    private final Linear logVar;
    private final int conditions;

    /**
     * Builds the encoder.
     *
     * @param features the data size
     * @param hidden the body's hidden sizes (may be empty: the heads then read x directly)
     * @param latent the latent size
     */
    public GaussianMlpEncoder(
            Init init, int features, int[] hidden, int latent, Activation activation) {
        this(init, features, 0, hidden, latent, activation);
    }

    /**
     * Builds a conditional encoder, whose input is {@code x} with the condition appended.
     *
     * @param conditions the condition's size per example (0 for none)
     */
    public GaussianMlpEncoder(
            Init init,
            int features,
            int conditions,
            int[] hidden,
            int latent,
            Activation activation) {
        this.conditions = conditions;
        int in = features + conditions;
        int last = hidden.length == 0 ? in : hidden[hidden.length - 1];
        int[] sizes = IntStream.concat(IntStream.of(in), IntStream.of(hidden)).toArray();
        this.body =
                hidden.length == 0
                        ? null
                        : register("body", new Mlp(init, activation, true, sizes));
        this.mean = register("mean", new Linear(init, last, latent));
        this.logVar = register("logVar", new Linear(init, last, latent));
    }

    @Override
    public DiagonalGaussian encode(Variable x) {
        return encode(x, null);
    }

    @Override
    public DiagonalGaussian encode(Variable x, Variable c) {
        Variable in = Conditions.append(x, c, conditions);
        Variable h = body == null ? in : body.forward(in);
        return new DiagonalGaussian(mean.forward(h), logVar.forward(h));
    }

    /** Returns the latent size. */
    public int latentDim() {
        return mean.outFeatures();
    }
}
