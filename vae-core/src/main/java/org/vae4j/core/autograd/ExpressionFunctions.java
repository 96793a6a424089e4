package org.vae4j.core.autograd;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The differentiable expression ops behind {@link Fused#elementwise} and {@link
 * Fused#elementwiseSum}. The gradient of an input is its derivative expression ({@link
 * ElementwiseDerivatives}) over the inputs and g; where the input was broadcast, that expression is
 * summed back to the input's shape in the same pass ({@code elementwiseSum}), so the derivative's
 * values at the full shape are never written out.
 */
final class ExpressionFunctions {
    private ExpressionFunctions() {}

    /** The expression's values. */
    static final class Values extends CustomFunction {
        private final Elementwise expression;

        Values(Elementwise expression) {
            this.expression = expression;
        }

        @Override
        protected Variable forward(Context ctx, Variable... in) {
            ctx.save(in);
            return Variable.constant(in[0].backend().elementwise(expression, values(in)));
        }

        @Override
        protected Variable[] backward(Context ctx, Variable g) {
            return gradients(expression, ctx, g, g.shape());
        }

        @Override
        protected String name() {
            return "ELEMENTWISE";
        }
    }

    /** The expression's sum over some axes. */
    static final class Sum extends CustomFunction {
        private final Elementwise expression;
        private final int[] axes;
        private final boolean keepDims;

        Sum(Elementwise expression, int[] axes, boolean keepDims) {
            this.expression = expression;
            this.axes = axes.clone();
            this.keepDims = keepDims;
        }

        @Override
        protected Variable forward(Context ctx, Variable... in) {
            ctx.save(in);
            Tensor[] values = values(in);
            return Variable.constant(
                    in[0].backend().elementwiseSum(expression, axes, keepDims, values));
        }

        /** g, its summed axes kept as 1, spreads over them as the expression's inputs broadcast. */
        @Override
        protected Variable[] backward(Context ctx, Variable g) {
            Tensor[] values = new Tensor[expression.inputs()];
            for (int k = 0; k < values.length; k++) {
                values[k] = ctx.saved(k).value();
            }
            Shape full = OpShapes.elementwise(expression, values);
            int[] kept = full.dims();
            for (int a : OpShapes.reductionAxes(Op.SUM, full, axes)) {
                kept[a] = 1;
            }
            return gradients(expression, ctx, g.reshape(kept), full);
        }

        @Override
        protected String name() {
            return "ELEMENTWISE_SUM";
        }
    }

    private static Tensor[] values(Variable[] in) {
        Tensor[] values = new Tensor[in.length];
        for (int k = 0; k < in.length; k++) {
            values[k] = in[k].value();
        }
        return values;
    }

    /**
     * Each saved input's gradient: its derivative expression over the inputs and {@code g}
     * (broadcast to {@code full}), summed over the axes along which that input was broadcast.
     */
    private static Variable[] gradients(
            Elementwise expression, Context ctx, Variable g, Shape full) {
        int n = expression.inputs();
        Variable[] with = new Variable[n + 1];
        boolean[] requires = new boolean[n];
        for (int k = 0; k < n; k++) {
            with[k] = ctx.saved(k);
            requires[k] = with[k].requiresGrad();
        }
        with[n] = g;
        Elementwise[] derivatives = ElementwiseDerivatives.of(expression, requires);
        Variable[] grads = new Variable[n];
        for (int k = 0; k < n; k++) {
            if (derivatives[k] == null) {
                continue;
            }
            Shape target = with[k].shape();
            int[] axes = Autograd.broadcastAxes(full, target);
            Variable d =
                    axes.length == 0
                            ? Fused.elementwise(derivatives[k], with)
                            : Fused.elementwiseSum(derivatives[k], axes, true, with);
            grads[k] = d.shape().equals(target) ? d : d.reshape(target);
        }
        return grads;
    }
}
