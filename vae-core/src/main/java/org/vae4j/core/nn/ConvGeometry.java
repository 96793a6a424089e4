package org.vae4j.core.nn;

import org.vae4j.core.autograd.Variable;

/** What the convolution layers share: argument checks and the per-channel bias. */
final class ConvGeometry {
    private ConvGeometry() {}

    static void requirePositive(String layer, int in, int out, int kernel) {
        if (in <= 0 || out <= 0 || kernel <= 0) {
            throw new IllegalArgumentException(
                    layer
                            + " sizes must be positive, but were in="
                            + in
                            + ", out="
                            + out
                            + ", kernel="
                            + kernel);
        }
    }

    static void requireChannels(String layer, Variable x, int in) {
        if (x.rank() != 4 || x.shape().dim(1) != in) {
            throw new IllegalArgumentException(
                    layer
                            + " with "
                            + in
                            + " input channels got input of shape "
                            + x.shape()
                            + "; it needs [batch, "
                            + in
                            + ", height, width]");
        }
    }

    /** Adds {@code bias [c]} to every pixel of channel c of {@code y [n, c, h, w]}. */
    static Variable addBias(Variable y, Parameter bias) {
        int c = bias.value().shape().dim(0);
        return y.add(bias.variable().reshape(1, c, 1, 1));
    }
}
