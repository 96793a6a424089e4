package org.vae4j.api.ops;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The default implementations of the fused ops in {@link TensorOps}, written in primitive ops.
 * Intermediate tensors are closed before returning, so these work inside or outside a scope.
 */
public final class CompositeOps {
    private CompositeOps() {}

    /** {@code x @ weight^T + bias}; see {@link TensorOps#linear}. */
    public static Tensor linear(TensorOps ops, Tensor x, Tensor weight, Tensor bias) {
        Tensor product = ops.matmul(x, weight, false, true);
        if (bias == null) {
            return product;
        }
        try (product) {
            return ops.binary(Op.ADD, product, bias);
        }
    }

    /**
     * {@link Op#CONV2D} as an image-to-columns product in primitive ops; see {@link
     * TensorOps#conv2d}.
     */
    public static Tensor conv2d(TensorOps ops, Tensor x, Tensor weight, Conv2dSpec spec) {
        OpShapes.conv2d(x, weight, spec);
        try (ConvComposite c = new ConvComposite(ops)) {
            return c.conv2d(x, weight, spec);
        }
    }

    /**
     * {@link Op#CONV_TRANSPOSE2D} as a stride-1 convolution of the input spread out with zeros, in
     * primitive ops; see {@link TensorOps#convTranspose2d}.
     */
    public static Tensor convTranspose2d(TensorOps ops, Tensor x, Tensor weight, Conv2dSpec spec) {
        OpShapes.convTranspose2d(x, weight, spec);
        try (ConvComposite c = new ConvComposite(ops)) {
            return c.convTranspose2d(x, weight, spec);
        }
    }

    /**
     * The kernel gradient of a convolution as a convolution: the input with its batch and channel
     * axes exchanged, cross-correlated with the gradient so exchanged (stride and dilation
     * swapped), cut to the kernel's window; see {@link TensorOps#conv2dKernelGradient}.
     */
    public static Tensor conv2dKernelGradient(
            TensorOps ops, Tensor x, Tensor grad, Conv2dSpec spec, int kernelH, int kernelW) {
        Shape out = OpShapes.conv2dKernelGradient(x, grad, spec, kernelH, kernelW);
        if (out.size() == 0 || x.shape().size() == 0 || grad.shape().size() == 0) {
            return ops.zeros(out, x.dtype());
        }
        Conv2dSpec swapped =
                new Conv2dSpec(
                        spec.dilationH(),
                        spec.dilationW(),
                        spec.padH(),
                        spec.padW(),
                        spec.strideH(),
                        spec.strideW(),
                        0,
                        0);
        try (Tensor byChannel = ops.permute(x, 1, 0, 2, 3);
                Tensor gradByChannel = ops.permute(grad, 1, 0, 2, 3);
                Tensor full = ops.conv2d(byChannel, gradByChannel, swapped);
                Tensor rows = ops.slice(full, 2, 0, kernelH);
                Tensor window = ops.slice(rows, 3, 0, kernelW)) {
            return ops.permute(window, 1, 0, 2, 3);
        }
    }

    /**
     * An elementwise expression one op at a time, each intermediate closed after its last use; see
     * {@link TensorOps#elementwise}.
     */
    public static Tensor elementwise(TensorOps ops, Elementwise expression, Tensor... inputs) {
        Shape out = OpShapes.elementwise(expression, inputs);
        DType dtype = inputs[0].dtype();
        List<Elementwise.Node> nodes = expression.nodes();
        int[] lastUse = new int[nodes.size()];
        for (int j = 0; j < nodes.size(); j++) {
            for (int a : nodes.get(j).args()) {
                lastUse[a] = j;
            }
        }
        Tensor[] values = new Tensor[nodes.size()];
        boolean[] owned = new boolean[nodes.size()];
        try {
            for (int j = 0; j < nodes.size(); j++) {
                Elementwise.Node n = nodes.get(j);
                if (n.isInput()) {
                    values[j] = inputs[n.input()];
                    continue;
                }
                owned[j] = true;
                if (n.isConstant()) {
                    values[j] = ops.scalar(n.constant(), dtype);
                } else {
                    values[j] = apply(ops, n, values);
                    for (int a : n.args()) {
                        if (lastUse[a] == j && owned[a]) {
                            values[a].close();
                            owned[a] = false;
                        }
                    }
                }
            }
            int r = expression.result();
            if (owned[r] && values[r].shape().equals(out)) {
                owned[r] = false;
                return values[r];
            }
            return ops.broadcastTo(values[r], out);
        } finally {
            for (int j = 0; j < values.length; j++) {
                if (owned[j] && values[j] != null) {
                    values[j].close();
                }
            }
        }
    }

    /**
     * An elementwise expression's values, then their sum over {@code axes}; see {@link
     * TensorOps#elementwiseSum}.
     */
    public static Tensor elementwiseSum(
            TensorOps ops, Elementwise expression, int[] axes, boolean keepDims, Tensor... inputs) {
        try (Tensor values = ops.elementwise(expression, inputs)) {
            return ops.reduce(Op.SUM, values, axes, keepDims);
        }
    }

