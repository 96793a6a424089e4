package org.vae4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.vae4j.core.data.Dataset;

/**
 * One worker's rows for one epoch, in the order it trains on them: its local batch {@code s} is
 * rows {@code s * batchSize} up to the next batch's first.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int worker;
    private final int size;
    private final int features;
    private final float[] values;
    private final int[] labels;

    /** Wraps the arrays, which the shard owns; {@code labels} is null for unlabelled rows. */
    Shard(int worker, int size, int features, float[] values, int[] labels) {
        this.worker = worker;
        this.size = size;
        this.features = features;
        this.values = values;
        this.labels = labels;
    }

    /** The worker that trains on these rows. */
    int worker() {
        return worker;
    }

    /** The number of rows. */
    int size() {
        return size;
    }

    /** The number of local batches of {@code batchSize} rows, the last one possibly shorter. */
    int batches(int batchSize) {
        return (size + batchSize - 1) / batchSize;
    }

    /** Returns rows {@code [from, to)} as a vae-core dataset. */
    Dataset rows(int from, int to) {
        return Dataset.ofFloats(
                Arrays.copyOfRange(values, from * features, to * features),
                to - from,
                features,
                labels == null ? null : Arrays.copyOfRange(labels, from, to));
    }
}
