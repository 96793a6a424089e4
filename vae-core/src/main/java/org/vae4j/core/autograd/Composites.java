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
     *
     * <p>Terms more than {@link #negligibleGap} below the maximum count as zero, in the value and
     * in the gradient (the softmax). Their total stays below the dtype's rounding of the largest
     * term for up to 2^31 terms, and keeping them would only fill the gradient with subnormal
     * numbers: products over such operands ran about 2.4 times slower on x86 (IWAE's weights after
     * one step, for example). NaN terms are kept, so NaN still propagates.
     */
    static Variable logSumExp(Variable x, int[] axes, boolean keepDims) {
        int[] norm = OpShapes.reductionAxes(Op.SUM, x.shape(), axes);
        Variable m;
        try (NoGrad off = NoGrad.enter()) {
            Variable max = x.max(norm, true);
            Variable infinite = max.abs().greater(largestFinite(x.dtype()));
            m = Variable.where(infinite, max.scalar(0), max);
        }
        Variable d = x.sub(m);
        Variable negligible;
        try (NoGrad off = NoGrad.enter()) {
            negligible = d.neg().greater(negligibleGap(x.dtype()));
        }
        Variable kept = Variable.where(negligible, d.scalar(Double.NEGATIVE_INFINITY), d);
        Variable out = kept.exp().sum(norm, true).log().add(m);
        return keepDims ? out : out.reshape(OpShapes.reduced(x.shape(), norm, false));
    }

    /**
     * Returns the gap below a slice's maximum past which log-sum-exp drops a term: {@code
     * exp(-gap)} times 2^31 terms is below half a unit in the last place of 1 (2^-24 for float32,
     * 2^-53 for float64).
     */
    static double negligibleGap(DType dtype) {
        return dtype == DType.FLOAT32 ? 40 : 60;
    }

    /** Returns the largest finite value of a dtype. */
    static double largestFinite(DType dtype) {
        return dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
    }
}
