package org.vae4j.core.nn;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.core.autograd.Context;
import org.vae4j.core.autograd.CustomFunction;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;

/**
 * Batch normalisation by the batch's own statistics, {@code y = (x - m) w / sqrt(v + eps) + b} with
 * {@code m} and {@code v} the mean and biased variance of {@code x} over {@code axes}, as one op
 * whose gradient is written out (as PyTorch's kernel has it): with {@code r = 1 / sqrt(v + eps)},
 * {@code N} values a channel, {@code db = sum g} and {@code S = sum g (x - m)}, {@code dw = S r}
 * and {@code dx = (g - db / N) w r - (x - m) w r^3 S / N}. Each expression multiplies the input by
 * per-channel factors, computed once per channel; four passes over the input's size forward (two
 * sums, two expressions) and four backward, where the ops written out take about three times as
 * many.
 */
final class BatchStatistics extends CustomFunction {
    /** {@code (x - m)^2} over (x, m). */
    private static final Elementwise SQUARED_DEVIATION;

    /** {@code (x - m) (w / sqrt(v + eps)) + b} over (x, m, v, w, b); evaluation mode's too. */
    static final Elementwise NORMALISED;

    /** {@code 1 / sqrt(v + eps)} over (v). */
    private static final Elementwise INVERSE_DEVIATION;

    /** {@code g (x - m)} over (g, x, m). */
    private static final Elementwise CENTRED_GRADIENT;

    /**
     * {@code (g - dbn) (w r) - (x - m) (w r^3 sn)} over (g, x, m, w, r, dbn, sn), with dbn and sn
     * the sums divided by N.
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
                                .mul(b.input(3).div(b.input(2).add(BatchNorm.EPS).sqrt()))
                                .add(b.input(4)));
        b = Elementwise.builder(1);
        INVERSE_DEVIATION = b.build(b.constant(1).div(b.input(0).add(BatchNorm.EPS).sqrt()));
        b = Elementwise.builder(3);
        CENTRED_GRADIENT = b.build(b.input(0).mul(b.input(1).sub(b.input(2))));
        b = Elementwise.builder(7);
        Term wr = b.input(3).mul(b.input(4));
        Term wr3sn = wr.mul(b.input(4).square()).mul(b.input(6));
        INPUT_GRADIENT =
                b.build(
                        b.input(0)
                                .sub(b.input(5))
                                .mul(wr)
                                .sub(b.input(1).sub(b.input(2)).mul(wr3sn)));
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
            var =
                    Fused.elementwiseSum(SQUARED_DEVIATION, axes, true, x, mean)
                            .div(x.shape().size() / mean.shape().size());
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
        Variable r = Fused.elementwise(INVERSE_DEVIATION, var);
        Variable db = g.sum(axes, true);
        Variable centred = Fused.elementwiseSum(CENTRED_GRADIENT, axes, true, g, x, mean);
        Variable dx =
                Fused.elementwise(
                        INPUT_GRADIENT,
                        g,
                        x,
                        mean,
                        w,
                        r,
                        db.div(perChannel),
                        centred.div(perChannel));
        return new Variable[] {dx, centred.mul(r), db};
    }

    @Override
    protected String name() {
        return "BATCH_NORM";
    }
}
