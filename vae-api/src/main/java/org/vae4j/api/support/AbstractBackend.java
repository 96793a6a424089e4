package org.vae4j.api.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.memory.MemoryStats;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.ops.CompositeOps;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.ops.Product;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The base a backend extends: it validates every op's arguments with {@link OpShapes} (so all
 * backends fail alike), checks capabilities, tracks live tensors, and keeps per-thread scopes that
 * free their tensors on close. A subclass implements the {@code ...Op} methods on already-checked
 * inputs of its own tensor type, with the result shape computed for it.
 *
 * @param <T> the backend's tensor class
 */
public abstract class AbstractBackend<T extends AbstractTensor> implements Backend {
    private final String name;
    private final Device device;
    private final Set<Capability> capabilities;
    private final Class<T> tensorType;
    private final AtomicLong live = new AtomicLong();
    private final ThreadLocal<TrackingScope> innermost = new ThreadLocal<>();
    private volatile boolean closed;

    /**
     * Creates the backend.
     *
     * @param name the provider's name
     * @param device the device all tensors live on
     * @param capabilities what it supports
     * @param tensorType its tensor class, to check that inputs belong to it
     */
    protected AbstractBackend(
            String name, Device device, Set<Capability> capabilities, Class<T> tensorType) {
        this.name = name;
        this.device = device;
        this.capabilities =
                Collections.unmodifiableSet(
                        capabilities.isEmpty()
                                ? EnumSet.noneOf(Capability.class)
                                : EnumSet.copyOf(capabilities));
        this.tensorType = tensorType;
    }

    // ---- Backend -----------------------------------------------------------------------------

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Device device() {
        return device;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final Scope openScope() {
        checkOpen();
        TrackingScope s = new TrackingScope(this, innermost.get());
        innermost.set(s);
        return s;
    }

    @Override
    public final MemoryStats memory() {
        return new MemoryStats(live.get(), nativeBytes());
    }

    /** Returns the native bytes held, or -1 if the backend cannot tell (the default). */
    protected long nativeBytes() {
        return -1;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            onClose();
        }
    }

    /** Releases backend-wide native state; called once, by {@link #close()}. */
    protected void onClose() {}

    /** Returns for example {@code nd4j backend on cpu}. */
    @Override
    public String toString() {
        return name + " backend on " + device;
    }

    // ---- bookkeeping used by AbstractTensor and TrackingScope --------------------------------

    void register(AbstractTensor t) {
        TrackingScope s = innermost.get();
        if (s != null) {
            s.adopt(t);
        }
        live.incrementAndGet();
    }

    void unregister() {
        live.decrementAndGet();
    }

    TrackingScope innermostScope() {
        return innermost.get();
    }

    void setInnermostScope(TrackingScope s) {
        if (s == null) {
            innermost.remove();
        } else {
            innermost.set(s);
        }
    }

    // ---- argument checks ---------------------------------------------------------------------

