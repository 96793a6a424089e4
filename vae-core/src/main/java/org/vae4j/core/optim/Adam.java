package org.vae4j.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.nn.Parameter;

/**
 * Adam (Kingma &amp; Ba, <i>Adam: A Method for Stochastic Optimization</i>, ICLR 2015), with
 * PyTorch's defaults and optional decoupled weight decay (AdamW). Each update goes through the
 * backend's {@code adamUpdate}, fused where the backend provides a kernel.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    /** Adam with betas (0.9, 0.999), epsilon 1e-8 and no weight decay. */
    public Adam(Map<String, Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, 0);
    }

    /** Adam with every hyper-parameter given (validated on the first step). */
    public Adam(
            Map<String, Parameter> parameters,
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            double weightDecay) {
        super(parameters, learningRate);
        new AdamStep(learningRate, beta1, beta2, epsilon, weightDecay, 1);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("beta1", beta1);
        h.put("beta2", beta2);
        h.put("epsilon", epsilon);
        h.put("weightDecay", weightDecay);
        return h;
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        AdamStep s = new AdamStep(learningRate(), beta1, beta2, epsilon, weightDecay, step);
        param.backend().adamUpdate(param, grad, slot("m", index), slot("v", index), s);
    }
}
