package org.vae4j.core.nn;

import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * A transposed 2-D convolution layer over {@code [batch, in, h, w]} images with a bias per output
 * channel: weight {@code [in, out, k, k]}, whose fans PyTorch takes from its axes ({@code fanIn =
 * out k k}, {@code fanOut = in k k}), initialised by the {@link Init}'s {@link InitScheme} (by
 * default as PyTorch's {@code nn.ConvTranspose2d}: weight and bias uniform in {@code
 * [-1/sqrt(fanIn), 1/sqrt(fanIn))}). Parameters: {@code weight}, {@code bias}.
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
        Shape shape = Shape.of(in, out, kernel, kernel);
        this.weight = register(init.weight("weight", shape));
        this.bias = register(init.bias("bias", out, shape));
    }

    @Override
    public Variable forward(Variable x) {
        ConvGeometry.requireChannels("ConvTranspose2d", x, in);
        return ConvGeometry.addBias(x.convTranspose2d(weight.variable(), spec), bias);
    }

    /** Returns the {@code [in, out, k, k]} weight. */
    public Parameter weight() {
        return weight;
    }

    /** Returns the bias, one per output channel. */
    public Parameter bias() {
        return bias;
    }
}
