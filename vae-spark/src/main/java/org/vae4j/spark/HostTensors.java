package org.vae4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.io.HostArray;

/**
 * Named tensors copied to the host in their own dtype, as the driver broadcasts a model's state and
 * the workers send back theirs or their gradients. Names carry a prefix saying what they are
 * ({@value #MODEL}, {@value #OPTIM}, {@value #GRAD}).
 */
final class HostTensors implements Serializable {
    /** The prefix of the model's parameters and buffers. */
    static final String MODEL = "model.";

    /** The prefix of the optimizer's state. */
    static final String OPTIM = "optim.";

    /** The prefix of gradients. */
    static final String GRAD = "grad.";

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /**
     * One tensor: its dtype, dimensions and little-endian bytes (null in a {@link #layout()}).
     *
     * @param dtype the values' type
     * @param dims the shape
     * @param data the values as {@link HostArray} holds them
     */
    private record Entry(DType dtype, int[] dims, byte[] data) implements Serializable {
        HostArray array() {
            return new HostArray(dtype, Shape.of(dims), data);
        }
    }

    /** Adds copies of {@code tensors}, each under {@code prefix} + its name; returns this. */
    HostTensors put(String prefix, Map<String, Tensor> tensors) {
        tensors.forEach(
                (name, t) -> {
                    HostArray h = HostArray.fromTensor(t);
                    entries.put(prefix + name, new Entry(h.dtype(), h.shape().dims(), h.data()));
                });
        return this;
    }

    /** Returns the names, prefixes included, in the order added. */
    Set<String> names() {
        return entries.keySet();
    }

    /** Returns the values of {@code name} as doubles. */
    double[] doubles(String name) {
        return entries.get(name).array().toDoubles();
    }

    /**
     * Returns new tensors made by {@code ops} of the entries under {@code prefix}, by their names
     * without it.
     */
    Map<String, Tensor> tensors(TensorOps ops, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        entries.forEach(
                (name, e) -> {
                    if (name.startsWith(prefix)) {
                        out.put(name.substring(prefix.length()), e.array().toTensor(ops));
                    }
                });
        return out;
    }

    /** Returns the names, dtypes and shapes without the values. */
    HostTensors layout() {
        HostTensors out = new HostTensors();
        entries.forEach((name, e) -> out.entries.put(name, new Entry(e.dtype(), e.dims(), null)));
        return out;
    }

    /**
     * Returns tensors of this layout holding {@code sums / weight}, each rounded once to its dtype.
     */
    HostTensors mean(Map<String, double[]> sums, long weight) {
        HostTensors out = new HostTensors();
        entries.forEach(
                (name, e) -> {
                    double[] s = sums.get(name);
                    Shape shape = Shape.of(e.dims());
                    HostArray mean;
                    if (e.dtype() == DType.FLOAT32) {
                        float[] f = new float[s.length];
                        for (int i = 0; i < s.length; i++) {
                            f[i] = (float) (s[i] / weight);
                        }
                        mean = HostArray.ofFloats(f, shape);
                    } else {
                        double[] d = new double[s.length];
                        for (int i = 0; i < s.length; i++) {
                            d[i] = s[i] / weight;
                        }
                        mean = HostArray.ofDoubles(d, shape);
                    }
                    out.entries.put(name, new Entry(e.dtype(), e.dims(), mean.data()));
                });
        return out;
    }
}
