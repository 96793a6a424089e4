package org.vae4j.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * A multi-layer perceptron: {@link Linear} layers of the given sizes with an activation between
 * them, and optionally after the last. Its parameters are named {@code layer0.weight}, {@code
 * layer0.bias}, {@code layer1.weight}, ...
 *
 * <pre>{@code
 * Mlp body = new Mlp(init, Activation.RELU, false, 784, 400);   // 784 -> 400, no activation after
 * }</pre>
 */
public final class Mlp extends Module implements Layer {
    private final List<Linear> layers = new ArrayList<>();
    private final Activation activation;
    private final boolean activateLast;
    private final int[] sizes;

    /**
     * Builds the network.
     *
     * @param init where parameters come from
     * @param activation the nonlinearity between layers
     * @param activateLast whether the activation also follows the last layer
     * @param sizes input size, hidden sizes, output size (at least two entries)
     */
    public Mlp(Init init, Activation activation, boolean activateLast, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException(
                    "An MLP needs at least an input and an output size, but got "
                            + Arrays.toString(sizes));
        }
        this.activation = activation;
        this.activateLast = activateLast;
        this.sizes = sizes.clone();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(register("layer" + i, new Linear(init, sizes[i], sizes[i + 1])));
        }
    }

    /**
     * Applies the layers to the last axis. An input of rank above 2 (samples x batch x features) is
     * flattened to rows once and its result reshaped back once, rather than around every layer.
     */
    @Override
    public Variable forward(Variable x) {
        Shape s = x.shape();
        boolean flatten = s.rank() > 2 && s.dim(-1) == sizes[0];
        Variable h = flatten ? x.reshape((int) (s.size() / sizes[0]), sizes[0]) : x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (activateLast || i + 1 < layers.size()) {
                h = activation.forward(h);
            }
        }
        return flatten ? h.reshape(s.withDim(-1, outFeatures())) : h;
    }

    /** Returns the dense layers, input side first. */
    public List<Linear> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Returns the layer sizes, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Returns the input size. */
    public int inFeatures() {
        return sizes[0];
    }

    /** Returns the output size. */
    public int outFeatures() {
        return sizes[sizes.length - 1];
    }

    /** Returns the activation. */
    public Activation activation() {
        return activation;
    }
}
