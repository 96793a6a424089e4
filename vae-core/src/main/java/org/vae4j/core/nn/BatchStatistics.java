package org.vae4j.core.nn;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.core.autograd.Context;
import org.vae4j.core.autograd.CustomFunction;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;

/**
 * Batch normalisation by the batch's own statistics, {@code y = (x - m) / sqrt(v + eps) w + b} with
 * {@code m} and {@code v} the mean and biased variance of {@code x} over {@code axes}, as one op
 * whose gradient is written out (as PyTorch's kernel has it): with {@code s = sqrt(v + eps)},
 * {@code xhat = (x - m) / s} and {@code N} values a channel, {@code db = sum g}, {@code dw = sum g
 * xhat} and {@code dx = w / s (g - db / N - xhat dw / N)}. Four passes over the input's size
 * forward (two sums, two expressions) and four backward, where the ops written out take about three
 * times as many.
 */
final class BatchStatistics extends CustomFunction {
    /** {@code (x - m)^2} over (x, m). */
    private static final Elementwise SQUARED_DEVIATION;

    /** {@code (x - m) / sqrt(v + eps) * w + b} over (x, m, v, w, b). */
    static final Elementwise NORMALISED;

    /** {@code g (x - m) / sqrt(v + eps)} over (g, x, m, v). */
    private static final Elementwise G_XHAT;

    /**
     * {@code w / sqrt(v + eps) (g - dbn - (x - m) / sqrt(v + eps) dwn)} over (g, x, m, v, w, dbn,
     * dwn), with dbn and dwn the sums divided by N.
     */
    private static final Elementwise INPUT_GRADIENT;

    static {
        Elementwise.Builder b = Elementwise.builder(2);
        SQUARED_DEVIATION = b.build(b.input(0).sub(b.input(1)).square());
        b = Elementwise.builder(5);
        NORMALISED =
                b.build(
                        b.input(0)
                                .sub(b.input(1))
                                .div(b.input(2).add(BatchNorm.EPS).sqrt())
                                .mul(b.input(3))
                                .add(b.input(4)));
        b = Elementwise.builder(4);
        G_XHAT =
                b.build(
                        b.input(0)
                                .mul(b.input(1).sub(b.input(2)))
                                .div(b.input(3).add(BatchNorm.EPS).sqrt()));
        b = Elementwise.builder(7);
        Term s = b.input(3).add(BatchNorm.EPS).sqrt();
        Term xhat = b.input(1).sub(b.input(2)).div(s);
        INPUT_GRADIENT =
                b.build(
                        b.input(4)
                                .div(s)
                                .mul(b.input(0).sub(b.input(5)).sub(xhat.mul(b.input(6)))));
    }

    private final int[] axes;
    private final Variable mean;
    private final Variable var;

    private BatchStatistics(int[] axes, Variable mean, Variable var) {
        this.axes = axes;
        this.mean = mean;
        this.var = var;
    }

    /** The batch's statistics and the normalised output. */
    record Result(Variable output, Variable mean, Variable var) {}

    /**
     * Normalises {@code x} by its mean and biased variance over {@code axes} (kept as axes of size
     * 1), then scales by {@code w} and shifts by {@code b}, both shaped to broadcast over {@code
     * x}'s channel axis; returns the output and the statistics (constants).
     */
    static Result apply(Variable x, int[] axes, Variable w, Variable b) {
        Variable mean;
        Variable var;
        try (NoGrad off = NoGrad.enter()) {
            mean = x.mean(axes, true);
            var = Fused.elementwise(SQUARED_DEVIATION, x, mean).mean(axes, true);
        }
        return new Result(new BatchStatistics(axes, mean, var).apply(x, w, b), mean, var);
    }

    @Override
    protected Variable forward(Context ctx, Variable... in) {
        ctx.save(in[0], in[1]);
        return Fused.elementwise(NORMALISED, in[0], mean, var, in[1], in[2]);
    }

    @Override
    protected Variable[] backward(Context ctx, Variable g) {
        Variable x = ctx.saved(0);
        Variable w = ctx.saved(1);
        double perChannel = (double) x.shape().size() / mean.shape().size();
        Variable db = g.sum(axes, true);
        Variable dw = Fused.elementwise(G_XHAT, g, x, mean, var).sum(axes, true);
        Variable dx =
                Fused.elementwise(
                        INPUT_GRADIENT, g, x, mean, var, w, db.div(perChannel), dw.div(perChannel));
        return new Variable[] {dx, dw, db};
    }

    @Override
    protected String name() {
        return "BATCH_NORM";
    }
}
