package org.vae4j.core.distributions;

import org.vae4j.core.autograd.Context;
import org.vae4j.core.autograd.CustomFunction;
import org.vae4j.core.autograd.Variable;

/**
 * Holds a log-scale parameter within {@code [-limit, limit]} so that exponentiating it cannot
 * overflow, even in float32: a value inside the range passes unchanged (bit for bit), a value
 * beyond it is replaced by the nearer bound.
 *
 * <p>The gradient passes through unchanged (a straight-through clamp): beyond the range it is the
 * gradient at the bound, not zero as with {@code torch.clamp}, so a saturated output keeps a
 * gradient that can pull it back into the range.
 */
final class LogScaleLimit extends CustomFunction {
    private final double limit;

    private LogScaleLimit(double limit) {
        this.limit = limit;
    }

    /** Returns {@code x} held within {@code [-limit, limit]}, with the gradient passed through. */
    static Variable apply(Variable x, double limit) {
        return new LogScaleLimit(limit).apply(x);
    }

    /** {@code min(max(x, -limit), limit)}, as {@code -max(-max(x, -limit), -limit)}. */
    @Override
    protected Variable forward(Context ctx, Variable... in) {
        return in[0].maximum(-limit).neg().maximum(-limit).neg();
    }

    @Override
    protected Variable[] backward(Context ctx, Variable grad) {
        return new Variable[] {grad};
    }
}
