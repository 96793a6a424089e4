package org.vae4j.core.model;

import java.util.List;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/** How the built-in models feed a condition to a layer: appended to its input's last axis. */
final class Conditions {
    private Conditions() {}

    /**
     * Returns {@code h [..., batch, f]} with {@code c [batch, k]} appended along the last axis,
     * repeated over h's leading axes; {@code h} itself when {@code c} is null.
     */
    static Variable append(Variable h, Variable c, int expected) {
        if (c == null) {
            if (expected > 0) {
                throw new IllegalArgumentException(
                        "This model is conditional: give a condition of "
                                + expected
                                + " values per example");
            }
            return h;
        }
        Shape hs = h.shape();
        Shape cs = c.shape();
        if (expected == 0 || cs.rank() != 2 || cs.dim(1) != expected || hs.dim(-2) != cs.dim(0)) {
            throw new IllegalArgumentException(
                    expected == 0
                            ? "This model is not conditional; give no condition"
                            : "The condition has shape "
                                    + cs
                                    + " but the model needs ["
                                    + hs.dim(-2)
                                    + ", "
                                    + expected
                                    + "] (one row of "
                                    + expected
                                    + " values per example)");
        }
        Variable repeated = c.broadcastTo(hs.withDim(-1, expected));
        return Variable.concat(List.of(h, repeated), hs.rank() - 1);
    }
}
