package org.vae4j.core.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vae4j.api.tensor.Shape;

/**
 * The backward pass: walks the recorded graph from a root in reverse topological order, asks each
 * node's {@link BackwardRule} for its inputs' gradients, sums each gradient down to its input's
 * shape (undoing broadcasting), and adds up the gradients of values used more than once. Only nodes
 * on a path to a leaf that requires a gradient are visited.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * Differentiates a one-element root.
     *
     * @throws IllegalArgumentException if the root has more than one element or depends on nothing
     *     that requires a gradient
     */
    public static Gradients gradients(Variable root) {
        if (root.shape().size() != 1) {
            throw new IllegalArgumentException(
                    "backward() needs a one-element root, but the root has shape "
                            + root.shape()
                            + "; reduce it (for example sumAll or meanAll) or pass a seed");
        }
        Variable seed = Variable.constant(root.backend().full(root.shape(), 1.0, root.dtype()));
        return gradients(root, seed, false);
    }

    /**
     * Differentiates a root against a seed of its shape (a vector-Jacobian product).
     *
     * @param createGraph record the backward pass too, so that gradients can be differentiated
     */
    public static Gradients gradients(Variable root, Variable seed, boolean createGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalArgumentException(
                    "The root "
                            + root
                            + " does not depend on any variable that requires a gradient");
        }
        if (!seed.shape().equals(root.shape())) {
            throw new IllegalArgumentException(
                    "The seed's shape "
                            + seed.shape()
                            + " differs from the root's "
                            + root.shape());
        }
        IdentityHashMap<Variable, Variable> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        List<Variable> order = topologicalOrder(root);
        NoGrad off = createGraph ? null : NoGrad.enter();
        try {
            for (int i = order.size() - 1; i >= 0; i--) {
                Variable v = order.get(i);
                Variable g = grads.remove(v);
                if (g != null) {
                    propagate(v.node(), g, grads);
                }
            }
        } finally {
            if (off != null) {
                off.close();
            }
        }
        return Gradients.of(grads);
    }

    private static void propagate(Node node, Variable grad, Map<Variable, Variable> grads) {
        Variable[] inputGrads = node.rule().backward(grad, node);
        int n = node.inputs().size();
        if (inputGrads.length != n) {
            throw new IllegalStateException(
                    "The backward rule for "
                            + node.name()
                            + " returned "
                            + inputGrads.length
                            + " gradients for "
                            + n
                            + " inputs");
        }
        for (int i = 0; i < n; i++) {
            Variable in = node.input(i);
            if (inputGrads[i] == null || !in.requiresGrad()) {
                continue;
            }
            Variable g = sumToShape(inputGrads[i], in.shape());
            Variable previous = grads.get(in);
            grads.put(in, previous == null ? g : previous.add(g));
        }
    }

    /** Sums a gradient over the axes that broadcasting added or stretched. */
    static Variable sumToShape(Variable g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        if (g.rank() < target.rank()) {
            return g.broadcastTo(target);
        }
        return g.sum(broadcastAxes(g.shape(), target), true).reshape(target);
    }

    /**
     * The axes of {@code full} along which an operand of shape {@code target} was broadcast to it:
     * the leading axes it lacks and those where it has size 1 and {@code full} does not.
     */
    static int[] broadcastAxes(Shape full, Shape target) {
        int extra = full.rank() - target.rank();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < full.rank(); i++) {
            if (i < extra || (target.dim(i - extra) == 1 && full.dim(i) != 1)) {
                axes.add(i);
            }
        }
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Variables with nodes reachable from the root, each after all of its inputs. */
    private static List<Variable> topologicalOrder(Variable root) {
        List<Variable> order = new ArrayList<>();
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Variable> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        if (root.node() == null) {
            return order;
        }
        seen.add(root);
        stack.push(root);
        next.push(0);
        while (!stack.isEmpty()) {
            Variable v = stack.peek();
            int i = next.pop();
            List<Variable> inputs = v.node().inputs();
            if (i < inputs.size()) {
                next.push(i + 1);
                Variable child = inputs.get(i);
                if (child.node() != null && child.requiresGrad() && seen.add(child)) {
                    stack.push(child);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }
}
