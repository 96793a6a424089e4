package org.vae4j.core.autograd;

import java.util.List;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * A differentiable value: a {@link Tensor} plus, when it was computed from values that need a
 * gradient, the {@link Node} that computed it. Ops read like the math and record themselves:
 *
 * <pre>{@code
 * Variable h = x.matmul(w, false, true).add(b).relu();
 * Variable loss = h.square().meanAll();
 * Gradients g = loss.backward();          // g.get(w), g.get(b)
 * }</pre>
 *
 * <p>A variable does not own its tensor's memory: tensors live in the scope that was innermost when
 * they were made (see {@link org.vae4j.api.memory.Scope}). Scalars given as {@code double} are
 * converted to the variable's dtype. Inside {@link NoGrad} nothing is recorded.
 */
public final class Variable {
    private final Tensor value;
    private final Node node;
    private final boolean requiresGrad;
    private final String name;

    private Variable(Tensor value, Node node, boolean requiresGrad, String name) {
        this.value = value;
        this.node = node;
        this.requiresGrad = requiresGrad;
        this.name = name;
    }

    /** Wraps a tensor that needs no gradient. */
    public static Variable constant(Tensor value) {
        return new Variable(value, null, false, null);
    }

    /** Wraps a tensor whose gradient is wanted (a parameter or an input under study). */
    public static Variable leaf(Tensor value, String name) {
        return new Variable(value, null, true, name);
    }

    static Variable ofNode(Tensor value, Node node) {
        Variable v = new Variable(value, node, true, null);
        node.bind(v);
        return v;
    }

    // ---- what it is ----------------------------------------------------------------------------

    /** Returns the tensor. */
    public Tensor value() {
        return value;
    }

    /** Returns the shape. */
    public Shape shape() {
        return value.shape();
    }

    /** Returns the dtype. */
    public DType dtype() {
        return value.dtype();
    }

    /** Returns the backend the tensor belongs to. */
    public Backend backend() {
        return value.backend();
    }

    /** Returns the node that computed this, or null for a leaf or constant. */
    public Node node() {
        return node;
    }

    /** Returns whether gradients flow to or through this value. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Returns the name given to a leaf, or null. */
    public String name() {
        return name;
    }

    /** Returns the same value cut from the graph. */
    public Variable detach() {
        return node == null && !requiresGrad ? this : constant(value);
    }

    /** Returns a constant scalar in this variable's dtype and backend. */
    public Variable scalar(double c) {
        return constant(backend().scalar(c, dtype()));
    }

    /** Returns the single value of a one-element variable. */
    public double item() {
        return value.item();
    }

    // ---- elementwise -----------------------------------------------------------------------

    /** {@code -x}. */
    public Variable neg() {
        return Tape.unary(Op.NEG, this);
    }

    /** {@code e^x}. */
    public Variable exp() {
        return Tape.unary(Op.EXP, this);
    }

    /** Natural log. */
    public Variable log() {
        return Tape.unary(Op.LOG, this);
    }

    /** {@code log(1 + x)}. */
    public Variable log1p() {
        return Tape.unary(Op.LOG1P, this);
    }

    /** Square root. */
    public Variable sqrt() {
        return Tape.unary(Op.SQRT, this);
    }

    /** {@code x^2}. */
    public Variable square() {
        return Tape.unary(Op.SQUARE, this);
    }

    /** {@code |x|}. */
    public Variable abs() {
        return Tape.unary(Op.ABS, this);
    }

    /** Hyperbolic tangent. */
    public Variable tanh() {
        return Tape.unary(Op.TANH, this);
    }

    /** Logistic sigmoid. */
    public Variable sigmoid() {
        return Tape.unary(Op.SIGMOID, this);
    }

    /** {@code max(x, 0)}. */
    public Variable relu() {
        return Tape.unary(Op.RELU, this);
    }

    /** {@code log(1 + e^x)}, stable. */
    public Variable softplus() {
        return Tape.unary(Op.SOFTPLUS, this);
    }

    /** {@code this + other}, broadcasting. */
    public Variable add(Variable other) {
        return Tape.binary(Op.ADD, this, other);
    }

    /** {@code this + c}. */
    public Variable add(double c) {
        return add(scalar(c));
    }

    /** {@code this - other}, broadcasting. */
    public Variable sub(Variable other) {
        return Tape.binary(Op.SUB, this, other);
    }

    /** {@code this - c}. */
    public Variable sub(double c) {
        return sub(scalar(c));
    }

    /** {@code this * other}, broadcasting. */
    public Variable mul(Variable other) {
        return Tape.binary(Op.MUL, this, other);
    }

    /** {@code this * c}. */
    public Variable mul(double c) {
        return mul(scalar(c));
    }

    /** {@code this / other}, broadcasting. */
    public Variable div(Variable other) {
        return Tape.binary(Op.DIV, this, other);
    }

    /** {@code this / c}. */
    public Variable div(double c) {
        return div(scalar(c));
    }

    /** Elementwise maximum, broadcasting; ties share the gradient. */
    public Variable maximum(Variable other) {
        return Tape.binary(Op.MAXIMUM, this, other);
    }

    /** {@code max(this, c)}. */
    public Variable maximum(double c) {
        return maximum(scalar(c));
    }

