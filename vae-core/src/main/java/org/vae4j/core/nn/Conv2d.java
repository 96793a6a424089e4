package org.vae4j.core.nn;

import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * A 2-D convolution layer over {@code [batch, in, h, w]} images with a bias per output channel,
 * initialised as PyTorch's {@code nn.Conv2d}: weight {@code [out, in, k, k]} and bias uniform in
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}, {@code fanIn = in k k}. Parameters: {@code weight},
 * {@code bias}.
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
        double bound = 1 / Math.sqrt((double) in * kernel * kernel);
        this.weight = register(init.uniform("weight", Shape.of(out, in, kernel, kernel), bound));
        this.bias = register(init.uniform("bias", Shape.of(out), bound));
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
}
