package org.vae4j.core.optim;

import java.util.List;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.Tensor;

/** Gradient clipping by global norm (Pascanu et al. 2013). */
public final class GradClip {
    private GradClip() {}

    /** Returns the global L2 norm of a set of gradients. */
    public static double globalNorm(List<Tensor> grads) {
        double sum = 0;
        for (Tensor g : grads) {
            Backend b = g.backend();
            try (Tensor sq = b.unary(Op.SQUARE, g);
                    Tensor s = b.reduce(Op.SUM, sq, g.shape().axes(), false)) {
                sum += s.item();
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Returns the factor that brings the global norm down to {@code maxNorm}: 1 when it is already
     * below (or when {@code maxNorm} is infinite, without computing the norm).
     */
    public static double scale(List<Tensor> grads, double maxNorm) {
        if (Double.isInfinite(maxNorm)) {
            return 1;
        }
        double norm = globalNorm(grads);
        return norm > maxNorm ? maxNorm / norm : 1;
    }
}
