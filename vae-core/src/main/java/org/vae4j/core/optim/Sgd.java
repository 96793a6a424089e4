package org.vae4j.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.nn.Parameter;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as PyTorch's {@code SGD} without
 * dampening: {@code buf = momentum * buf + g; param -= lr * (nesterov ? g + momentum * buf : buf)}.
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /** Plain SGD. */
    public Sgd(Map<String, Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0, false);
    }

    /** SGD with momentum in {@code [0, 1)}, optionally Nesterov's. */
    public Sgd(
            Map<String, Parameter> parameters,
            double learningRate,
            double momentum,
            boolean nesterov) {
        super(parameters, learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(
                    "SGD momentum must be in [0, 1), but was " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("momentum", momentum);
        h.put("nesterov", nesterov);
        return h;
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        Backend b = param.backend();
        Tensor direction = grad;
        if (momentum > 0) {
            Tensor buf = slot("momentum", index);
            Tensor mu = b.scalar(momentum, grad.dtype());
            b.assign(buf, b.binary(Op.ADD, b.binary(Op.MUL, buf, mu), grad));
            direction = nesterov ? b.binary(Op.ADD, grad, b.binary(Op.MUL, buf, mu)) : buf;
        }
        Tensor delta = b.binary(Op.MUL, direction, b.scalar(learningRate(), grad.dtype()));
        b.assign(param, b.binary(Op.SUB, param, delta));
    }
}