    /** {@code this^exponent}, broadcasting. */
    public Variable pow(Variable exponent) {
        return Tape.binary(Op.POW, this, exponent);
    }

    /** {@code this^c}. */
    public Variable pow(double c) {
        return pow(scalar(c));
    }

    /** 1 where {@code this > other}, else 0; not differentiable. */
    public Variable greater(Variable other) {
        return Tape.binary(Op.GREATER, this, other);
    }

    /** 1 where {@code this > c}, else 0. */
    public Variable greater(double c) {
        return greater(scalar(c));
    }

    /** {@code condition != 0 ? ifTrue : ifFalse}, broadcasting. */
    public static Variable where(Variable condition, Variable ifTrue, Variable ifFalse) {
        return Tape.where(condition, ifTrue, ifFalse);
    }

    // ---- reductions --------------------------------------------------------------------------

    /** Sums over the given axes, dropping them. */
    public Variable sum(int... axes) {
        return sum(axes, false);
    }

    /** Sums over the given axes. */
    public Variable sum(int[] axes, boolean keepDims) {
        return Tape.reduce(Op.SUM, this, axes, keepDims);
    }

    /** Sums every element to a scalar. */
    public Variable sumAll() {
        return sum(shape().axes(), false);
    }

    /** Averages over the given axes, dropping them. */
    public Variable mean(int... axes) {
        return mean(axes, false);
    }

    /** Averages over the given axes. */
    public Variable mean(int[] axes, boolean keepDims) {
        long n = 1;
        for (int a : axes) {
            n *= shape().dim(a);
        }
        return sum(axes, keepDims).div(n);
    }

    /** Averages every element to a scalar. */
    public Variable meanAll() {
        return mean(shape().axes(), false);
    }

    /** Maximum over the given axes; tied maxima share the gradient. */
    public Variable max(int[] axes, boolean keepDims) {
        return Tape.reduce(Op.MAX, this, axes, keepDims);
    }

    /** {@code log(sum(exp(x)))} over the given axes, computed without overflow. */
    public Variable logSumExp(int[] axes, boolean keepDims) {
        return Composites.logSumExp(this, axes, keepDims);
    }

    /** Returns the number of dimensions. */
    public int rank() {
        return value.rank();
    }

    // ---- linear algebra and movement -----------------------------------------------------------

    /** Matrix product of rank-2 variables. */
    public Variable matmul(Variable other) {
        return matmul(other, false, false);
    }

    /** Matrix product, either side optionally transposed. */
    public Variable matmul(Variable other, boolean transposeThis, boolean transposeOther) {
        return Tape.matmul(this, other, transposeThis, transposeOther);
    }

    /**
     * 2-D convolution of this {@code [n, c, h, w]} image batch with a kernel {@code [o, c, kH,
     * kW]}, no bias (see {@link org.vae4j.api.ops.TensorOps#conv2d}).
     */
    public Variable conv2d(Variable kernel, Conv2dSpec spec) {
        return Tape.convolution(Op.CONV2D, this, kernel, spec);
    }

    /**
     * Transposed 2-D convolution of this {@code [n, c, h, w]} image batch with a kernel {@code [c,
     * o, kH, kW]}, no bias (see {@link org.vae4j.api.ops.TensorOps#convTranspose2d}).
     */
    public Variable convTranspose2d(Variable kernel, Conv2dSpec spec) {
        return Tape.convolution(Op.CONV_TRANSPOSE2D, this, kernel, spec);
    }

    /** The same elements in a shape of the same size. */
    public Variable reshape(Shape shape) {
        return Tape.reshape(this, shape);
    }

    /** The same elements in a shape of the same size. */
    public Variable reshape(int... dims) {
        return reshape(Shape.of(dims));
    }

    /** Reorders axes: result axis {@code i} is axis {@code axes[i]}. */
    public Variable permute(int... axes) {
        return Tape.permute(this, axes);
    }

    /** Swaps the two axes of a rank-2 variable. */
    public Variable transpose() {
        return permute(1, 0);
    }

    /** Broadcasts to a larger shape. */
    public Variable broadcastTo(Shape shape) {
        return Tape.broadcastTo(this, shape);
    }

    /** Indices {@code [start, end)} of one axis. */
    public Variable slice(int axis, int start, int end) {
        return Tape.slice(this, axis, start, end);
    }

    /** Rows of axis 0 by index. */
    public Variable take(int[] indices) {
        return Tape.take(this, indices);
    }

    /** Converts to another dtype. */
    public Variable cast(DType dtype) {
        return Tape.cast(this, dtype);
    }

    /** Joins variables along an axis. */
    public static Variable concat(List<Variable> parts, int axis) {
        return Tape.concat(parts, axis);
    }

    // ---- differentiation -----------------------------------------------------------------------

    /** Differentiates this one-element value with respect to every leaf it depends on. */
    public Gradients backward() {
        return Autograd.gradients(this);
    }

    /** Returns for example {@code Variable[MATMUL, Tensor[nd4j cpu, float32, [128, 400]]]}. */
    @Override
    public String toString() {
        String origin = node != null ? node.name() : name != null ? name : "const";
        return "Variable[" + origin + ", " + value + "]";
    }
}
