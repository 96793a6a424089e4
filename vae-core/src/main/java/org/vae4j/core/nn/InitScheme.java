package org.vae4j.core.nn;

import java.util.Locale;
import org.vae4j.api.tensor.Shape;

/**
 * How {@link Linear}, {@link Conv2d} and {@link ConvTranspose2d} draw their initial weights and
 * biases. Fans are counted as PyTorch counts them: for a weight of shape {@code [a, b, k...]},
 * {@code fanIn = b k...} and {@code fanOut = a k...} (so a {@code [out, in]} dense weight has
 * {@code fanIn = in}, a {@code [out, in, k, k]} convolution {@code in k k}, and a {@code [in, out,
 * k, k]} transposed convolution {@code out k k}).
 */
public enum InitScheme {
    /**
     * PyTorch's layer defaults: weight and bias uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}
     * (its {@code kaiming_uniform_(a=sqrt(5))} and bias rule).
     */
    TORCH,
    /**
     * Glorot &amp; Bengio (2010), uniform: weight in {@code [-b, b)} with {@code b = sqrt(6 /
     * (fanIn + fanOut))}, bias zero, as in the code of the IWAE paper (Burda et al. 2016).
     */
    GLOROT,
    /**
     * He et al. (2015), normal with fan-in scaling: weight from {@code N(0, 2 / fanIn)} (PyTorch's
     * {@code kaiming_normal_} with {@code mode='fan_in'} for ReLU, not truncated), bias zero.
     */
    HE;

    /**
     * Parses {@code torch}, {@code glorot} or {@code he}, ignoring case and surrounding space.
     *
     * @throws IllegalArgumentException with a one-line message listing the choices
     */
    public static InitScheme parse(String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (InitScheme s : values()) {
            if (s.name().equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "Unknown initialisation '" + text + "'; use torch, glorot or he");
    }

    /** Returns the name the command line and checkpoints use, such as {@code glorot}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the fan-in of a weight of this shape (rank at least 2). */
    public static int fanIn(Shape weight) {
        return receptiveField(weight) * weight.dim(1);
    }

    /** Returns the fan-out of a weight of this shape (rank at least 2). */
    public static int fanOut(Shape weight) {
        return receptiveField(weight) * weight.dim(0);
    }

    private static int receptiveField(Shape weight) {
        if (weight.rank() < 2) {
            throw new IllegalArgumentException(
                    "Fans need a weight of rank 2 or more, but the shape was " + weight);
        }
        int field = 1;
        for (int i = 2; i < weight.rank(); i++) {
            field *= weight.dim(i);
        }
        return field;
    }

    /** Draws a weight of the given shape. */
    Parameter weight(Init init, String name, Shape shape) {
        int fanIn = fanIn(shape);
        return switch (this) {
            case TORCH -> init.uniform(name, shape, 1 / Math.sqrt(fanIn));
            case GLOROT -> init.uniform(name, shape, Math.sqrt(6.0 / (fanIn + fanOut(shape))));
            case HE -> init.normal(name, shape, Math.sqrt(2.0 / fanIn));
        };
    }

    /** Draws the bias of {@code size} outputs for a weight of shape {@code weight}. */
    Parameter bias(Init init, String name, int size, Shape weight) {
        return this == TORCH
                ? init.uniform(name, Shape.of(size), 1 / Math.sqrt(fanIn(weight)))
                : init.constant(name, Shape.of(size), 0);
    }
}
