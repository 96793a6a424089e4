package org.vae4j.core.autograd;

/** The attributes that recorded ops keep for their backward rules. */
public final class OpAttrs {
    private OpAttrs() {}

    /**
     * A reduction's normalised axes and whether it kept them.
     *
     * @param axes the reduced axes, non-negative
     * @param keepDims whether reduced axes were kept as size 1
     */
    public record Reduce(int[] axes, boolean keepDims) {}

    /**
     * A matrix product's transpose flags.
     *
     * @param transposeA whether the left operand was transposed
     * @param transposeB whether the right operand was transposed
     */
    public record Matmul(boolean transposeA, boolean transposeB) {}

    /**
     * A permutation: result axis {@code i} is input axis {@code axes[i]}.
     *
     * @param axes the permutation
     */
    public record Permute(int[] axes) {}

    /**
     * A slice of one axis.
     *
     * @param axis the normalised axis
     * @param start first index taken
     * @param end one past the last index taken
     */
    public record Slice(int axis, int start, int end) {}

    /**
     * The rows a TAKE picked.
     *
     * @param indices the row indices, in order
     */
    public record Take(int[] indices) {}

    /**
     * The axis a concatenation joined along.
     *
     * @param axis the normalised axis
     */
    public record Concat(int axis) {}
}
