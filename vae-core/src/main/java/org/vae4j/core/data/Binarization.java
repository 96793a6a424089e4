package org.vae4j.core.data;

import java.util.Locale;
import java.util.function.IntFunction;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;

/**
 * How grey values in {@code [0, 1]} become the 0/1 data a Bernoulli decoder models. A value {@code
 * x} becomes 1 with probability {@code x}: 1 exactly where a uniform draw {@code u} from the {@link
 * Rng} has {@code u < x}, so 0 stays 0 and 1 stays 1.
 *
 * <pre>{@code
 * Dataset prepared = binarization.prepare(train, rng.fork(3));   // STATIC samples here, once
 * float[] x = prepared.gather(idx);
 * binarization.apply(x, rng.fork(4));                             // DYNAMIC samples here, each batch
 * }</pre>
 */
public enum Binarization {
    /** Grey values are used as they are. */
    NONE,
    /**
     * One Bernoulli sample of the whole dataset, drawn by {@link #prepare} and then fixed for the
     * run, as in the binarized MNIST of Salakhutdinov and Murray (2008). The sample is a function
     * of the data and the seed of the {@link Rng} passed to {@code prepare}.
     */
    STATIC,
    /** A fresh Bernoulli sample of every batch, drawn by {@link #apply}. */
    DYNAMIC;

    /**
     * Parses {@code none}, {@code static} or {@code dynamic}, ignoring case and surrounding space.
     *
     * @throws IllegalArgumentException with a one-line message listing the choices
     */
    public static Binarization parse(String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (Binarization b : values()) {
            if (b.name().equals(t)) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                "Unknown binarization '" + text + "'; use none, static or dynamic");
    }

    /**
     * Returns the dataset to train on. For {@link #STATIC} it is a new dataset of 0/1 values, drawn
     * row by row, each row from {@code rng.uniforms(featureCount())}; {@link #NONE} and {@link
     * #DYNAMIC} return {@code data} itself and leave {@code rng} untouched.
     */
    public Dataset prepare(Dataset data, Rng rng) {
        return prepare(data, row -> rng);
    }

    /**
     * Like {@link #prepare(Dataset, Rng)}, but row {@code r} draws from {@code rowStreams.apply(r)}
     * (asked once per row, in order), so that each example can be binarized from a stream of its
     * own.
     */
    public Dataset prepare(Dataset data, IntFunction<Rng> rowStreams) {
        if (this != STATIC) {
            return data;
        }
        int n = data.size();
        int features = data.featureCount();
        byte[] out = new byte[Math.multiplyExact(n, features)];
        int[] row = new int[1];
        for (int r = 0; r < n; r++) {
            row[0] = r;
            float[] x = data.gather(row);
            double[] u = rowStreams.apply(r).uniforms(features);
            for (int f = 0; f < features; f++) {
                out[r * features + f] = u[f] < x[f] ? (byte) 255 : 0;
            }
        }
        return Dataset.wrapUnsignedBytes(out, n, features, data.labels().orElse(null));
    }

    /**
     * Binarizes one batch in place for {@link #DYNAMIC}, drawing {@code
     * rng.uniforms(batch.length)}; does nothing for {@link #NONE}, and for {@link #STATIC}, whose
     * data {@link #prepare} already binarized.
     */
    public void apply(float[] batch, Rng rng) {
        if (this != DYNAMIC) {
            return;
        }
        double[] u = rng.uniforms(batch.length);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = u[i] < batch[i] ? 1f : 0f;
        }
    }

    /**
     * Returns the rows at {@code indices} on the host, binarized by {@link #apply} for {@link
     * #DYNAMIC} (drawing from {@code rng}), otherwise as {@link Dataset#rows} gives them.
     */
    public HostBatch rows(Dataset data, int[] indices, DType dtype, Rng rng) {
        if (this != DYNAMIC) {
            return data.rows(indices, dtype);
        }
        float[] x = data.gather(indices);
        apply(x, rng);
        if (dtype == DType.FLOAT32) {
            return HostBatch.ofFloats(indices, data.featureCount(), x);
        }
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return HostBatch.ofDoubles(indices, data.featureCount(), d);
    }

    /** Returns the lower-case name, as {@link #parse} accepts it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
