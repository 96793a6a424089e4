package org.vae4j.backend.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.support.HostAdam;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/** The in-place updates of training, on non-empty arrays that share no storage. */
final class DjlInPlace {
    private DjlInPlace() {}

    /** Writes {@code value} into {@code target}'s storage: {@code target[:, ..., :] = value}. */
    static void assign(PtNDArray target, PtNDArray value, Shape shape) {
        int rank = shape.rank();
        if (rank == 0) {
            try (PtNDArray t = JniUtils.reshape(target, new long[] {1});
                    PtNDArray v = JniUtils.reshape(value, new long[] {1})) {
                JniUtils.indexSet(t, v, new long[] {0}, new long[] {1}, new long[] {1});
            }
            return;
        }
        long[] start = new long[rank];
        long[] step = new long[rank];
        java.util.Arrays.fill(step, 1);
        JniUtils.indexSet(target, value, start, shape.toLongArray(), step);
    }

    /**
     * One Adam step in place, rounding as {@code CompositeOps.adamUpdate} does: {@code m = m * b1 +
     * g * (1 - b1)}, {@code v = v * b2 + g^2 * (1 - b2)}, {@code param = param * (1 - lr * wd) - (m
     * / (sqrt(v) / sqrt(c2) + eps)) * (lr / c1)}, each constant rounded to the dtype first.
     */
    static void adam(
            PtNDArray param, PtNDArray grad, PtNDArray m, PtNDArray v, AdamStep s, DType dtype) {
        PtNDManager mgr = param.getManager();
        try (PtNDArray beta1 = DjlArrays.scalar(mgr, s.beta1(), dtype);
                PtNDArray oneMinusBeta1 = DjlArrays.scalar(mgr, 1 - s.beta1(), dtype);
                PtNDArray beta2 = DjlArrays.scalar(mgr, s.beta2(), dtype);
                PtNDArray oneMinusBeta2 = DjlArrays.scalar(mgr, 1 - s.beta2(), dtype);
                PtNDArray unbias2 =
                        DjlArrays.scalar(mgr, 1 / Math.sqrt(s.secondMomentCorrection()), dtype);
                PtNDArray eps = DjlArrays.scalar(mgr, s.epsilon(), dtype);
                PtNDArray rate =
                        DjlArrays.scalar(mgr, s.learningRate() / s.firstMomentCorrection(), dtype);
                PtNDArray gradPart = JniUtils.mul(grad, oneMinusBeta1);
                PtNDArray squarePart = JniUtils.square(grad)) {
            JniUtils.muli(m, beta1);
            JniUtils.addi(m, gradPart);
            JniUtils.muli(squarePart, oneMinusBeta2);
            JniUtils.muli(v, beta2);
            JniUtils.addi(v, squarePart);
            try (PtNDArray denominator = JniUtils.sqrt(v)) {
                JniUtils.muli(denominator, unbias2);
                JniUtils.addi(denominator, eps);
                try (PtNDArray update = JniUtils.div(m, denominator)) {
                    JniUtils.muli(update, rate);
                    if (s.weightDecay() != 0) {
                        try (PtNDArray decay =
                                DjlArrays.scalar(
                                        mgr, 1 - s.learningRate() * s.weightDecay(), dtype)) {
                            JniUtils.muli(param, decay);
                        }
                    }
                    JniUtils.subi(param, update);
                }
            }
        }
    }

    /**
     * One Adam step on CPU tensors by {@link HostAdam}, in place in the tensors' own memory:
     * PyTorch hands out a direct buffer over a contiguous CPU tensor's storage, so one pass
     * replaces the eleven in-place kernels of {@link #adam}.
     */
    static void hostAdam(PtNDArray param, PtNDArray grad, PtNDArray m, PtNDArray v, AdamStep s) {
        int n = Math.toIntExact(param.size());
        ByteBuffer p = DjlArrays.storage(param);
        ByteBuffer g = DjlArrays.storage(grad);
        ByteBuffer mb = DjlArrays.storage(m);
        ByteBuffer vb = DjlArrays.storage(v);
        if (param.getDataType() == DataType.FLOAT32) {
            HostAdam.step(
                    p.asFloatBuffer(),
                    g.asFloatBuffer(),
                    mb.asFloatBuffer(),
                    vb.asFloatBuffer(),
                    n,
                    s);
        } else {
            HostAdam.step(
                    p.asDoubleBuffer(),
                    g.asDoubleBuffer(),
                    mb.asDoubleBuffer(),
                    vb.asDoubleBuffer(),
                    n,
                    s);
        }
    }
}
