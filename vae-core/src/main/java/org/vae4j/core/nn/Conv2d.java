package org.vae4j.core.nn;

import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * A 2-D convolution layer over {@code [batch, in, h, w]} images with a bias per output channel:
 * weight {@code [out, in, k, k]} ({@code fanIn = in k k}), initialised by the {@link Init}'s {@link
 * InitScheme} (by default as PyTorch's {@code nn.Conv2d}: weight and bias uniform in {@code
 * [-1/sqrt(fanIn), 1/sqrt(fanIn))}). Parameters: {@code weight}, {@code bias}.
 */
public final class Conv2d extends Module implements Layer {
    private final int in;
    private final int out;
    private final Conv2dSpec spec;
    private final Parameter weight;
    private final Parameter bias;

    /** A square {@code kernel x kernel} convolution with the given geometry and a bias. */
    public Conv2d(Init init, int in, int out, int kernel, Conv2dSpec spec) {
        ConvGeometry.requirePositive("Conv2d", in, out, kernel);
        this.in = in;
        this.out = out;
        this.spec = spec;
        Shape shape = Shape.of(out, in, kernel, kernel);
        this.weight = register(init.weight("weight", shape));
        this.bias = register(init.bias("bias", out, shape));
    }

    @Override
    public Variable forward(Variable x) {
        ConvGeometry.requireChannels("Conv2d", x, in);
        return ConvGeometry.addBias(x.conv2d(weight.variable(), spec), bias);
    }

    /** Returns the output size along one spatial axis (0 height, 1 width) for an input size. */
    public int outputSize(int axis, int inputSize) {
        return spec.convOutput(axis, inputSize, weight.value().shape().dim(2 + axis));
    }

    /** Returns the number of output channels. */
    public int outChannels() {
        return out;
    }

    /** Returns the {@code [out, in, k, k]} weight. */
    public Parameter weight() {
        return weight;
    }

    /** Returns the bias, one per output channel. */
    public Parameter bias() {
        return bias;
    }
}
