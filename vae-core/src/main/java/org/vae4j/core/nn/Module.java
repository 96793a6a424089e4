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
 * is the order of the state dict and of checkpoints. Closing a module frees its parameters.
 */
public abstract class Module implements AutoCloseable {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /** Registers a parameter under its own name; returns it. */
    protected final Parameter register(Parameter p) {
        checkFree(p.name());
        parameters.put(p.name(), p);
        return p;
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
        if (parameters.containsKey(name) || children.containsKey(name)) {
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

    /** Returns the live parameter tensors by dotted name (not copies). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> state.put(n, p.value()));
        return state;
    }

    /**
     * Overwrites every parameter with the value of the same name, which must have the same shape
     * and dtype and live on the same backend.
     *
     * @throws IllegalArgumentException naming missing and unexpected entries, or the first
     *     mismatched shape, before anything is changed
     */
    public final void loadStateDict(Map<String, Tensor> values) {
        Map<String, Parameter> mine = namedParameters();
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

    /** Frees every parameter of this module and its sub-modules. */
    @Override
    public void close() {
        parameters.values().forEach(Parameter::close);
        children.values().forEach(Module::close);
    }
}
