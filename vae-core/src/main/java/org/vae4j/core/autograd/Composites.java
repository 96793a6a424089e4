package org.vae4j.core.autograd;

import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.tensor.DType;

/** Math built from primitive ops that needs care beyond one expression. */
final class Composites {
    private Composites() {}

    /**
     * {@code m + log(sum(exp(x - m)))} with {@code m} the (detached) maximum, replaced by 0 where
     * it is infinite so that all-{@code -inf} slices give {@code -inf} rather than NaN.
     */
    static Variable logSumExp(Variable x, int[] axes, boolean keepDims) {
        int[] norm = OpShapes.reductionAxes(Op.SUM, x.shape(), axes);
        Variable m;
        try (NoGrad off = NoGrad.enter()) {
            Variable max = x.max(norm, true);
            Variable infinite = max.abs().greater(largestFinite(x.dtype()));
            m = Variable.where(infinite, max.scalar(0), max);
        }
        Variable out = x.sub(m).exp().sum(norm, true).log().add(m);
        return keepDims ? out : out.reshape(OpShapes.reduced(x.shape(), norm, false));
    }

    /** Returns the largest finite value of a dtype. */
    static double largestFinite(DType dtype) {
        return dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
    }
}
