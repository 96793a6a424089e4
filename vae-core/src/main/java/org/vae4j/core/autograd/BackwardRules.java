package org.vae4j.core.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * The backward rule of every primitive op, in one table in the order of {@link Op}. Each rule
 * returns one gradient per input ({@code null} for none) in the primitives themselves; the driver
 * ({@link Autograd}) undoes broadcasting and accumulates. Ops in {@link #NON_DIFFERENTIABLE} have
 * no rule and record nothing.
 */
public final class BackwardRules {
    /** Ops whose outputs carry no gradient. */
    public static final Set<Op> NON_DIFFERENTIABLE =
            Collections.unmodifiableSet(EnumSet.of(Op.GREATER));

    private static final Map<Op, BackwardRule> RULES = new EnumMap<>(Op.class);

    static {
        RULES.put(Op.NEG, (g, n) -> one(g.neg()));
        RULES.put(Op.EXP, (g, n) -> one(g.mul(n.output())));
        RULES.put(Op.LOG, (g, n) -> one(g.div(n.input(0))));
        RULES.put(Op.LOG1P, (g, n) -> rule(RuleExpressions.LOG1P, g, n.input(0)));
        RULES.put(Op.SQRT, (g, n) -> rule(RuleExpressions.SQRT, g, n.output()));
        RULES.put(Op.SQUARE, (g, n) -> rule(RuleExpressions.SQUARE, g, n.input(0)));
        RULES.put(Op.ABS, (g, n) -> rule(RuleExpressions.ABS, g, n.input(0)));
        RULES.put(Op.TANH, (g, n) -> rule(RuleExpressions.TANH, g, n.output()));
        RULES.put(Op.SIGMOID, (g, n) -> rule(RuleExpressions.SIGMOID, g, n.output()));
        RULES.put(Op.RELU, (g, n) -> rule(RuleExpressions.RELU, g, n.input(0)));
        RULES.put(Op.SOFTPLUS, (g, n) -> rule(RuleExpressions.SOFTPLUS, g, n.input(0)));
        RULES.put(Op.ADD, (g, n) -> two(g, g));
        RULES.put(Op.SUB, (g, n) -> two(g, needs(n, 1) ? g.neg() : null));
        RULES.put(
                Op.MUL,
                (g, n) ->
                        two(
                                needs(n, 0) ? g.mul(n.input(1)) : null,
                                needs(n, 1) ? g.mul(n.input(0)) : null));
        RULES.put(
                Op.DIV,
                (g, n) ->
                        two(
                                needs(n, 0) ? g.div(n.input(1)) : null,
                                needs(n, 1)
                                        ? Fused.elementwise(
                                                RuleExpressions.DIVISOR, g, n.output(), n.input(1))
                                        : null));
        RULES.put(Op.MAXIMUM, BackwardRules::maximum);
        RULES.put(Op.POW, BackwardRules::pow);
        RULES.put(Op.WHERE, BackwardRules::where);
        RULES.put(Op.SUM, BackwardRules::sum);
        RULES.put(Op.MAX, BackwardRules::max);
        RULES.put(Op.MATMUL, BackwardRules::matmul);
        RULES.put(Op.CONV2D, ConvolutionRules::conv2d);
        RULES.put(Op.CONV_TRANSPOSE2D, ConvolutionRules::convTranspose2d);
        RULES.put(Op.RESHAPE, (g, n) -> one(g.reshape(n.input(0).shape())));
        RULES.put(Op.PERMUTE, BackwardRules::permute);
        RULES.put(Op.BROADCAST_TO, (g, n) -> one(g));
        RULES.put(Op.CONCAT, BackwardRules::concat);
        RULES.put(Op.SLICE, BackwardRules::slice);
        RULES.put(Op.TAKE, BackwardRules::take);
        RULES.put(Op.CAST, (g, n) -> one(g.cast(n.input(0).dtype())));
    }

    private BackwardRules() {}

    /** Returns the rule for an op, or null for a non-differentiable op. */
    public static BackwardRule of(Op op) {
        return RULES.get(op);
    }

    private static Variable[] rule(Elementwise e, Variable g, Variable x) {
        return one(Fused.elementwise(e, g, x));
    }

    private static Variable[] one(Variable g) {
        return new Variable[] {g};
    }

    private static Variable[] two(Variable a, Variable b) {
        return new Variable[] {a, b};
    }

    private static boolean needs(Node n, int input) {
        return n.input(input).requiresGrad();
    }

    /** The larger input takes the gradient; a tie gives each half. */
    private static Variable[] maximum(Variable g, Node n) {
        Variable a = n.input(0);
        Variable b = n.input(1);
        Variable aWins = a.greater(b);
        Variable bWins = b.greater(a);
        Variable halfTie = aWins.add(bWins).neg().add(1).mul(0.5);
        return two(
                needs(n, 0) ? g.mul(aWins.add(halfTie)) : null,
                needs(n, 1) ? g.mul(bWins.add(halfTie)) : null);
    }

    /** d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log a, taken as 0 where a is not positive. */
    private static Variable[] pow(Variable g, Node n) {
        Variable a = n.input(0);
        Variable b = n.input(1);
        Variable da = needs(n, 0) ? g.mul(b).mul(a.pow(b.sub(1))) : null;
        Variable db = null;
        if (needs(n, 1)) {
            Variable positive = a.greater(0);
            Variable logA = Variable.where(positive, a, a.scalar(1)).log();
            db = g.mul(n.output()).mul(logA);
        }
        return two(da, db);
    }

    private static Variable[] where(Variable g, Node n) {
        Variable c = n.input(0);
        Variable zero = g.scalar(0);
        return new Variable[] {
            null,
            needs(n, 1) ? Variable.where(c, g, zero) : null,
            needs(n, 2) ? Variable.where(c, zero, g) : null
        };
    }

    /** Puts the reduced axes back as size 1 and broadcasts to the input's shape. */
    private static Variable expandReduced(Variable g, Node n) {
        OpAttrs.Reduce r = n.attrs(OpAttrs.Reduce.class);
        Shape in = n.input(0).shape();
        return g.reshape(OpShapes.reduced(in, r.axes(), true));
    }

    private static Variable[] sum(Variable g, Node n) {
        return one(expandReduced(g, n).broadcastTo(n.input(0).shape()));
    }

    /** The gradient goes to the maxima, shared equally among ties. */
    private static Variable[] max(Variable g, Node n) {
        OpAttrs.Reduce r = n.attrs(OpAttrs.Reduce.class);
        Variable x = n.input(0);
        Variable maxKept = n.output().reshape(OpShapes.reduced(x.shape(), r.axes(), true));
        Variable isMax = maxKept.greater(x).neg().add(1);
        Variable count = isMax.sum(r.axes(), true);
        return one(expandReduced(g, n).div(count).mul(isMax));
    }

    private static Variable[] matmul(Variable g, Node n) {
        OpAttrs.Matmul m = n.attrs(OpAttrs.Matmul.class);
        Variable a = n.input(0);
        Variable b = n.input(1);
        boolean ta = m.transposeA();
        boolean tb = m.transposeB();
        Tape.Operands da = null;
        Tape.Operands db = null;
        if (needs(n, 0)) {
            da = ta ? new Tape.Operands(b, g, tb, true) : new Tape.Operands(g, b, false, !tb);
        }
        if (needs(n, 1)) {
            db = tb ? new Tape.Operands(g, a, true, ta) : new Tape.Operands(a, g, !ta, false);
        }
        return Tape.matmuls(da, db);
    }

    private static Variable[] permute(Variable g, Node n) {
        int[] axes = n.attrs(OpAttrs.Permute.class).axes();
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            inverse[axes[i]] = i;
        }
        return one(g.permute(inverse));
    }

    private static Variable[] concat(Variable g, Node n) {
        int axis = n.attrs(OpAttrs.Concat.class).axis();
        Variable[] grads = new Variable[n.inputs().size()];
        int offset = 0;
        for (int i = 0; i < grads.length; i++) {
            int size = n.input(i).shape().dim(axis);
            grads[i] = needs(n, i) ? g.slice(axis, offset, offset + size) : null;
            offset += size;
        }
        return grads;
    }

    /** Pads the gradient with zeros back to the input's extent along the sliced axis. */
    private static Variable[] slice(Variable g, Node n) {
        OpAttrs.Slice s = n.attrs(OpAttrs.Slice.class);
        Shape in = n.input(0).shape();
        List<Variable> parts = new ArrayList<>(3);
        if (s.start() > 0) {
            parts.add(zeros(g, in.withDim(s.axis(), s.start())));
        }
        parts.add(g);
        if (s.end() < in.dim(s.axis())) {
            parts.add(zeros(g, in.withDim(s.axis(), in.dim(s.axis()) - s.end())));
        }
        return one(parts.size() == 1 ? g : Variable.concat(parts, s.axis()));
    }

    private static Variable zeros(Variable like, Shape shape) {
        return Variable.constant(like.backend().zeros(shape, like.dtype()));
    }

    /**
     * Scatters rows back with a one-hot matrix: {@code dx = onehot^T @ g}, so repeated indices add
     * up.
     */
    private static Variable[] take(Variable g, Node n) {
        int[] indices = n.attrs(OpAttrs.Take.class).indices();
        Shape in = n.input(0).shape();
        int rows = in.dim(0);
        int rest = (int) (in.size() / Math.max(rows, 1));
        Shape oneHotShape = Shape.of(indices.length, rows);
        Variable oneHot;
        if (g.dtype() == DType.FLOAT32) {
            float[] data = new float[indices.length * rows];
            for (int j = 0; j < indices.length; j++) {
                data[j * rows + indices[j]] = 1f;
            }
            oneHot = Variable.constant(g.backend().fromFloats(data, oneHotShape));
        } else {
            double[] data = new double[indices.length * rows];
            for (int j = 0; j < indices.length; j++) {
                data[j * rows + indices[j]] = 1.0;
            }
            oneHot = Variable.constant(g.backend().fromDoubles(data, oneHotShape));
        }
        Variable flat = g.reshape(indices.length, rest);
        return one(oneHot.matmul(flat, true, false).reshape(in));
    }
}
