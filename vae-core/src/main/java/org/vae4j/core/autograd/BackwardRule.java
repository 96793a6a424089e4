package org.vae4j.core.autograd;

/**
 * How one recorded op passes the gradient of its output back to its inputs.
 *
 * <p>A rule returns exactly one gradient per input, in input order, {@code null} where an input
 * gets none. Gradients may have the output's broadcast shape: the driver sums them down to each
 * input's shape, and adds the gradients of an input used several times. Rules are written with
 * {@link Variable} ops, so they run on any backend.
 */
@FunctionalInterface
public interface BackwardRule {

    /**
     * Returns the gradients of the inputs.
     *
     * @param grad the gradient of the node's output
     * @param node the recorded op: inputs, output and attributes
     */
    Variable[] backward(Variable grad, Node node);
}
