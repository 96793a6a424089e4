package org.vae4j.core.optim;

import java.util.Map;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.nn.Parameter;

/**
 * Adagrad (Duchi, Hazan &amp; Singer 2011), the optimizer of the original VAE paper (Kingma &amp;
 * Welling 2014, section 5): {@code G += g^2; param -= lr * g / (sqrt(G) + eps)}.
 */
public final class Adagrad extends Optimizer {
    private final double epsilon;

    /** Adagrad with epsilon 1e-10, as PyTorch. */
    public Adagrad(Map<String, Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 1e-10);
    }

    /** Adagrad with a given epsilon. */
    public Adagrad(Map<String, Parameter> parameters, double learningRate, double epsilon) {
        super(parameters, learningRate);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adagrad epsilon must be > 0, but was " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return Map.of("epsilon", epsilon);
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        Backend b = param.backend();
        Tensor sum = slot("sum", index);
        b.assign(sum, b.binary(Op.ADD, sum, b.unary(Op.SQUARE, grad)));
        Tensor denom = b.binary(Op.ADD, b.unary(Op.SQRT, sum), b.scalar(epsilon, grad.dtype()));
        Tensor delta =
                b.binary(
                        Op.MUL,
                        b.binary(Op.DIV, grad, denom),
                        b.scalar(learningRate(), grad.dtype()));
        b.assign(param, b.binary(Op.SUB, param, delta));
    }
}
