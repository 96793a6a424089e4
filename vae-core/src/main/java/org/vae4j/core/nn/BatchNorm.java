package org.vae4j.core.nn;

import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015) with PyTorch's defaults: in training mode each
 * channel is normalised by the batch's mean and biased variance, and the running statistics move by
 * {@code momentum} (0.1) towards the batch's mean and unbiased variance; in evaluation mode the
 * running statistics are used. Then a learned scale ({@code weight}, initially 1) and shift ({@code
 * bias}, 0). In training, one op with its gradient written out ({@link BatchStatistics}); in
 * evaluation, one elementwise expression. Parameters: {@code weight}, {@code bias}; buffers: {@code
 * runningMean}, {@code runningVar}.
 */
abstract class BatchNorm extends Module implements Layer {
    /** Added to the variance before the square root. */
    static final double EPS = 1e-5;

    /** How far the running statistics move towards each batch's. */
    static final double MOMENTUM = 0.1;

    private final int channels;
    private final int rank;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;

    BatchNorm(Init init, int channels, int rank) {
        if (channels <= 0) {
            throw new IllegalArgumentException(
                    "Batch norm needs a positive channel count, but got " + channels);
        }
        this.channels = channels;
        this.rank = rank;
        Shape c = Shape.of(channels);
        this.weight = register(init.constant("weight", c, 1));
        this.bias = register(init.constant("bias", c, 0));
        this.runningMean = registerBuffer(init.constant("runningMean", c, 0));
        this.runningVar = registerBuffer(init.constant("runningVar", c, 1));
    }

    @Override
    public Variable forward(Variable x) {
        Shape s = x.shape();
        if (s.rank() != rank || s.dim(1) != channels) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + "("
                            + channels
                            + ") got input of shape "
                            + s
                            + "; it needs "
                            + (rank == 2
                                    ? "[batch, " + channels + "]"
                                    : "[batch, " + channels + ", height, width]"));
        }
        Variable w = perChannel(weight.variable());
        Variable b = perChannel(bias.variable());
        if (isTraining()) {
            int[] axes = rank == 2 ? new int[] {0} : new int[] {0, 2, 3};
            BatchStatistics.Result r = BatchStatistics.apply(x, axes, w, b);
            update(r.mean(), r.var(), s.size() / channels);
            return r.output();
        }
        Variable mean = perChannel(runningMean.variable());
        Variable var = perChannel(runningVar.variable());
        return Fused.elementwise(BatchStatistics.NORMALISED, x, mean, var, w, b);
    }

    /** Moves the running statistics; {@code n} values went into each channel's statistics. */
    private void update(Variable mean, Variable var, long n) {
        try (NoGrad off = NoGrad.enter()) {
            Shape c = Shape.of(channels);
            double unbiased = n > 1 ? (double) n / (n - 1) : 1;
            Variable m =
                    runningMean.variable().mul(1 - MOMENTUM).add(mean.reshape(c).mul(MOMENTUM));
            Variable v =
                    runningVar
                            .variable()
                            .mul(1 - MOMENTUM)
                            .add(var.reshape(c).mul(MOMENTUM * unbiased));
            runningMean.value().backend().assign(runningMean.value(), m.value());
            runningVar.value().backend().assign(runningVar.value(), v.value());
        }
    }

    /** A {@code [channels]} vector shaped to broadcast over the input's channel axis. */
    private Variable perChannel(Variable v) {
        return rank == 2 ? v : v.reshape(1, channels, 1, 1);
    }
}
