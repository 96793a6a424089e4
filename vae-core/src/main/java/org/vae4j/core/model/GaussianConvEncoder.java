package org.vae4j.core.model;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.BatchNorm1d;
import org.vae4j.core.nn.BatchNorm2d;
import org.vae4j.core.nn.Conv2d;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Layer;
import org.vae4j.core.nn.Linear;
import org.vae4j.core.nn.Module;

/**
 * The convolutional encoder of a {@link ConvVaeConfig}: flat rows viewed as images, stride-2
 * convolutions, a dense layer, and the two heads of a diagonal Gaussian q(z|x). Parameters: {@code
 * conv0.*}, {@code conv1.*}, ..., {@code dense.*}, {@code mean.*}, {@code logVar.*}; with batch
 * norm also {@code convNorm0.*}, ... and {@code denseNorm.*}.
 */
public final class GaussianConvEncoder extends Module implements Encoder {
    private final ConvVaeConfig config;
    private final List<Layer> convs = new ArrayList<>();
    private final Layer dense;
    private final Linear mean;
    private final Linear logVar;

    /** Builds the encoder of {@code config}. */
    public GaussianConvEncoder(Init init, ConvVaeConfig config) {
        this.config = config;
        int in = config.channels();
        int[] channels = config.convChannels();
        for (int i = 0; i < channels.length; i++) {
            Conv2d conv =
                    register(
                            "conv" + i,
                            new Conv2d(init, in, channels[i], config.kernel(), config.spec()));
            convs.add(
                    config.batchNorm()
                            ? conv.andThen(
                                    register("convNorm" + i, new BatchNorm2d(init, channels[i])))
                            : conv);
            in = channels[i];
        }
        int flat = config.flatSize() + config.conditions();
        Linear d = register("dense", new Linear(init, flat, config.hidden()));
        this.dense =
                config.batchNorm()
                        ? d.andThen(register("denseNorm", new BatchNorm1d(init, config.hidden())))
                        : d;
        this.mean = register("mean", new Linear(init, config.hidden(), config.latent()));
        this.logVar = register("logVar", new Linear(init, config.hidden(), config.latent()));
    }

    /** Returns q(z|x) for rows {@code x [..., features]} of an unconditional model. */
    @Override
    public DiagonalGaussian encode(Variable x) {
        return encode(x, null);
    }

    /**
     * Returns q(z|x, c) for rows {@code x [batch, features]} and conditions {@code c [batch,
     * conditions]} (null for an unconditional model), appended after the convolutions.
     */
    @Override
    public DiagonalGaussian encode(Variable x, Variable c) {
        Shape s = x.shape();
        int features = config.features();
        if (s.rank() == 0 || s.dim(-1) != features) {
            throw new IllegalArgumentException(
                    "The conv encoder for "
                            + config.channels()
                            + "x"
                            + config.height()
                            + "x"
                            + config.width()
                            + " images got input of shape "
                            + s
                            + "; its last axis must be "
                            + features);
        }
        int rows = (int) (s.size() / features);
        Activation act = config.activation();
        Variable h = x.reshape(rows, config.channels(), config.height(), config.width());
        for (Layer conv : convs) {
            h = act.forward(conv.forward(h));
        }
        Variable flat =
                Conditions.append(h.reshape(rows, config.flatSize()), c, config.conditions());
        h = act.forward(dense.forward(flat));
        Variable mu = mean.forward(h);
        Variable lv = logVar.forward(h);
        if (s.rank() != 2) {
            Shape out = s.withDim(-1, config.latent());
            mu = mu.reshape(out);
            lv = lv.reshape(out);
        }
        return new DiagonalGaussian(mu, lv);
    }
}
