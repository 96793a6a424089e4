package org.vae4j.core.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.nn.Parameter;

/**
 * Updates parameters in place from their gradients. Subclasses define one parameter's update and
 * the state it keeps (moments, accumulators), which lives outside every scope and is saved in
 * checkpoints by name ({@code <slot>.<parameter name>}). Optional gradient clipping by global norm
 * runs first.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(vae.namedParameters(), 1e-3);
 * try (Scope step = backend.openScope()) {
 *     Gradients g = objective.compute(vae, x, rng, epoch).loss().backward();
 *     adam.step(g);
 * }
 * }</pre>
 */
public abstract class Optimizer implements AutoCloseable {
    private final List<String> names;
    private final List<Parameter> params;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    private final double initialLearningRate;
    private double learningRate;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private long steps;

    /** Creates the optimizer over named parameters. */
    protected Optimizer(Map<String, Parameter> parameters, double learningRate) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("An optimizer needs at least one parameter");
        }
        this.names = new ArrayList<>(parameters.keySet());
        this.params = new ArrayList<>(parameters.values());
        setLearningRate(learningRate);
        this.initialLearningRate = learningRate;
    }

    /** Returns the name that checkpoints record, for example {@code adam}. */
    public abstract String name();

    /** Returns the hyper-parameters that checkpoints record, beside the learning rate. */
    public abstract Map<String, Object> hyperParameters();

    /**
     * Updates one parameter in place; runs inside a scope, so temporaries are freed.
     *
     * @param index the parameter's position, for {@link #slot}
     * @param param the parameter's tensor
     * @param grad its gradient (already clipped)
     * @param step the 1-based number of this step
     */
    protected abstract void update(int index, Tensor param, Tensor grad, long step);

    /** Applies one update to every parameter, from the gradients of a backward pass. */
    public final void step(Gradients gradients) {
        List<Tensor> grads = new ArrayList<>(params.size());
        for (Parameter p : params) {
            grads.add(gradients.get(p.variable()).value());
        }
        apply(grads);
    }

    /**
     * Applies one update to every parameter from gradients given by parameter name, as a
     * distributed trainer has them after averaging the gradients of its workers.
     *
     * @throws IllegalArgumentException if a parameter has no gradient of its shape
     */
    public final void step(Map<String, Tensor> gradients) {
        List<Tensor> grads = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            Tensor g = gradients.get(names.get(i));
            if (g == null || !g.shape().equals(params.get(i).value().shape())) {
                throw new IllegalArgumentException(
                        "The gradients give parameter '"
                                + names.get(i)
                                + "' "
                                + (g == null ? "no value" : "shape " + g.shape())
                                + ", but it has shape "
                                + params.get(i).value().shape());
            }
            grads.add(g);
        }
        apply(grads);
    }

    private void apply(List<Tensor> grads) {
        Backend backend = params.get(0).value().backend();
        try (Scope scope = backend.openScope()) {
            double scale = GradClip.scale(grads, clipNorm);
            steps++;
            for (int i = 0; i < params.size(); i++) {
                Tensor g = grads.get(i);
                if (scale != 1) {
                    g = backend.binary(Op.MUL, g, backend.scalar(scale, g.dtype()));
                }
                update(i, params.get(i).value(), g, steps);
            }
        }
    }

    /**
     * Returns the state tensor {@code slot} of parameter {@code index}, creating it as zeros
     * outside every scope on first use.
     */
    protected final Tensor slot(String slot, int index) {
        String key = slot + "." + names.get(index);
        Tensor t = state.get(key);
        if (t == null) {
            Tensor p = params.get(index).value();
            Backend b = p.backend();
            try (Scope scope = b.openScope()) {
                t = scope.detach(b.zeros(p.shape(), p.dtype()));
            }
            state.put(key, t);
        }
        return t;
    }

    /** Returns the state tensors by name, for checkpoints (live tensors, not copies). */
    public final Map<String, Tensor> state() {
        return Collections.unmodifiableMap(state);
    }

    /**
     * Restores state saved by {@link #state()}: each entry is copied into a slot of the same name,
     * and the step count is set.
     *
     * @throws IllegalArgumentException for a name that is not a slot of a known parameter
     */
    public final void loadState(Map<String, Tensor> saved, long stepCount) {
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            int index = dot < 0 ? -1 : names.indexOf(key.substring(dot + 1));
            if (index < 0) {
                throw new IllegalArgumentException(
                        "Optimizer state '" + key + "' names no parameter of this model");
            }
            Tensor slot = slot(key.substring(0, dot), index);
            slot.backend().assign(slot, e.getValue());
        }
        this.steps = stepCount;
    }

    /** Returns how many steps have been applied. */
    public final long stepCount() {
        return steps;
    }

    /** Returns the current learning rate. */
    public final double learningRate() {
        return learningRate;
    }

    /** Returns the learning rate the optimizer was created with, which schedules start from. */
    public final double initialLearningRate() {
        return initialLearningRate;
    }

    /** Sets the learning rate (schedules call this). */
    public final void setLearningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                    "The learning rate must be positive and finite, but was " + rate);
        }
        this.learningRate = rate;
    }

    /**
     * Clips the global gradient norm to {@code maxNorm} before each step; infinity turns it off.
     */
    public final void setClipNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("The clip norm must be > 0, but was " + maxNorm);
        }
        this.clipNorm = maxNorm;
    }

    /** Frees the optimizer's state. */
    @Override
    public void close() {
        state.values().forEach(Tensor::close);
        state.clear();
    }
}
