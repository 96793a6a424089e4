package org.vae4j.core.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vae4j.api.tensor.Tensor;

/**
 * Something with named parameters and named sub-modules: a layer, an encoder, a whole VAE. Names
 * join with dots along the tree ({@code encoder.body.layer0.weight}), in registration order, which
 * is the order of the state dict and of checkpoints. Buffers (such as batch norm's running
 * statistics) are state that training updates without gradients: they follow every parameter in the
 * state dict, and optimizers never see them. A module is in training mode until {@link
 * #train(boolean)} says otherwise. Closing a module frees its parameters and buffers.
 */
public abstract class Module implements AutoCloseable {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Parameter> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter under its own name; returns it. */
    protected final Parameter register(Parameter p) {
        checkFree(p.name());
        parameters.put(p.name(), p);
        return p;
    }

    /** Registers a buffer, state without a gradient, under its own name; returns it. */
    protected final Parameter registerBuffer(Parameter b) {
        checkFree(b.name());
        buffers.put(b.name(), b);
        return b;
    }

    /** Registers a sub-module under a name; returns it. */
    protected final <M extends Module> M register(String name, M child) {
        checkFree(name);
        children.put(name, child);
        return child;
    }

    private void checkFree(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(
                    "Invalid name '" + name + "': names must be non-empty and contain no dots");
        }
        if (parameters.containsKey(name)
                || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException(
                    "The name '" + name + "' is already used in " + getClass().getSimpleName());
        }
    }

    /** Returns every parameter of this module and its sub-modules by dotted name. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        collect("", all);
        return all;
    }

    private void collect(String prefix, Map<String, Parameter> into) {
        parameters.forEach((n, p) -> into.put(prefix + n, p));
        children.forEach((n, c) -> c.collect(prefix + n + ".", into));
    }

    /** Returns every buffer of this module and its sub-modules by dotted name. */
    public final Map<String, Parameter> namedBuffers() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        collectBuffers("", all);
        return all;
    }

    private void collectBuffers(String prefix, Map<String, Parameter> into) {
        buffers.forEach((n, b) -> into.put(prefix + n, b));
        children.forEach((n, c) -> c.collectBuffers(prefix + n + ".", into));
    }

    /**
     * Switches this module and its sub-modules to training mode ({@code true}: batch norm uses and
     * updates batch statistics) or evaluation mode; returns the mode it was in.
     */
    public final boolean train(boolean on) {
        boolean was = training;
        training = on;
        children.values().forEach(c -> c.train(on));
        return was;
    }

    /**
     * Switches to evaluation mode until the returned handle is closed, which restores the mode
     * before: {@code try (Module.Mode eval = vae.evaluation()) { ... }}.
     */
    public final Mode evaluation() {
        boolean was = train(false);
        return () -> train(was);
    }

    /** A mode switch that {@link #close()} undoes. */
    @FunctionalInterface
    public interface Mode extends AutoCloseable {
        /** Restores the mode before the switch. */
        @Override
        void close();
    }

    /** Returns whether the module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Returns every parameter, in state-dict order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Returns the number of scalar parameters. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            n += p.shape().size();
        }
        return n;
    }

    /** Returns the live parameter tensors, then the buffers, by dotted name (not copies). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        stateEntries().forEach((n, p) -> state.put(n, p.value()));
        return state;
    }

    private Map<String, Parameter> stateEntries() {
        Map<String, Parameter> all = namedParameters();
        all.putAll(namedBuffers());
        return all;
    }

    /**
     * Overwrites every parameter and buffer with the value of the same name, which must have the
     * same shape and dtype and live on the same backend.
     *
     * @throws IllegalArgumentException naming missing and unexpected entries, or the first
     *     mismatched shape, before anything is changed
     */
    public final void loadStateDict(Map<String, Tensor> values) {
        Map<String, Parameter> mine = stateEntries();
        Set<String> missing = new TreeSet<>(mine.keySet());
        missing.removeAll(values.keySet());
        Set<String> unexpected = new TreeSet<>(values.keySet());
        unexpected.removeAll(mine.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(
                    "State dict does not match "
                            + getClass().getSimpleName()
                            + ": missing "
                            + missing
                            + ", unexpected "
                            + unexpected);
        }
        for (Map.Entry<String, Parameter> e : mine.entrySet()) {
            Tensor v = values.get(e.getKey());
            Tensor p = e.getValue().value();
            if (!v.shape().equals(p.shape()) || v.dtype() != p.dtype()) {
                throw new IllegalArgumentException(
                        "State dict entry '"
                                + e.getKey()
                                + "' is "
                                + v.dtype()
                                + " "
                                + v.shape()
                                + " but the parameter is "
                                + p.dtype()
                                + " "
                                + p.shape());
            }
        }
        mine.forEach((n, p) -> p.value().backend().assign(p.value(), values.get(n)));
    }

    /** Frees every parameter and buffer of this module and its sub-modules. */
    @Override
    public void close() {
        parameters.values().forEach(Parameter::close);
        buffers.values().forEach(Parameter::close);
        children.values().forEach(Module::close);
    }
}
