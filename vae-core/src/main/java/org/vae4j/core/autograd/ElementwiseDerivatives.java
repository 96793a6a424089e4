package org.vae4j.core.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.Op;

/**
 * The gradients of an elementwise expression as elementwise expressions themselves: for input
 * {@code k} of an expression {@code f} over {@code n} inputs, an expression over those inputs and
 * the output's gradient {@code g} (input {@code n}) whose value is {@code g * df/dx_k}, built by
 * reverse accumulation over the expression's nodes with the rules of {@link BackwardRules} written
 * as terms. So a fused forward pass has a fused backward pass, one per input, each recomputing what
 * it needs of the forward values instead of keeping them. The rules that are expressions themselves
 * ({@link RuleExpressions}) are inlined. Kept per expression and set of inputs that need a gradient
 * (weakly).
 */
final class ElementwiseDerivatives {
    private static final Map<Elementwise, Map<List<Boolean>, Elementwise[]>> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private ElementwiseDerivatives() {}

    /**
     * Returns, per input, the expression of its gradient over the inputs and {@code g}, or null
     * where the input needs none ({@code requires} is false) or the result does not depend on it
     * differentiably.
     */
    static Elementwise[] of(Elementwise f, boolean[] requires) {
        List<Boolean> key = new ArrayList<>(requires.length);
        for (boolean r : requires) {
            key.add(r);
        }
        Map<List<Boolean>, Elementwise[]> byMask =
                CACHE.computeIfAbsent(f, e -> new ConcurrentHashMap<>());
        return byMask.computeIfAbsent(key, m -> derive(f, requires));
    }

    private static Elementwise[] derive(Elementwise f, boolean[] requires) {
        Elementwise[] out = new Elementwise[f.inputs()];
        for (int k = 0; k < out.length; k++) {
            out[k] = requires[k] ? derive(f, requires, k) : null;
        }
        return out;
    }

    /**
     * Builds input {@code k}'s gradient, or returns null if it has none. The nodes are visited as
     * the tape's driver visits the ops one at a time (the reverse of a depth-first post-order from
     * the result, arguments in order, through the nodes that carry a gradient) and each adjoint
     * adds up its contributions in that order, so that where no input is broadcast the gradient has
     * the bits of the ops' own backward pass.
     */
    private static Elementwise derive(Elementwise f, boolean[] requires, int k) {
        List<Elementwise.Node> nodes = f.nodes();
        boolean[] needs = new boolean[nodes.size()];
        for (int j = 0; j < nodes.size(); j++) {
            Elementwise.Node node = nodes.get(j);
            if (node.isInput()) {
                needs[j] = requires[node.input()];
            } else if (node.op() != null && !BackwardRules.NON_DIFFERENTIABLE.contains(node.op())) {
                for (int i = 0; i < node.arity(); i++) {
                    needs[j] |= needs[node.arg(i)];
                }
            }
        }
        if (!needs[f.result()]) {
            return null;
        }
        Elementwise.Builder b = Elementwise.builder(f.inputs() + 1);
        Term[] value = new Term[nodes.size()];
        for (int j = 0; j < nodes.size(); j++) {
            Elementwise.Node node = nodes.get(j);
            if (node.isInput()) {
                value[j] = b.input(node.input());
            } else if (node.isConstant()) {
                value[j] = b.constant(node.constant());
            } else {
                value[j] = b.apply(node.op(), args(node, value));
            }
        }
        Term[] adjoint = new Term[nodes.size()];
        adjoint[f.result()] = b.input(f.inputs());
        List<Integer> order = postOrder(f, needs);
        for (int o = order.size() - 1; o >= 0; o--) {
            int j = order.get(o);
            Elementwise.Node node = nodes.get(j);
            if (adjoint[j] == null || node.op() == null) {
                continue; // no gradient reaches it, or it is the result and an input
            }
            Term[] d = rule(b, node.op(), adjoint[j], args(node, value), value[j]);
            for (int i = 0; i < d.length; i++) {
                int at = node.arg(i);
                if (d[i] != null && needs[at]) {
                    adjoint[at] = adjoint[at] == null ? d[i] : adjoint[at].add(d[i]);
                }
            }
        }
        Term gradient = null;
        for (int j = 0; j < nodes.size(); j++) {
            if (nodes.get(j).isInput() && nodes.get(j).input() == k && adjoint[j] != null) {
                gradient = gradient == null ? adjoint[j] : gradient.add(adjoint[j]);
            }
        }
        return gradient == null ? null : b.build(gradient);
    }

