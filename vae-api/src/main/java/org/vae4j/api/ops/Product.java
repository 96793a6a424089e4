package org.vae4j.api.ops;

import java.util.Objects;
import org.vae4j.api.tensor.Tensor;

/**
 * One matrix product {@code op(a) @ op(b)} of {@link TensorOps#matmuls}, where {@code op}
 * transposes when its flag is set.
 *
 * @param a the left operand, rank 2
 * @param b the right operand, rank 2
 * @param transposeA whether {@code a} is used transposed
 * @param transposeB whether {@code b} is used transposed
 */
public record Product(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
    /** Checks that both operands are given. */
    public Product {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }
}
