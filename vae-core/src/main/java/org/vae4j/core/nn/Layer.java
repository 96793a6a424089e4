package org.vae4j.core.nn;

import org.vae4j.core.autograd.Variable;

/** A differentiable map from one value to another: a layer, an activation, a whole network. */
@FunctionalInterface
public interface Layer {

    /** Computes the output for an input (a batch along axis 0). */
    Variable forward(Variable x);

    /** Returns the layer that applies this one, then {@code next}. */
    default Layer andThen(Layer next) {
        return x -> next.forward(forward(x));
    }
}
