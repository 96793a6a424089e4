package org.vae4j.core.distributions;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;

/**
 * The shared part of distributions whose event axes are the trailing {@code eventRank} axes of
 * their parameters and whose elements are independent: shapes, summing over the event, and sampling
 * through {@link #rsample} where one exists.
 */
abstract class Factorized implements Distribution {
    private final Shape paramShape;
    private final int eventRank;

    /**
     * @param paramShape the shape of every parameter, batch then event axes
     * @param eventRank how many trailing axes form the event
     */
    Factorized(Shape paramShape, int eventRank) {
        if (eventRank < 0 || eventRank > paramShape.rank()) {
            throw new IllegalArgumentException(
                    "eventRank "
                            + eventRank
                            + " does not fit parameters of shape "
                            + paramShape
                            + "; use 0.."
                            + paramShape.rank());
        }
        this.paramShape = paramShape;
        this.eventRank = eventRank;
    }

    @Override
    public Shape batchShape() {
        int[] d = paramShape.dims();
        return Shape.of(java.util.Arrays.copyOf(d, d.length - eventRank));
    }

    @Override
    public Shape eventShape() {
        int[] d = paramShape.dims();
        return Shape.of(java.util.Arrays.copyOfRange(d, d.length - eventRank, d.length));
    }

    /** Returns the number of trailing event axes. */
    int eventRank() {
        return eventRank;
    }

    /** Returns {@code sampleShape ++ batchShape ++ eventShape}. */
    Shape extended(Shape sampleShape) {
        int[] s = sampleShape.dims();
        int[] p = paramShape.dims();
        int[] out = java.util.Arrays.copyOf(s, s.length + p.length);
        System.arraycopy(p, 0, out, s.length, p.length);
        return Shape.of(out);
    }

    /** Sums per-element values over the trailing event axes. */
    Variable sumEvent(Variable perElement) {
        return eventRank == 0 ? perElement : perElement.sum(eventAxes(perElement.rank()), false);
    }

    /**
     * Sums an expression over {@code inputs} (broadcast together) over the trailing event axes, in
     * one pass where the backend can ({@link Fused#elementwiseSum}).
     */
    Variable sumEventOf(Elementwise expression, Variable... inputs) {
        if (eventRank == 0) {
            return Fused.elementwise(expression, inputs);
        }
        int rank = 0;
        for (Variable v : inputs) {
            rank = Math.max(rank, v.rank());
        }
        return Fused.elementwiseSum(expression, eventAxes(rank), false, inputs);
    }

    /** The last {@link #eventRank} axes of a rank-{@code rank} value. */
    private int[] eventAxes(int rank) {
        int[] axes = new int[eventRank];
        for (int i = 0; i < eventRank; i++) {
            axes[i] = rank - eventRank + i;
        }
        return axes;
    }

    /** Samples by reparameterisation with recording off; subclasses without rsample override. */
    @Override
    public Tensor sample(Shape sampleShape, Rng rng) {
        try (NoGrad off = NoGrad.enter()) {
            return rsample(sampleShape, rng).value();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName()
                + "(batch "
                + batchShape()
                + ", event "
                + eventShape()
                + ")";
    }
}
