package org.vae4j.core.autograd;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.ops.Product;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * Runs primitive ops on variables' values and records a {@link Node} for each op whose output needs
 * a gradient. The graph is the tape: each variable points at the node that made it.
 */
final class Tape {
    private Tape() {}

    /**
     * Wraps an op's output, recording a node when recording is on and an input requires a gradient.
     */
    static Variable record(
            Tensor out, String name, BackwardRule rule, Object attrs, List<Variable> inputs) {
        if (rule == null || !NoGrad.recording() || !anyRequiresGrad(inputs)) {
            return Variable.constant(out);
        }
        Node node = new Node(name, rule, List.copyOf(inputs), attrs, List.of());
        return Variable.ofNode(out, node);
    }

    private static boolean anyRequiresGrad(List<Variable> inputs) {
        for (Variable v : inputs) {
            if (v.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    private static Variable recordOp(Op op, Tensor out, Object attrs, Variable... inputs) {
        return record(out, op.name(), BackwardRules.of(op), attrs, List.of(inputs));
    }

    static Variable unary(Op op, Variable x) {
        return recordOp(op, x.backend().unary(op, x.value()), null, x);
    }

    static Variable binary(Op op, Variable a, Variable b) {
        return recordOp(op, a.backend().binary(op, a.value(), b.value()), null, a, b);
    }

    static Variable where(Variable condition, Variable ifTrue, Variable ifFalse) {
        Tensor out = condition.backend().where(condition.value(), ifTrue.value(), ifFalse.value());
        return recordOp(Op.WHERE, out, null, condition, ifTrue, ifFalse);
    }

    static Variable reduce(Op op, Variable x, int[] axes, boolean keepDims) {
        int[] norm = OpShapes.reductionAxes(op, x.shape(), axes);
        Tensor out = x.backend().reduce(op, x.value(), norm, keepDims);
        return recordOp(op, out, new OpAttrs.Reduce(norm, keepDims), x);
    }

    static Variable matmul(Variable a, Variable b, boolean transposeA, boolean transposeB) {
        Tensor out = a.backend().matmul(a.value(), b.value(), transposeA, transposeB);
        return recordOp(Op.MATMUL, out, new OpAttrs.Matmul(transposeA, transposeB), a, b);
    }

    /**
     * The products asked for (null for none) in one backend call ({@code Backend.matmuls}, which
     * may run them side by side), each recorded as {@link #matmul} records it; null where none was
     * asked for.
     */
    static Variable[] matmuls(Operands... asked) {
        List<Product> products = new ArrayList<>(asked.length);
        Backend backend = null;
        for (Operands o : asked) {
            if (o != null) {
                products.add(new Product(o.a().value(), o.b().value(), o.ta(), o.tb()));
                backend = o.a().backend();
            }
        }
        Tensor[] out = products.isEmpty() ? new Tensor[0] : backend.matmuls(products);
        Variable[] result = new Variable[asked.length];
        for (int i = 0, j = 0; i < asked.length; i++) {
            Operands o = asked[i];
            if (o != null) {
                result[i] =
                        recordOp(
                                Op.MATMUL,
                                out[j++],
                                new OpAttrs.Matmul(o.ta(), o.tb()),
                                o.a(),
                                o.b());
            }
        }
        return result;
    }

    /**
     * A product of {@link #matmuls}: {@code op(a) @ op(b)}.
     *
     * @param a the left operand
     * @param b the right operand
     * @param ta whether {@code a} is used transposed
     * @param tb whether {@code b} is used transposed
     */
    record Operands(Variable a, Variable b, boolean ta, boolean tb) {}

    static Variable convolution(Op op, Variable x, Variable kernel, Conv2dSpec spec) {
        Backend b = x.backend();
        Tensor out =
                op == Op.CONV2D
                        ? b.conv2d(x.value(), kernel.value(), spec)
                        : b.convTranspose2d(x.value(), kernel.value(), spec);
        return recordOp(op, out, spec, x, kernel);
    }

    static Variable reshape(Variable x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        return recordOp(Op.RESHAPE, x.backend().reshape(x.value(), shape), null, x);
    }

    static Variable permute(Variable x, int[] axes) {
        int[] copy = axes.clone();
        Tensor out = x.backend().permute(x.value(), copy);
        return recordOp(Op.PERMUTE, out, new OpAttrs.Permute(copy), x);
    }

    static Variable broadcastTo(Variable x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        return recordOp(Op.BROADCAST_TO, x.backend().broadcastTo(x.value(), shape), null, x);
    }

    static Variable slice(Variable x, int axis, int start, int end) {
        int ax = x.shape().axis(axis);
        if (start == 0 && end == x.shape().dim(ax)) {
            return x;
        }
        Tensor out = x.backend().slice(x.value(), ax, start, end);
        return recordOp(Op.SLICE, out, new OpAttrs.Slice(ax, start, end), x);
    }

    static Variable take(Variable x, int[] indices) {
        int[] copy = indices.clone();
        Tensor out = x.backend().take(x.value(), copy);
        return recordOp(Op.TAKE, out, new OpAttrs.Take(copy), x);
    }

    static Variable cast(Variable x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        return recordOp(Op.CAST, x.backend().cast(x.value(), dtype), null, x);
    }

    static Variable concat(List<Variable> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one variable");
        }
        List<Tensor> values = new ArrayList<>(parts.size());
        for (Variable p : parts) {
            values.add(p.value());
        }
        Backend backend = parts.get(0).backend();
        Tensor out = backend.concat(values, axis);
        Object attrs = new OpAttrs.Concat(out.shape().axis(axis));
        return record(out, Op.CONCAT.name(), BackwardRules.of(Op.CONCAT), attrs, parts);
    }
}