    private static Term[] args(Elementwise.Node node, Term[] value) {
        Term[] args = new Term[node.arity()];
        for (int i = 0; i < args.length; i++) {
            args[i] = value[node.arg(i)];
        }
        return args;
    }

    /**
     * The op nodes that carry a gradient, each after its arguments, depth first from the result.
     */
    private static List<Integer> postOrder(Elementwise f, boolean[] needs) {
        List<Elementwise.Node> nodes = f.nodes();
        List<Integer> order = new ArrayList<>();
        boolean[] seen = new boolean[nodes.size()];
        Deque<int[]> stack = new ArrayDeque<>(); // a node and its next argument
        seen[f.result()] = true;
        stack.push(new int[] {f.result(), 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            Elementwise.Node node = nodes.get(top[0]);
            if (top[1] < node.arity()) {
                int child = node.arg(top[1]++);
                if (nodes.get(child).op() != null && needs[child] && !seen[child]) {
                    seen[child] = true;
                    stack.push(new int[] {child, 0});
                }
            } else {
                order.add(stack.pop()[0]);
            }
        }
        return order;
    }

    /**
     * The argument adjoints of {@code op} given its output's adjoint {@code a}, as in the table.
     */
    private static Term[] rule(Elementwise.Builder b, Op op, Term a, Term[] x, Term y) {
        return switch (op) {
            case NEG -> one(a.neg());
            case EXP -> one(a.mul(y));
            case LOG -> one(a.div(x[0]));
            case LOG1P -> one(b.inline(RuleExpressions.LOG1P, a, x[0]));
            case SQRT -> one(b.inline(RuleExpressions.SQRT, a, y));
            case SQUARE -> one(b.inline(RuleExpressions.SQUARE, a, x[0]));
            case ABS -> one(b.inline(RuleExpressions.ABS, a, x[0]));
            case TANH -> one(b.inline(RuleExpressions.TANH, a, y));
            case SIGMOID -> one(b.inline(RuleExpressions.SIGMOID, a, y));
            case RELU -> one(b.inline(RuleExpressions.RELU, a, x[0]));
            case SOFTPLUS -> one(b.inline(RuleExpressions.SOFTPLUS, a, x[0]));
            case ADD -> new Term[] {a, a};
            case SUB -> new Term[] {a, a.neg()};
            case MUL -> new Term[] {a.mul(x[1]), a.mul(x[0])};
            case DIV -> new Term[] {a.div(x[1]), b.inline(RuleExpressions.DIVISOR, a, y, x[1])};
            case MAXIMUM -> maximum(a, x[0], x[1]);
            case POW -> pow(b, a, x[0], x[1], y);
            case GREATER -> new Term[] {null, null};
            case WHERE -> {
                Term zero = b.constant(0);
                yield new Term[] {null, b.where(x[0], a, zero), b.where(x[0], zero, a)};
            }
            default -> throw new IllegalArgumentException(op + " is not elementwise");
        };
    }

    private static Term[] one(Term t) {
        return new Term[] {t};
    }

    /** The larger argument takes the gradient; a tie gives each half. */
    private static Term[] maximum(Term a, Term x, Term y) {
        Term xWins = x.greater(y);
        Term yWins = y.greater(x);
        Term halfTie = xWins.add(yWins).neg().add(1).mul(0.5);
        return new Term[] {a.mul(xWins.add(halfTie)), a.mul(yWins.add(halfTie))};
    }

    /** d(x^p)/dx = p x^(p-1); d(x^p)/dp = x^p log x, taken as 0 where x is not positive. */
    private static Term[] pow(Elementwise.Builder b, Term a, Term x, Term p, Term y) {
        Term dx = a.mul(p).mul(x.pow(p.sub(1)));
        Term logX = b.where(x.greater(0), x, b.constant(1)).log();
        return new Term[] {dx, a.mul(y).mul(logX)};
    }
}
