package org.vae4j.core.model;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.core.autograd.Variable;

/** Splitting a code {@code z = [h1, ..., hL]} of a model with stochastic layers into its layers. */
final class Hierarchy {
    private Hierarchy() {}

    /** Returns the layers of {@code z}, whose last axis holds {@code sizes} values in order. */
    static List<Variable> split(Variable z, int[] sizes) {
        int axis = z.shape().rank() - 1;
        if (z.shape().dim(axis) != total(sizes)) {
            throw new IllegalArgumentException(
                    "A code of this model has "
                            + total(sizes)
                            + " values in its last axis, but got shape "
                            + z.shape());
        }
        List<Variable> parts = new ArrayList<>();
        int offset = 0;
        for (int size : sizes) {
            parts.add(z.slice(axis, offset, offset + size));
            offset += size;
        }
        return parts;
    }

    /** Returns the sum of the layers' sizes. */
    static int total(int[] sizes) {
        int sum = 0;
        for (int s : sizes) {
            sum += s;
        }
        return sum;
    }
}
