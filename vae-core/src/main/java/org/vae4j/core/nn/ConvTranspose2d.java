package org.vae4j.core.nn;

import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * A transposed 2-D convolution layer over {@code [batch, in, h, w]} images with a bias per output
 * channel, initialised as PyTorch's {@code nn.ConvTranspose2d}: weight {@code [in, out, k, k]} and
 * bias uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}, where PyTorch takes {@code fanIn = out k
 * k} from the weight's second axis. Parameters: {@code weight}, {@code bias}.
 */
public final class ConvTranspose2d extends Module implements Layer {
    private final int in;
    private final Conv2dSpec spec;
    private final Parameter weight;
    private final Parameter bias;

    /** A square {@code kernel x kernel} transposed convolution with the given geometry. */
    public ConvTranspose2d(Init init, int in, int out, int kernel, Conv2dSpec spec) {
        ConvGeometry.requirePositive("ConvTranspose2d", in, out, kernel);
        this.in = in;
        this.spec = spec;
        double bound = 1 / Math.sqrt((double) out * kernel * kernel);
        this.weight = register(init.uniform("weight", Shape.of(in, out, kernel, kernel), bound));
        this.bias = register(init.uniform("bias", Shape.of(out), bound));
    }

    @Override
    public Variable forward(Variable x) {
        ConvGeometry.requireChannels("ConvTranspose2d", x, in);
        return ConvGeometry.addBias(x.convTranspose2d(weight.variable(), spec), bias);
    }
}
