package org.vae4j.api.ops;

import java.util.List;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The primitive ops, forward only: what a backend must compute. Differentiation lives in vae-core.
 *
 * <p>Rules every implementation follows (the conformance suite checks each):
 *
 * <ul>
 *   <li>Inputs belong to this backend and are open; inputs of one op share a dtype (there is no
 *       implicit promotion; use {@link #cast}).
 *   <li>Elementwise ops broadcast as NumPy does: shapes are aligned at the right, and each pair of
 *       sizes must be equal or one of them 1.
 *   <li>Every op returns a new tensor in the innermost scope open on the calling thread; inputs are
 *       never modified (except by {@link #assign}).
 *   <li>Bad arguments throw {@link IllegalArgumentException} whose message names the op and the
 *       shapes (or dtypes) involved; {@link OpShapes} computes result shapes and these messages.
 * </ul>
 *
 * <p>The fused ops at the end have composite defaults ({@link CompositeOps}) that a backend may
 * override with a faster kernel computing the same values.
 */
public interface TensorOps {

    // ---- creation ----------------------------------------------------------------------------

    /** Returns a float32 tensor holding {@code data} (row-major), which must fill the shape. */
    Tensor fromFloats(float[] data, Shape shape);

    /** Returns a float64 tensor holding {@code data} (row-major), which must fill the shape. */
    Tensor fromDoubles(double[] data, Shape shape);

    /** Returns a tensor of the given shape and dtype with every element equal to {@code value}. */
    Tensor full(Shape shape, double value, DType dtype);

    /** Returns a tensor of zeros. */
    default Tensor zeros(Shape shape, DType dtype) {
        return full(shape, 0.0, dtype);
    }

    /** Returns a rank-0 tensor holding one value. */
    default Tensor scalar(double value, DType dtype) {
        return full(Shape.scalar(), value, dtype);
    }

    // ---- elementwise -------------------------------------------------------------------------

    /**
     * Applies a unary op ({@link Op.Kind#UNARY}) elementwise.
     *
     * @throws IllegalArgumentException if {@code op} is not unary
     */
    Tensor unary(Op op, Tensor x);

    /**
     * Applies a binary op ({@link Op.Kind#BINARY}) elementwise with broadcasting.
     *
     * @throws IllegalArgumentException if {@code op} is not binary, the dtypes differ, or the
     *     shapes do not broadcast
     */
    Tensor binary(Op op, Tensor a, Tensor b);

    /**
     * Picks {@code ifTrue} where {@code condition} is non-zero and {@code ifFalse} elsewhere; the
     * three broadcast together and share a dtype.
     */
    Tensor where(Tensor condition, Tensor ifTrue, Tensor ifFalse);

    // ---- reductions --------------------------------------------------------------------------

    /**
     * Reduces ({@link Op#SUM} or {@link Op#MAX}) over the given axes.
     *
     * @param axes distinct axes, negative ones counted from the end; an empty array reduces nothing
     *     (the result equals the input)
     * @param keepDims keep each reduced axis as size 1 instead of removing it
     */
    Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDims);

    // ---- linear algebra ----------------------------------------------------------------------

    /**
     * Multiplies two rank-2 tensors: {@code op(a) @ op(b)} where {@code op} transposes when its
     * flag is set. For {@code [m, k] @ [k, n]} the result is {@code [m, n]}.
     */
    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB);

    /**
     * Products that do not read each other's results, each as {@link #matmul} computes it, returned
     * in the order given: a backward pass needs two from one gradient, and a backend may run them
     * side by side on its cores instead of one after the other. By default one after the other.
     */
    default Tensor[] matmuls(List<Product> products) {
        Tensor[] out = new Tensor[products.size()];
        for (int i = 0; i < out.length; i++) {
            Product p = products.get(i);
            out[i] = matmul(p.a(), p.b(), p.transposeA(), p.transposeB());
        }
        return out;
    }

    // ---- convolution -------------------------------------------------------------------------

    /**
     * Cross-correlates {@code x [n, c, h, w]} with {@code weight [o, c, kH, kW]} as PyTorch's
     * {@code conv2d} without bias: the result is {@code [n, o, hOut, wOut]} with sizes from {@link
     * Conv2dSpec#convOutput}. The spec's output padding must be 0. By default the composite {@link
     * CompositeOps#conv2d}; a backend overrides it with its engine's kernel.
     */
    default Tensor conv2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        return CompositeOps.conv2d(this, x, weight, spec);
    }

    /**
     * The transposed convolution of {@code x [n, c, h, w]} with {@code weight [c, o, kH, kW]}, as
     * PyTorch's {@code conv_transpose2d} without bias: the result is {@code [n, o, hOut, wOut]}
     * with sizes from {@link Conv2dSpec#transposedOutput}; each output padding must be smaller than
     * its axis's stride or dilation. It is the gradient of {@link #conv2d} with respect to its
     * input. By default the composite {@link CompositeOps#convTranspose2d}.
     */
    default Tensor convTranspose2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        return CompositeOps.convTranspose2d(this, x, weight, spec);
    }

    /**
     * The gradient of {@link #conv2d}'s loss with respect to its kernel: {@code k[o, c, i, j] = sum
     * over n, y, x of grad[n, o, y, x] * x[n, c, y strideH - padH + i dilationH, x strideW - padW +
     * j dilationW]} (zero outside the input), for {@code x [n, c, h, w]} and {@code grad [n, o, gh,
     * gw]}; the result is {@code [o, c, kernelH, kernelW]}. {@code gh} and {@code gw} are at most
     * the convolution's output size and may be smaller (rows and columns past them carry no
     * gradient), so the same op is the kernel gradient of {@link #convTranspose2d} with the roles
     * of input and gradient exchanged. The spec's output padding must be 0. By default the
     * composite {@link CompositeOps#conv2dKernelGradient}: a convolution of the batch-transposed
     * tensors.
     */
    default Tensor conv2dKernelGradient(
            Tensor x, Tensor grad, Conv2dSpec spec, int kernelH, int kernelW) {
        return CompositeOps.conv2dKernelGradient(this, x, grad, spec, kernelH, kernelW);
    }

    // ---- movement ----------------------------------------------------------------------------

    /** Returns the same elements (row-major order) in a shape of the same size. */
    Tensor reshape(Tensor x, Shape shape);

    /** Reorders axes: result axis {@code i} is input axis {@code axes[i]}. */
    Tensor permute(Tensor x, int... axes);

    /** Broadcasts to a shape, as NumPy's {@code broadcast_to}, materialising the result. */
    Tensor broadcastTo(Tensor x, Shape shape);

    /** Joins tensors of the same rank and dtype along an axis; other sizes must match. */
    Tensor concat(List<Tensor> parts, int axis);

    /** Returns indices {@code [start, end)} of one axis, {@code 0 <= start <= end <= size}. */
    Tensor slice(Tensor x, int axis, int start, int end);

    /** Returns the entries of axis 0 at the given indices, in order; repeats allowed. */
    Tensor take(Tensor x, int[] indices);

    /** Returns a copy converted to another dtype (a copy even if the dtype is the same). */
    Tensor cast(Tensor x, DType dtype);

    // ---- in place ----------------------------------------------------------------------------

    /**
     * Overwrites {@code target}'s values with {@code value}'s (same shape and dtype). This is the
     * only op that mutates a tensor; optimizers use it to update parameters.
     *
     * @throws UnsupportedOperationException on a backend without {@link
     *     org.vae4j.api.Capability#TRAINING}
     */
    void assign(Tensor target, Tensor value);

    // ---- fused ops with composite defaults ---------------------------------------------------

    /**
     * The affine map of a dense layer, {@code x @ weight^T + bias}, for {@code x [n, in]}, {@code
     * weight [out, in]} and {@code bias [out]} (or null for none).
     */
    default Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return CompositeOps.linear(this, x, weight, bias);
    }

    /**
     * Evaluates an elementwise expression over {@code inputs} ({@code expression.inputs()} of them,
     * one dtype), broadcast together as NumPy does; the result has the broadcast shape, and
     * constants take the inputs' dtype. Each node's values are those its op would give on the
     * values of its arguments; a backend may compute them in one pass over memory.
     */
    default Tensor elementwise(Elementwise expression, Tensor... inputs) {
        return CompositeOps.elementwise(this, expression, inputs);
    }

    /**
     * The sum over {@code axes} (as {@link #reduce} takes them) of an elementwise expression over
     * {@code inputs} broadcast together: {@code reduce(SUM, elementwise(expression, inputs), axes,
     * keepDims)}, which a backend may compute in one pass without writing the expression's values
     * out, adding them in its own order.
     */
    default Tensor elementwiseSum(
            Elementwise expression, int[] axes, boolean keepDims, Tensor... inputs) {
        return CompositeOps.elementwiseSum(this, expression, axes, keepDims, inputs);
    }

    /**
     * The Bernoulli log-likelihood of {@code x} under {@code logits}, summed over the last axis:
     * {@code sum_j (x * l - softplus(l))}, minus binary cross-entropy with logits. {@code logits}
     * has rank at least 1 and {@code x} (0/1 or grey values) broadcasts to its shape; the result
     * has the shape of {@code logits} without its last axis. A row holding a NaN or infinite logit
     * has a value that is not finite (distributions check their logits through it).
     */
    default Tensor bernoulliLogLikelihood(Tensor logits, Tensor x) {
        return CompositeOps.bernoulliLogLikelihood(this, logits, x);
    }

    /**
     * Returns whether every element of every tensor in {@code tensors} is finite: no NaN and no
     * infinity, however large the finite values (true for no tensors and for empty ones). One
     * reading for many tensors, as a training step checks its gradients; a backend may read them
     * all in one pass without an op per tensor.
     */
    default boolean allFinite(List<? extends Tensor> tensors) {
        return CompositeOps.allFinite(this, tensors);
    }

    /**
     * One Adam (or, with weight decay, AdamW) step, in place: updates the moments {@code m} and
     * {@code v} and then the parameter, all of the same shape and dtype as {@code grad}.
     */
    default void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep step) {
        CompositeOps.adamUpdate(this, param, grad, m, v, step);
    }
}
