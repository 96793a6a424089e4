package org.vae4j.core.model;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.BatchNorm1d;
import org.vae4j.core.nn.BatchNorm2d;
import org.vae4j.core.nn.ConvTranspose2d;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Layer;
import org.vae4j.core.nn.Linear;
import org.vae4j.core.nn.Module;
import org.vae4j.core.nn.Parameter;

/**
 * The convolutional decoder of a {@link ConvVaeConfig}: two dense layers up to the encoder's last
 * grid, then stride-2 transposed convolutions back to the image's size, the last giving {@code
 * outputsPerFeature x channels} maps, returned as flat rows (parameter k of every pixel in the k-th
 * block of {@code features} values). Parameters: {@code dense0.*}, {@code dense1.*}, {@code
 * deconv0.*}, ...; with batch norm also {@code dense0Norm.*}, {@code dense1Norm.*}, {@code
 * deconv0Norm.*}, ... (not after the last transposed convolution).
 */
public final class ConvDecoder extends Module implements Decoder {
    private final ConvVaeConfig config;
    private final Likelihood likelihood;
    private final Layer dense0;
    private final Layer dense1;
    private final List<Layer> deconvs = new ArrayList<>();
    private final ConvTranspose2d last;

    /** Builds the decoder of {@code config} for a likelihood family. */
    public ConvDecoder(Init init, ConvVaeConfig config, Likelihood likelihood) {
        this.config = config;
        this.likelihood = likelihood;
        int in = config.latent() + config.conditions();
        this.dense0 =
                normed(init, "dense0", new Linear(init, in, config.hidden()), config.hidden(), 2);
        this.dense1 =
                normed(
                        init,
                        "dense1",
                        new Linear(init, config.hidden(), config.flatSize()),
                        config.flatSize(),
                        2);
        int[] channels = config.convChannels();
        int[][] sizes = config.sizes();
        int n = channels.length;
        for (int i = n - 1; i >= 0; i--) {
            int out = i == 0 ? likelihood.outputsPerFeature() * config.channels() : channels[i - 1];
            Conv2dSpec spec = config.spec();
            int[] pad = new int[2];
            for (int axis = 0; axis < 2; axis++) {
                int reached = spec.transposedOutput(axis, sizes[axis][i + 1], config.kernel());
                pad[axis] = sizes[axis][i] - reached;
            }
            spec = spec.withOutputPadding(pad[0], pad[1]);
            String name = "deconv" + (n - 1 - i);
            ConvTranspose2d deconv =
                    new ConvTranspose2d(init, channels[i], out, config.kernel(), spec);
            deconvs.add(i == 0 ? register(name, deconv) : normed(init, name, deconv, out, 4));
        }
        this.last = (ConvTranspose2d) deconvs.get(n - 1); // the last is never followed by a norm
    }

    /**
     * Registers a layer, followed by batch norm of its {@code width} outputs (named {@code
     * <name>Norm}) when the config asks for it; {@code rank} 2 for rows, 4 for images.
     */
    private <L extends Module & Layer> Layer normed(
            Init init, String name, L layer, int width, int rank) {
        register(name, layer);
        if (!config.batchNorm()) {
            return layer;
        }
        Module norm = rank == 2 ? new BatchNorm1d(init, width) : new BatchNorm2d(init, width);
        return layer.andThen((Layer) register(name + "Norm", norm));
    }

    /**
     * Returns the network's raw output {@code [..., outputsPerFeature * features]} for codes {@code
     * z [..., latent]} and conditions {@code c} (null for an unconditional model).
     */
    public Variable raw(Variable z, Variable c) {
        Shape s = z.shape();
        Variable in = Conditions.append(z, c, config.conditions());
        int width = config.latent() + config.conditions();
        int rows = (int) (in.shape().size() / width);
        Activation act = config.activation();
        Variable h = act.forward(dense0.forward(in.reshape(rows, width)));
        h = act.forward(dense1.forward(h));
        int[][] sizes = config.sizes();
        int n = config.convChannels().length;
        h = h.reshape(rows, config.convChannels()[n - 1], sizes[0][n], sizes[1][n]);
        for (int i = 0; i < deconvs.size(); i++) {
            h = deconvs.get(i).forward(h);
            if (i + 1 < deconvs.size()) {
                h = act.forward(h);
            }
        }
        return h.reshape(s.withDim(-1, likelihood.outputsPerFeature() * config.features()));
    }

    /** Returns the bias of the last transposed convolution, one per output channel. */
    public Parameter outputBias() {
        return last.bias();
    }

    @Override
    public Distribution decode(Variable z) {
        return decode(z, null);
    }

    @Override
    public Distribution decode(Variable z, Variable c) {
        return likelihood.distribution(raw(z, c));
    }
}
