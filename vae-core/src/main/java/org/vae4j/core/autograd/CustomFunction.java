package org.vae4j.core.autograd;

import java.util.List;

/**
 * An op with its own backward rule, for fused kernels or math whose gradient is better written by
 * hand. The forward pass runs with recording off; the backward pass returns one gradient per input
 * ({@code null} for none), which the driver sums to the inputs' shapes.
 *
 * <pre>{@code
 * final class Cube extends CustomFunction {
 *     protected Variable forward(Context ctx, Variable... in) {
 *         ctx.save(in[0]);
 *         return in[0].square().mul(in[0]);
 *     }
 *     protected Variable[] backward(Context ctx, Variable grad) {
 *         return new Variable[] {grad.mul(ctx.saved(0).square().mul(3))};
 *     }
 * }
 * Variable y = new Cube().apply(x);
 * }</pre>
 */
public abstract class CustomFunction {

    /** Computes the output; recording is off, so build it from any ops. */
    protected abstract Variable forward(Context ctx, Variable... inputs);

    /** Returns the inputs' gradients given the output's. */
    protected abstract Variable[] backward(Context ctx, Variable grad);

    /** Returns the name used in messages; the class's simple name by default. */
    protected String name() {
        return getClass().getSimpleName();
    }

    /** Runs the forward pass and records a node whose rule is {@link #backward}. */
    public final Variable apply(Variable... inputs) {
        Context ctx = new Context();
        Variable out;
        try (NoGrad off = NoGrad.enter()) {
            out = forward(ctx, inputs);
        }
        return Tape.record(out.value(), name(), (g, n) -> backward(ctx, g), null, List.of(inputs));
    }
}
