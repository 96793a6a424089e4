package org.vae4j.core.distributions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vae4j.api.ops.Elementwise;
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
    /** The clamp of each limit, built once rather than at every call. */
    private static final Map<Double, Elementwise> CLAMPS = new ConcurrentHashMap<>();

    private final Elementwise clamp;

    private LogScaleLimit(double limit) {
        this.clamp = CLAMPS.computeIfAbsent(limit, LogScaleLimit::clamp);
    }

    /** {@code min(max(x, -limit), limit)}, as {@code -max(-max(x, -limit), -limit)}. */
    private static Elementwise clamp(double limit) {
        Elementwise.Builder b = Elementwise.builder(1);
        Elementwise.Term low = b.constant(-limit);
        return b.build(b.input(0).maximum(low).neg().maximum(low).neg());
    }

    /** Returns {@code x} held within {@code [-limit, limit]}, with the gradient passed through. */
    static Variable apply(Variable x, double limit) {
        return new LogScaleLimit(limit).apply(x);
    }

    /** The clamp as one elementwise expression: one pass, no constant tensors. */
    @Override
    protected Variable forward(Context ctx, Variable... in) {
        return Variable.constant(in[0].backend().elementwise(clamp, in[0].value()));
    }

    @Override
    protected Variable[] backward(Context ctx, Variable grad) {
        return new Variable[] {grad};
    }
}
