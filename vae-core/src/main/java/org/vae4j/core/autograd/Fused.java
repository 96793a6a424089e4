package org.vae4j.core.autograd;

/**
 * Differentiable wrappers of the SPI's fused ops, so that a backend's fused kernel is used in the
 * forward pass and the gradient is still exact.
 */
public final class Fused {
    private static final CustomFunction LINEAR = new LinearFunction(false);
    private static final CustomFunction LINEAR_BIAS = new LinearFunction(true);

    private Fused() {}

    /**
     * The dense layer {@code x @ weight^T + bias} through the backend's fused kernel; {@code bias}
     * may be null.
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        return bias == null ? LINEAR.apply(x, weight) : LINEAR_BIAS.apply(x, weight, bias);
    }

    /** dx = g W, dW = g^T x, db = sum of g over rows. */
    private static final class LinearFunction extends CustomFunction {
        private final boolean withBias;

        LinearFunction(boolean withBias) {
            this.withBias = withBias;
        }

        @Override
        protected Variable forward(Context ctx, Variable... in) {
            Variable x = in[0];
            Variable w = in[1];
            ctx.save(x, w);
            return Variable.constant(
                    x.backend().linear(x.value(), w.value(), withBias ? in[2].value() : null));
        }

        @Override
        protected Variable[] backward(Context ctx, Variable g) {
            Variable x = ctx.saved(0);
            Variable w = ctx.saved(1);
            Variable dx = x.requiresGrad() ? g.matmul(w) : null;
            Variable dw = w.requiresGrad() ? g.matmul(x, true, false) : null;
            return withBias ? new Variable[] {dx, dw, g.sum(0)} : new Variable[] {dx, dw};
        }

        @Override
        protected String name() {
            return "LINEAR";
        }
    }
}
