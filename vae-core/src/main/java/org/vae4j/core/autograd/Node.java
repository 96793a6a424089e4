package org.vae4j.core.autograd;

import java.util.List;

/**
 * One recorded op on the tape: which rule differentiates it, its inputs, its output, its attributes
 * (for example the axes of a reduction) and what its forward pass saved.
 */
public final class Node {
    private final String name;
    private final BackwardRule rule;
    private final List<Variable> inputs;
    private final Object attrs;
    private final List<Variable> saved;
    private Variable output;

    Node(
            String name,
            BackwardRule rule,
            List<Variable> inputs,
            Object attrs,
            List<Variable> saved) {
        this.name = name;
        this.rule = rule;
        this.inputs = inputs;
        this.attrs = attrs;
        this.saved = saved;
    }

    void bind(Variable out) {
        this.output = out;
    }

    /** Returns the op's name, for messages. */
    public String name() {
        return name;
    }

    /** Returns the backward rule. */
    public BackwardRule rule() {
        return rule;
    }

    /** Returns the inputs, in order. */
    public List<Variable> inputs() {
        return inputs;
    }

    /** Returns input {@code i}. */
    public Variable input(int i) {
        return inputs.get(i);
    }

    /** Returns the value this op produced. */
    public Variable output() {
        return output;
    }

    /** Returns the attributes as the type the op recorded them with. */
    public <A> A attrs(Class<A> type) {
        return type.cast(attrs);
    }

    /** Returns the values the forward pass kept for the backward pass. */
    public List<Variable> saved() {
        return saved;
    }

    @Override
    public String toString() {
        return name;
    }
}
