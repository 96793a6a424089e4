package org.vae4j.core.autograd;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The result of a backward pass: the gradient of the root with respect to each leaf that requires a
 * gradient and lies on a path to the root. Gradients are tensors in the scope that was innermost
 * during the backward pass.
 */
public final class Gradients {
    private final Map<Variable, Variable> byLeaf;

    Gradients(Map<Variable, Variable> byLeaf) {
        this.byLeaf = byLeaf;
    }

    /**
     * Returns the gradient for a leaf; for a leaf the root does not depend on, a zero tensor of its
     * shape (allocated in the current scope).
     *
     * @throws IllegalArgumentException if the variable does not require a gradient
     */
    public Variable get(Variable leaf) {
        if (!leaf.requiresGrad()) {
            throw new IllegalArgumentException(
                    leaf + " does not require a gradient; make it with Variable.leaf");
        }
        Variable g = byLeaf.get(leaf);
        if (g == null) {
            return Variable.constant(leaf.backend().zeros(leaf.shape(), leaf.dtype()));
        }
        return g;
    }

    /** Returns whether the root depends on this leaf. */
    public boolean contains(Variable leaf) {
        return byLeaf.containsKey(leaf);
    }

    /** Returns the leaves that received a gradient. */
    public Set<Variable> leaves() {
        return Collections.unmodifiableSet(byLeaf.keySet());
    }

    static Gradients of(IdentityHashMap<Variable, Variable> byLeaf) {
        return new Gradients(byLeaf);
    }
}
