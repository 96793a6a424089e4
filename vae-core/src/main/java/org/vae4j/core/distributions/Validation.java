package org.vae4j.core.distributions;

import java.util.Arrays;
import java.util.List;
import org.vae4j.api.Capability;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Variable;

/**
 * Checks of distribution parameters. Shape checks always run; value checks (finiteness) run when
 * validation is on (the default) and the backend can read values. A value check costs one sum on
 * the backend and the reading of one number; only when that sum is not finite are the values copied
 * to the host to name the first bad element. Turn them off process-wide for benchmarks with {@link
 * #setEnabled}.
 */
public final class Validation {
    private static volatile boolean enabled = true;

    private Validation() {}

    /** Turns value checks on or off for the whole process. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Returns whether value checks run. */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Checks that a parameter has the expected shape. */
    static void shape(String distribution, String param, Variable v, Shape expected) {
        if (!v.shape().equals(expected)) {
            throw new IllegalArgumentException(
                    "Expected parameter '"
                            + param
                            + "' of "
                            + distribution
                            + " to have shape "
                            + expected
                            + ", but it has shape "
                            + v.shape());
        }
    }

    /**
     * Returns false only when value checks run and some element of {@code v} is not finite ({@link
     * org.vae4j.api.ops.TensorOps#allFinite}, one reading).
     */
    static boolean allFinite(Variable v) {
        if (!enabled || !v.backend().supports(Capability.READ_VALUES)) {
            return true;
        }
        return v.backend().allFinite(List.of(v.value()));
    }

    /** Checks that every element of a parameter is finite, naming the first that is not. */
    static void finite(String distribution, String param, Variable v) {
        if (allFinite(v)) {
            return;
        }
        Tensor t = v.value();
        double[] values = t.toDoubles();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteParameterException(
                        "Expected parameter '"
                                + param
                                + "' (shape "
                                + v.shape()
                                + ") of "
                                + distribution
                                + " to be finite, but found "
                                + values[i]
                                + " at "
                                + index(v.shape(), i));
            }
        }
    }

    private static String index(Shape shape, int flat) {
        int[] idx = new int[shape.rank()];
        long[] strides = shape.strides();
        long rest = flat;
        for (int a = 0; a < idx.length; a++) {
            idx[a] = (int) (rest / strides[a]);
            rest %= strides[a];
        }
        return Arrays.toString(idx);
    }
}