    /** Throws {@link IllegalStateException} if the backend is closed. */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The " + this + " is closed");
        }
    }

    /**
     * Returns {@code t} as this backend's tensor type, checking that it is open and belongs to this
     * backend instance.
     */
    protected final T in(Tensor t) {
        Objects.requireNonNull(t, "tensor argument must not be null");
        checkOpen();
        if (!tensorType.isInstance(t) || ((AbstractTensor) t).backend() != this) {
            throw new IllegalArgumentException(
                    t
                            + " does not belong to this "
                            + this
                            + "; tensors of different backend instances cannot be mixed");
        }
        T own = tensorType.cast(t);
        own.checkOpen();
        return own;
    }

    private void requireDType(DType dtype) {
        if (dtype == DType.FLOAT64 && !capabilities.contains(Capability.FLOAT64)) {
            throw new UnsupportedOperationException(
                    "float64 tensors are not supported by backend '"
                            + name
                            + "' (it lacks Capability.FLOAT64); use float32 or another backend");
        }
    }

    private void requireCapability(Capability c, String what) {
        if (!capabilities.contains(c)) {
            throw new UnsupportedOperationException(
                    what + " is not supported by backend '" + name + "' (it lacks " + c + ")");
        }
    }

    // ---- TensorOps, validated ----------------------------------------------------------------

    @Override
    public final Tensor fromFloats(float[] data, Shape shape) {
        checkOpen();
        OpShapes.dataLength(data.length, shape);
        return createFloats(data, shape);
    }

    @Override
    public final Tensor fromDoubles(double[] data, Shape shape) {
        checkOpen();
        requireDType(DType.FLOAT64);
        OpShapes.dataLength(data.length, shape);
        return createDoubles(data, shape);
    }

    @Override
    public final Tensor full(Shape shape, double value, DType dtype) {
        checkOpen();
        requireDType(dtype);
        return createFull(shape, value, dtype);
    }

    @Override
    public final Tensor unary(Op op, Tensor x) {
        OpShapes.requireKind(op, Op.Kind.UNARY);
        return unaryOp(op, in(x));
    }

    @Override
    public final Tensor binary(Op op, Tensor a, Tensor b) {
        T ta = in(a);
        T tb = in(b);
        return binaryOp(op, ta, tb, OpShapes.binary(op, ta, tb));
    }

    @Override
    public final Tensor where(Tensor condition, Tensor ifTrue, Tensor ifFalse) {
        T c = in(condition);
        T a = in(ifTrue);
        T b = in(ifFalse);
        return whereOp(c, a, b, OpShapes.where(c, a, b));
    }

    @Override
    public final Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDims) {
        T tx = in(x);
        int[] norm = OpShapes.reductionAxes(op, tx.shape(), axes);
        return reduceOp(op, tx, norm, keepDims, OpShapes.reduced(tx.shape(), norm, keepDims));
    }

    @Override
    public final Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        T ta = in(a);
        T tb = in(b);
        Shape out = OpShapes.matmul(ta, tb, transposeA, transposeB);
        return matmulOp(ta, tb, transposeA, transposeB, out);
    }

    /** Checks every product's operands and shapes, then computes them all ({@link #matmulsOp}). */
    @Override
    public final Tensor[] matmuls(List<Product> products) {
        List<CheckedProduct<T>> checked = new ArrayList<>(products.size());
        for (Product p : products) {
            T a = in(p.a());
            T b = in(p.b());
            Shape out = OpShapes.matmul(a, b, p.transposeA(), p.transposeB());
            checked.add(new CheckedProduct<>(a, b, p.transposeA(), p.transposeB(), out));
        }
        return matmulsOp(checked);
    }

    @Override
    public final Tensor conv2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        T tx = in(x);
        T tw = in(weight);
        return conv2dOp(tx, tw, spec, OpShapes.conv2d(tx, tw, Objects.requireNonNull(spec)));
    }

    @Override
    public final Tensor convTranspose2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        T tx = in(x);
        T tw = in(weight);
        Shape out = OpShapes.convTranspose2d(tx, tw, Objects.requireNonNull(spec));
        return convTranspose2dOp(tx, tw, spec, out);
    }

    @Override
    public final Tensor conv2dKernelGradient(
            Tensor x, Tensor grad, Conv2dSpec spec, int kernelH, int kernelW) {
        T tx = in(x);
        T tg = in(grad);
        Shape out =
                OpShapes.conv2dKernelGradient(
                        tx, tg, Objects.requireNonNull(spec), kernelH, kernelW);
        return conv2dKernelGradientOp(tx, tg, spec, out);
    }

    @Override
    public final Tensor reshape(Tensor x, Shape shape) {
        T tx = in(x);
        return reshapeOp(tx, OpShapes.reshape(tx.shape(), shape));
    }

    @Override
    public final Tensor permute(Tensor x, int... axes) {
        T tx = in(x);
        int[] copy = axes.clone();
        return permuteOp(tx, copy, OpShapes.permute(tx.shape(), copy));
    }

    @Override
    public final Tensor broadcastTo(Tensor x, Shape shape) {
        T tx = in(x);
        return broadcastToOp(tx, OpShapes.broadcastTo(tx.shape(), shape));
    }

    @Override
    public final Tensor concat(List<Tensor> parts, int axis) {
        List<T> own = new ArrayList<>(parts.size());
        for (Tensor p : parts) {
            own.add(in(p));
        }
        Shape out = OpShapes.concat(own, axis);
        return concatOp(own, out.axis(axis), out);
    }

    @Override
    public final Tensor slice(Tensor x, int axis, int start, int end) {
        T tx = in(x);
        Shape out = OpShapes.slice(tx.shape(), axis, start, end);
        return sliceOp(tx, out.axis(axis), start, end, out);
    }

    @Override
    public final Tensor take(Tensor x, int[] indices) {
        T tx = in(x);
        int[] copy = indices.clone();
        return takeOp(tx, copy, OpShapes.take(tx.shape(), copy));
    }

    @Override
    public final Tensor cast(Tensor x, DType dtype) {
        T tx = in(x);
        requireDType(dtype);
        return castOp(tx, dtype);
    }

    @Override
    public final void assign(Tensor target, Tensor value) {
        requireCapability(Capability.TRAINING, "assign (in-place update)");
        T t = in(target);
        T v = in(value);
        OpShapes.sameShapeAndDType("assign", t, v);
        assignOp(t, v);
    }

    @Override
    public final Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        T tx = in(x);
        T tw = in(weight);
        T tb = bias == null ? null : in(bias);
        OpShapes.linear(tx, tw, tb);
        return linearOp(tx, tw, tb);
    }

    @Override
    public final Tensor elementwise(Elementwise expression, Tensor... inputs) {
        List<T> ts = new ArrayList<>(inputs.length);
        for (Tensor t : inputs) {
            ts.add(in(t));
        }
        Shape out = OpShapes.elementwise(expression, inputs);
        Elementwise.Node result = expression.nodes().get(expression.result());
        if (result.isInput() && ts.get(result.input()).shape().equals(out)) {
            return reshapeOp(ts.get(result.input()), out); // one of its inputs: a view, no pass
        }
        return elementwiseOp(expression, ts, out);
    }

    @Override
    public final Tensor elementwiseSum(
            Elementwise expression, int[] axes, boolean keepDims, Tensor... inputs) {
        List<T> ts = new ArrayList<>(inputs.length);
        for (Tensor t : inputs) {
            ts.add(in(t));
        }
        Shape full = OpShapes.elementwise(expression, inputs);
        int[] norm = OpShapes.reductionAxes(Op.SUM, full, axes);
        return elementwiseSumOp(
                expression, ts, full, norm, keepDims, OpShapes.reduced(full, norm, keepDims));
    }

    @Override
    public final Tensor bernoulliLogLikelihood(Tensor logits, Tensor x) {
        T tl = in(logits);
        T tx = in(x);
        return bernoulliLogLikelihoodOp(tl, tx, OpShapes.bernoulliLogLikelihood(tl, tx));
    }

    @Override
    public final boolean allFinite(List<? extends Tensor> tensors) {
        List<T> ts = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            ts.add(in(t));
        }
        return allFiniteOp(ts);
    }

    @Override
    public final void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep step) {
        requireCapability(Capability.TRAINING, "adamUpdate (in-place update)");
        T p = in(param);
        T g = in(grad);
        T tm = in(m);
        T tv = in(v);
        OpShapes.sameShapeAndDType("adamUpdate", g, p, tm, tv);
        adamUpdateOp(p, g, tm, tv, Objects.requireNonNull(step, "step"));
    }

    // ---- what a backend implements -----------------------------------------------------------

    /** Creates a float32 tensor; {@code data} fills the shape. */
    protected abstract T createFloats(float[] data, Shape shape);

    /** Creates a float64 tensor; {@code data} fills the shape. */
    protected abstract T createDoubles(double[] data, Shape shape);

    /** Creates a tensor filled with one value. */
    protected abstract T createFull(Shape shape, double value, DType dtype);

    /** Applies a unary op. */
    protected abstract T unaryOp(Op op, T x);

    /** Applies a binary op with broadcasting to {@code out}. */
    protected abstract T binaryOp(Op op, T a, T b, Shape out);

    /** Selects with broadcasting to {@code out}. */
    protected abstract T whereOp(T condition, T ifTrue, T ifFalse, Shape out);

    /** Reduces over normalised, sorted, distinct axes (possibly none). */
    protected abstract T reduceOp(Op op, T x, int[] axes, boolean keepDims, Shape out);

    /** Multiplies rank-2 tensors whose inner sizes match. */
    protected abstract T matmulOp(T a, T b, boolean transposeA, boolean transposeB, Shape out);

    /** Computes checked products; by default one {@link #matmulOp} after another. */
    protected Tensor[] matmulsOp(List<CheckedProduct<T>> products) {
        Tensor[] out = new Tensor[products.size()];
        for (int i = 0; i < out.length; i++) {
            CheckedProduct<T> p = products.get(i);
            out[i] = matmulOp(p.a(), p.b(), p.transposeA(), p.transposeB(), p.out());
        }
        return out;
    }

    /**
     * A product of {@link #matmuls} whose operands belong to this backend and whose sizes match.
     *
     * @param <T> the backend's tensor type
     * @param a the left operand
     * @param b the right operand
     * @param transposeA whether {@code a} is used transposed
     * @param transposeB whether {@code b} is used transposed
     * @param out the result's shape
     */
    protected record CheckedProduct<T extends AbstractTensor>(
            T a, T b, boolean transposeA, boolean transposeB, Shape out) {
        /** Returns whether the product has multiply-adds: no operand and no result is empty. */
        public boolean hasWork() {
            return a.shape().size() > 0 && b.shape().size() > 0 && out.size() > 0;
        }
    }

    /**
     * Convolves, arguments checked, {@code out} the result's shape; by default the composite {@link
     * CompositeOps#conv2d}.
     */
    protected Tensor conv2dOp(T x, T weight, Conv2dSpec spec, Shape out) {
        return CompositeOps.conv2d(this, x, weight, spec);
    }

    /**
     * The transposed convolution, arguments checked, {@code out} the result's shape; by default the
     * composite {@link CompositeOps#convTranspose2d}.
     */
    protected Tensor convTranspose2dOp(T x, T weight, Conv2dSpec spec, Shape out) {
        return CompositeOps.convTranspose2d(this, x, weight, spec);
    }

    /**
     * A convolution's kernel gradient over checked arguments, {@code out} {@code [o, c, kH, kW]};
     * by default the composite {@link CompositeOps#conv2dKernelGradient}.
     */
    protected Tensor conv2dKernelGradientOp(T x, T grad, Conv2dSpec spec, Shape out) {
        return CompositeOps.conv2dKernelGradient(this, x, grad, spec, out.dim(2), out.dim(3));
    }

    /** Reshapes to a shape of the same size. */
    protected abstract T reshapeOp(T x, Shape out);

    /** Permutes by a valid permutation. */
    protected abstract T permuteOp(T x, int[] axes, Shape out);

    /** Broadcasts to a compatible shape. */
    protected abstract T broadcastToOp(T x, Shape out);

    /** Concatenates along a normalised axis. */
    protected abstract T concatOp(List<T> parts, int axis, Shape out);

    /** Slices a normalised axis with a valid range. */
    protected abstract T sliceOp(T x, int axis, int start, int end, Shape out);

    /** Takes rows by valid indices. */
    protected abstract T takeOp(T x, int[] indices, Shape out);

    /** Converts to a supported dtype. */
    protected abstract T castOp(T x, DType dtype);

    /** Overwrites {@code target} with {@code value} of the same shape and dtype. */
    protected abstract void assignOp(T target, T value);

    /** The fused dense layer; by default the composite {@link CompositeOps#linear}. */
    protected Tensor linearOp(T x, T weight, T bias) {
        return CompositeOps.linear(this, x, weight, bias);
    }

    /**
     * An elementwise expression over checked inputs, {@code out} their broadcast shape; by default
     * the composite {@link CompositeOps#elementwise}, one op at a time.
     */
    protected Tensor elementwiseOp(Elementwise expression, List<T> inputs, Shape out) {
        return CompositeOps.elementwise(this, expression, inputs.toArray(new Tensor[0]));
    }

    /**
     * The sum of an elementwise expression over checked inputs, over normalised, sorted, distinct
     * {@code axes} of their broadcast shape {@code full}, {@code out} the result's shape; by
     * default the composite {@link CompositeOps#elementwiseSum}, the expression's values written
     * out first.
     */
    protected Tensor elementwiseSumOp(
            Elementwise expression,
            List<T> inputs,
            Shape full,
            int[] axes,
            boolean keepDims,
            Shape out) {
        return CompositeOps.elementwiseSum(
                this, expression, axes, keepDims, inputs.toArray(new Tensor[0]));
    }

    /**
     * The fused Bernoulli log-likelihood, arguments checked, {@code out} its shape; by default the
     * composite {@link CompositeOps#bernoulliLogLikelihood}.
     */
    protected Tensor bernoulliLogLikelihoodOp(T logits, T x, Shape out) {
        return CompositeOps.bernoulliLogLikelihood(this, logits, x);
    }

    /**
     * Whether every element of the checked tensors is finite; by default the composite {@link
     * CompositeOps#allFinite}.
     */
    protected boolean allFiniteOp(List<T> tensors) {
        return CompositeOps.allFinite(this, tensors);
    }

    /** The fused Adam step; by default the composite {@link CompositeOps#adamUpdate}. */
    protected void adamUpdateOp(T param, T grad, T m, T v, AdamStep step) {
        CompositeOps.adamUpdate(this, param, grad, m, v, step);
    }
}
