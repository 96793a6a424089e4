package org.vae4j.core.autograd;

import java.util.ArrayList;
import java.util.List;

/** What a {@link CustomFunction}'s forward pass keeps for its backward pass. */
public final class Context {
    private final List<Variable> saved = new ArrayList<>();

    Context() {}

    /** Keeps values for the backward pass. */
    public void save(Variable... values) {
        saved.addAll(List.of(values));
    }

    /** Returns the {@code i}-th saved value. */
    public Variable saved(int i) {
        return saved.get(i);
    }
}
