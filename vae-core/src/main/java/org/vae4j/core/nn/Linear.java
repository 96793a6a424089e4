package org.vae4j.core.nn;

import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.Variable;

/**
 * A dense layer {@code y = x W^T + b} with {@code W [out, in]}, initialised by the {@link Init}'s
 * {@link InitScheme} (by default as PyTorch's {@code nn.Linear}: weight and bias uniform in {@code
 * [-1/sqrt(in), 1/sqrt(in))}). Inputs of rank above 2 are treated as batches of rows ({@code [...,
 * in] -> [..., out]}).
 */
public final class Linear extends Module implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer with a bias. */
    public Linear(Init init, int in, int out) {
        this(init, in, out, true);
    }

    /** A layer with or without a bias. */
    public Linear(Init init, int in, int out, boolean withBias) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(
                    "Linear sizes must be positive, but were in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        Shape shape = Shape.of(out, in);
        this.weight = register(init.weight("weight", shape));
        this.bias = withBias ? register(init.bias("bias", out, shape)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        Shape s = x.shape();
        if (s.rank() == 0 || s.dim(-1) != in) {
            throw new IllegalArgumentException(
                    "Linear("
                            + in
                            + " -> "
                            + out
                            + ") got input of shape "
                            + s
                            + "; its last axis must be "
                            + in);
        }
        Variable b = bias == null ? null : bias.variable();
        if (s.rank() == 2) {
            return Fused.linear(x, weight.variable(), b);
        }
        int rows = (int) (s.size() / in);
        Variable y = Fused.linear(x.reshape(rows, in), weight.variable(), b);
        return y.reshape(s.withDim(-1, out));
    }

    /** Returns the input size. */
    public int inFeatures() {
        return in;
    }

    /** Returns the output size. */
    public int outFeatures() {
        return out;
    }

    /** Returns the {@code [out, in]} weight. */
    public Parameter weight() {
        return weight;
    }

    /** Returns the bias, or null. */
    public Parameter bias() {
        return bias;
    }
}
