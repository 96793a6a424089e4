package org.vae4j.core.data;

import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * A batch's rows on the host, as the model's dtype will hold them: floats for float32, doubles for
 * float64, {@code [indices.length, features]} row-major, with the dataset indices they came from (a
 * conditional model reads their labels). Prepared off the training thread by {@link Prefetch};
 * {@link #tensor} copies it to a backend.
 */
public final class HostBatch {
    private final int[] indices;
    private final int features;
    private final float[] floats; // null for float64
    private final double[] doubles; // null for float32

    private HostBatch(int[] indices, int features, float[] floats, double[] doubles) {
        this.indices = indices;
        this.features = features;
        this.floats = floats;
        this.doubles = doubles;
    }

    static HostBatch ofFloats(int[] indices, int features, float[] rows) {
        return new HostBatch(indices, features, rows, null);
    }

    static HostBatch ofDoubles(int[] indices, int features, double[] rows) {
        return new HostBatch(indices, features, null, rows);
    }

    /** Returns the dataset rows this batch holds, in order (not copied). */
    public int[] indices() {
        return indices;
    }

    /** Copies the rows into a new {@code [indices.length, features]} tensor of {@code ops}. */
    public Tensor tensor(TensorOps ops) {
        Shape shape = Shape.of(indices.length, features);
        return floats != null ? ops.fromFloats(floats, shape) : ops.fromDoubles(doubles, shape);
    }
}