    private static Tensor apply(TensorOps ops, Elementwise.Node n, Tensor[] values) {
        return switch (n.op().kind()) {
            case UNARY -> ops.unary(n.op(), values[n.arg(0)]);
            case BINARY -> ops.binary(n.op(), values[n.arg(0)], values[n.arg(1)]);
            default -> ops.where(values[n.arg(0)], values[n.arg(1)], values[n.arg(2)]);
        };
    }

    /**
     * {@code sum_j (x * l - softplus(l))} over the last axis; see {@link
     * TensorOps#bernoulliLogLikelihood}.
     */
    public static Tensor bernoulliLogLikelihood(TensorOps ops, Tensor logits, Tensor x) {
        OpShapes.bernoulliLogLikelihood(logits, x);
        try (Tensor xl = ops.binary(Op.MUL, x, logits);
                Tensor softplus = ops.unary(Op.SOFTPLUS, logits);
                Tensor terms = ops.binary(Op.SUB, xl, softplus)) {
            return ops.reduce(Op.SUM, terms, new int[] {logits.shape().rank() - 1}, false);
        }
    }

    /**
     * Whether every element is finite; see {@link TensorOps#allFinite}. A NaN or an infinity makes
     * a sum NaN or infinite, so a finite sum of all the values settles it with one reduction a
     * tensor; a sum that is not finite may also be an overflow of finite values, so then {@code x -
     * x} is summed instead: +0 for every finite x and NaN for NaN and infinities.
     */
    public static boolean allFinite(TensorOps ops, List<? extends Tensor> tensors) {
        return sumIsZeroOrFinite(ops, tensors, false) || sumIsZeroOrFinite(ops, tensors, true);
    }

    private static boolean sumIsZeroOrFinite(
            TensorOps ops, List<? extends Tensor> tensors, boolean differences) {
        List<Tensor> temps = new ArrayList<>();
        try {
            Tensor total = null;
            for (Tensor t : tensors) {
                Tensor terms = differences ? track(temps, ops.binary(Op.SUB, t, t)) : t;
                Tensor sum = track(temps, ops.reduce(Op.SUM, terms, t.shape().axes(), false));
                total = total == null ? sum : track(temps, ops.binary(Op.ADD, total, sum));
            }
            if (total == null) {
                return true;
            }
            double value = total.item();
            return differences ? value == 0 : Double.isFinite(value);
        } finally {
            temps.forEach(Tensor::close);
        }
    }

    /**
     * One Adam step in place, in PyTorch's arrangement of the bias corrections: {@code param -= (lr
     * / c1) * m / (sqrt(v) / sqrt(c2) + eps)}, after {@code param *= 1 - lr * weightDecay}.
     */
    public static void adamUpdate(
            TensorOps ops, Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep s) {
        OpShapes.sameShapeAndDType("adamUpdate", grad, param, m, v);
        List<Tensor> temps = new ArrayList<>();
        DType dt = grad.dtype();
        try {
            Tensor mNew =
                    add(
                            ops,
                            temps,
                            mul(ops, temps, m, c(ops, temps, s.beta1(), dt)),
                            mul(ops, temps, grad, c(ops, temps, 1 - s.beta1(), dt)));
            ops.assign(m, mNew);
            Tensor g2 = track(temps, ops.unary(Op.SQUARE, grad));
            Tensor vNew =
                    add(
                            ops,
                            temps,
                            mul(ops, temps, v, c(ops, temps, s.beta2(), dt)),
                            mul(ops, temps, g2, c(ops, temps, 1 - s.beta2(), dt)));
            ops.assign(v, vNew);
            Tensor root = track(temps, ops.unary(Op.SQRT, v));
            Tensor denom =
                    add(
                            ops,
                            temps,
                            mul(
                                    ops,
                                    temps,
                                    root,
                                    c(ops, temps, 1 / Math.sqrt(s.secondMomentCorrection()), dt)),
                            c(ops, temps, s.epsilon(), dt));
            Tensor ratio = track(temps, ops.binary(Op.DIV, m, denom));
            Tensor update =
                    mul(
                            ops,
                            temps,
                            ratio,
                            c(ops, temps, s.learningRate() / s.firstMomentCorrection(), dt));
            Tensor decayed =
                    s.weightDecay() == 0
                            ? param
                            : mul(
                                    ops,
                                    temps,
                                    param,
                                    c(ops, temps, 1 - s.learningRate() * s.weightDecay(), dt));
            ops.assign(param, track(temps, ops.binary(Op.SUB, decayed, update)));
        } finally {
            temps.forEach(Tensor::close);
        }
    }

    private static Tensor c(TensorOps ops, List<Tensor> temps, double value, DType dtype) {
        return track(temps, ops.scalar(value, dtype));
    }

    private static Tensor mul(TensorOps ops, List<Tensor> temps, Tensor a, Tensor b) {
        return track(temps, ops.binary(Op.MUL, a, b));
    }

    private static Tensor add(TensorOps ops, List<Tensor> temps, Tensor a, Tensor b) {
        return track(temps, ops.binary(Op.ADD, a, b));
    }

    private static Tensor track(List<Tensor> temps, Tensor t) {
        temps.add(t);
        return t;
    }
}
