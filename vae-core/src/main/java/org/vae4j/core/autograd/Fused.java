package org.vae4j.core.autograd;

import java.util.Arrays;
import org.vae4j.api.ops.Elementwise;

/**
 * Differentiable wrappers of the SPI's fused ops, so that a backend's fused kernel is used in the
 * forward pass and the gradient is still exact.
 */
public final class Fused {
    private static final CustomFunction LINEAR = new LinearFunction(false);
    private static final CustomFunction LINEAR_BIAS = new LinearFunction(true);
    private static final CustomFunction BERNOULLI = new BernoulliFunction();

    /** {@code (x - sigmoid(l)) g} over (x, l, g): the Bernoulli log-likelihood's logit gradient. */
    private static final Elementwise BERNOULLI_LOGITS_GRADIENT;

    static {
        Elementwise.Builder b = Elementwise.builder(3);
        BERNOULLI_LOGITS_GRADIENT = b.build(b.input(0).sub(b.input(1).sigmoid()).mul(b.input(2)));
    }

    private Fused() {}

    /**
     * The dense layer {@code x @ weight^T + bias} through the backend's fused kernel; {@code bias}
     * may be null.
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        return bias == null ? LINEAR.apply(x, weight) : LINEAR_BIAS.apply(x, weight, bias);
    }

    /**
     * The Bernoulli log-likelihood {@code sum_j (x l - softplus(l))} over the last axis of {@code
     * logits}, through the backend's fused kernel; {@code x} broadcasts to the logits' shape.
     */
    public static Variable bernoulliLogLikelihood(Variable logits, Variable x) {
        return BERNOULLI.apply(logits, x);
    }

    /**
     * An elementwise expression over {@code inputs} (broadcast together) through the backend's
     * {@link org.vae4j.api.ops.TensorOps#elementwise}, one pass over memory where the backend can;
     * each input's gradient is an elementwise expression too ({@link ElementwiseDerivatives}).
     */
    public static Variable elementwise(Elementwise expression, Variable... inputs) {
        return new ExpressionFunctions.Values(expression).apply(inputs);
    }

    /**
     * The sum over {@code axes} of an elementwise expression over {@code inputs} (broadcast
     * together) through the backend's {@link org.vae4j.api.ops.TensorOps#elementwiseSum}, without
     * writing the expression's values out where the backend can; each input's gradient is its
     * derivative expression with g spread over the summed axes, itself summed in one pass over the
     * axes that input was broadcast along.
     */
    public static Variable elementwiseSum(
            Elementwise expression, int[] axes, boolean keepDims, Variable... inputs) {
        return new ExpressionFunctions.Sum(expression, axes, keepDims).apply(inputs);
    }

    /** dl = g (x - sigmoid(l)), dx = g l, with g spread over the last axis. */
    private static final class BernoulliFunction extends CustomFunction {
        @Override
        protected Variable forward(Context ctx, Variable... in) {
            Variable logits = in[0];
            Variable x = in[1];
            ctx.save(logits, x);
            return Variable.constant(
                    logits.backend().bernoulliLogLikelihood(logits.value(), x.value()));
        }

        @Override
        protected Variable[] backward(Context ctx, Variable g) {
            Variable logits = ctx.saved(0);
            Variable x = ctx.saved(1);
            int[] dims = Arrays.copyOf(g.shape().dims(), g.rank() + 1);
            dims[g.rank()] = 1;
            Variable perElement = g.reshape(dims);
            Variable dl =
                    logits.requiresGrad()
                            ? elementwise(BERNOULLI_LOGITS_GRADIENT, x, logits, perElement)
                            : null;
            Variable dx = x.requiresGrad() ? logits.mul(perElement) : null;
            return new Variable[] {dl, dx};
        }

        @Override
        protected String name() {
            return "BERNOULLI_LOG_LIKELIHOOD";
        }
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
            Variable[] d =
                    Tape.matmuls(
                            x.requiresGrad() ? new Tape.Operands(g, w, false, false) : null,
                            w.requiresGrad() ? new Tape.Operands(g, x, true, false) : null);
            return withBias ? new Variable[] {d[0], d[1], g.sum(0)} : d;
        }

        @Override
        protected String name() {
            return "LINEAR";
        }
    }
}
